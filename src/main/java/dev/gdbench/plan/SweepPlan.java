package dev.gdbench.plan;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outer product of a {@link SweepSpec}: problem instances (dimension x kappa x seed), each a
 * batch of configurations (optimizer x its hyper-parameters). Configuration ids follow the
 * expansion order, so the same command numbers configurations the same way every time.
 */
public final class SweepPlan {
    private final List<BatchPlan> batches;

    private SweepPlan(List<BatchPlan> batches) {
        this.batches = List.copyOf(batches);
    }

    /** A plan of these batches, as expanded elsewhere (a shard's slice of a whole plan). */
    static SweepPlan of(List<BatchPlan> batches) {
        return new SweepPlan(batches);
    }

    public List<BatchPlan> batches() {
        return batches;
    }

    public int configurationCount() {
        return batches.stream().mapToInt(b -> b.configurations().size()).sum();
    }

    public static SweepPlan expand(SweepSpec spec) {
        List<ProblemSpec> instances = new ArrayList<>();
        for (long seed : spec.seeds()) {
            if (spec.eigenvalues() != null) {
                instances.add(problemSpec(spec, spec.eigenvalues().length, Double.NaN, seed));
                continue;
            }
            // kappa is an axis of the quadratic families only; the others are what their data makes them.
            List<Double> kappas = spec.problem().hasConstantHessian() ? spec.kappas() : List.of(Double.NaN);
            for (int n : spec.dims()) {
                for (double kappa : kappas) {
                    instances.add(problemSpec(spec, n, kappa, seed));
                }
            }
        }
        Map<OptimizerDescriptor, List<Map<String, ParamValue>>> grids = new LinkedHashMap<>();
        for (OptimizerDescriptor optimizer : spec.optimizers()) {
            grids.put(optimizer, grid(optimizer, spec.hyperParameters()));
        }
        List<BatchPlan> batches = new ArrayList<>();
        int id = 0;
        for (ProblemSpec instance : instances) {
            List<ConfigurationSpec> configurations = new ArrayList<>();
            for (var entry : grids.entrySet()) {
                for (Map<String, ParamValue> values : entry.getValue()) {
                    configurations.add(new ConfigurationSpec(id++, entry.getKey(), values, spec.transforms()));
                }
            }
            batches.add(new BatchPlan(instance, configurations));
        }
        return new SweepPlan(batches);
    }

    private static ProblemSpec problemSpec(SweepSpec spec, int n, double kappa, long seed) {
        return new ProblemSpec(spec.problem(), n, kappa, spec.spectrum(), spec.diagonal(), spec.eigenvalues(),
                spec.rotate(), spec.initialPoint(), spec.minimizer(), spec.rows(), spec.ridge(), seed);
    }

    /** The outer product of the optimizer's hyper-parameter values, in the order it lists them. */
    private static List<Map<String, ParamValue>> grid(OptimizerDescriptor optimizer,
                                                      Map<String, List<ParamValue>> given) {
        List<Map<String, ParamValue>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (String name : optimizer.hyperParameters()) {
            List<ParamValue> values = valuesFor(optimizer, name, given);
            List<Map<String, ParamValue>> extended = new ArrayList<>();
            for (Map<String, ParamValue> partial : grid) {
                for (ParamValue value : values) {
                    Map<String, ParamValue> next = new LinkedHashMap<>(partial);
                    next.put(name, value);
                    extended.add(next);
                }
            }
            grid = extended;
        }
        return grid;
    }

    /**
     * The values of one hyper-parameter for one optimizer. 'optimal' is dropped for optimizers
     * without a theory (so one list can serve gd and adam alike) unless nothing else is left.
     */
    private static List<ParamValue> valuesFor(OptimizerDescriptor optimizer, String name,
                                              Map<String, List<ParamValue>> given) {
        List<ParamValue> values = given.get(name);
        if (values == null) {
            Double fallback = optimizer.defaults().get(name);
            if (fallback == null) {
                throw new InvalidInputException("--" + name, "no value given for " + optimizer.name());
            }
            return List.of(new ParamValue.Absolute(fallback));
        }
        if (optimizer.optimalTuning().isPresent()) {
            return values;
        }
        List<ParamValue> numeric = values.stream().filter(v -> !(v instanceof ParamValue.Optimal)).toList();
        if (numeric.isEmpty()) {
            throw new InvalidInputException(flagOf(name), "'optimal' comes from theory, which " + optimizer.name()
                    + " does not have; give numeric values too");
        }
        return numeric;
    }

    private static String flagOf(String name) {
        return HyperParameter.LEARNING_RATE.equals(name) ? "--lr/--lr-scale" : "--" + name.replace('_', '-');
    }

    /** Builds the problem instance of a batch and resolves every configuration against it. */
    public static Batch realize(BatchPlan plan) {
        Problem problem = ProblemFactory.build(plan.problem());
        return realize(plan, problem, problem.strongConvexity(), problem.smoothness());
    }

    /**
     * Resolves every configuration of a batch against the given mu and L (lr-scale s is s / L,
     * 'optimal' theory's tuning for them): the problem's own, or where it has none the local ones a
     * map takes from the Hessian at the minimum.
     */
    public static Batch realize(BatchPlan plan, Problem problem, double mu, double smoothness) {
        List<Configuration> configurations = new ArrayList<>();
        for (ConfigurationSpec spec : plan.configurations()) {
            OptimizerDescriptor optimizer = spec.optimizer();
            Map<String, Double> optimal = optimizer.optimalTuning().map(t -> t.optimal(mu, smoothness)).orElse(Map.of());
            Map<String, Double> values = new LinkedHashMap<>();
            for (var entry : spec.values().entrySet()) {
                String name = entry.getKey();
                double value;
                if (entry.getValue() instanceof ParamValue.Absolute absolute) {
                    value = absolute.value();
                } else if (entry.getValue() instanceof ParamValue.RelativeToSmoothness relative) {
                    if (!Double.isFinite(smoothness)) {
                        throw new InvalidInputException("--lr-scale", plan.problem().kind().cliName()
                                + " has no known L; give --lr instead");
                    }
                    value = relative.scale() / smoothness;
                } else {
                    Double fromTheory = optimal.get(name);
                    if (fromTheory == null) {
                        throw new InvalidInputException(flagOf(name), "theory gives no optimal " + name
                                + " for " + optimizer.name());
                    }
                    value = fromTheory;
                }
                values.put(name, value);
            }
            configurations.add(new Configuration(spec.id(), optimizer, values, spec.transforms(),
                    spec.transforms().wrap(optimizer.create(values))));
        }
        return new Batch(plan.problem(), problem, configurations);
    }
}
