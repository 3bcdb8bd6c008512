package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gradient descent whose step a line search picks each iteration: x -= a g. The descriptors are
 * registered as gd-exact, gd-armijo and gd-wolfe; --line-search selects them in place of gd.
 */
public final class LineSearchDescent implements UpdateRule, ObjectiveStep {
    public static final OptimizerDescriptor EXACT = new OptimizerDescriptor(
            "gd-exact", "gd with exact line search on quadratics: a = g.g / g.Ag",
            List.of(), Map.of(), p -> new LineSearchDescent(new LineSearch.Exact(), Double.NaN, Map.of()),
            Optional.empty());

    public static final OptimizerDescriptor ARMIJO = new OptimizerDescriptor(
            "gd-armijo", "gd with backtracking Armijo line search from a0 = lr",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.ARMIJO_C, HyperParameter.BACKTRACK),
            Map.of(HyperParameter.ARMIJO_C, 1e-4, HyperParameter.BACKTRACK, 0.5),
            p -> new LineSearchDescent(new LineSearch.Armijo(p.get(HyperParameter.ARMIJO_C),
                    p.get(HyperParameter.BACKTRACK)), p.get(HyperParameter.LEARNING_RATE), p),
            Optional.empty());

    public static final OptimizerDescriptor WOLFE = new OptimizerDescriptor(
            "gd-wolfe", "gd with strong-Wolfe line search (bracket from a0 = lr, zoom)",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.ARMIJO_C, HyperParameter.WOLFE_C2),
            Map.of(HyperParameter.ARMIJO_C, 1e-4, HyperParameter.WOLFE_C2, 0.9),
            p -> new LineSearchDescent(new LineSearch.Wolfe(p.get(HyperParameter.ARMIJO_C),
                    p.get(HyperParameter.WOLFE_C2)), p.get(HyperParameter.LEARNING_RATE), p),
            Optional.empty());

    public static final List<OptimizerDescriptor> DESCRIPTORS = List.of(EXACT, ARMIJO, WOLFE);

    private final LineSearch search;
    private final double initialStep;
    private final Map<String, Double> hyperParameters;

    LineSearchDescent(LineSearch search, double initialStep, Map<String, Double> hyperParameters) {
        this.search = search;
        this.initialStep = initialStep;
        this.hyperParameters = new LinkedHashMap<>(hyperParameters);
    }

    /** The gd descriptor with each line search, by its --line-search name. */
    public static Optional<OptimizerDescriptor> withLineSearch(String name) {
        return switch (name) {
            case "exact" -> Optional.of(EXACT);
            case "armijo" -> Optional.of(ARMIJO);
            case "wolfe" -> Optional.of(WOLFE);
            default -> Optional.empty();
        };
    }

    @Override
    public String name() {
        return "gd-" + search.label();
    }

    @Override
    public int stateVectors() {
        return 0;
    }

    /** The first trial step (NaN for the exact search, which has none). */
    @Override
    public double learningRate() {
        return initialStep;
    }

    /** No fixed step: the search picks one per iteration (lr is only its first trial). */
    @Override
    public double learningRateAt(int iteration) {
        return Double.NaN;
    }

    @Override
    public Map<String, Double> hyperParameters() {
        return hyperParameters;
    }

    /**
     * The accepted step x -= eta g (2); the search's trial evaluations are counted as function and
     * gradient evaluations (results.csv), not as element work.
     */
    @Override
    public int flopsPerElement() {
        return 2;
    }

    /** Unreachable through a backend, which calls the objective-aware update; a step without f cannot search. */
    @Override
    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {
        throw new UnsupportedOperationException(name() + " needs the column objective");
    }

    @Override
    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state,
                       ColumnObjective objective) {
        double[] g = gradient.toArray();
        LineSearch.Step step = search.search(objective, x.toArray(), g, learningRate);
        for (int i = 0; i < x.length(); i++) {
            x.set(i, x.get(i) - step.step() * g[i]);
        }
    }
}
