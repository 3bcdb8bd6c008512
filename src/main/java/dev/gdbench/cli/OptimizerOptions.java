package dev.gdbench.cli;

import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.LineSearchDescent;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.WeightDecayed;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.ParamValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import java.util.function.DoubleFunction;
import java.util.stream.DoubleStream;
import picocli.CommandLine.Option;

/** Which optimizers to run and the values of their hyper-parameters (each a list, range or 'optimal'). */
final class OptimizerOptions {
    /**
     * The default step-size grid, relative to L: from far below 1/L to past heavy ball's stability
     * edge 2(1 + beta)/L (about 4/L at large kappa), plus theory's optimum.
     */
    static final String DEFAULT_LR_SCALE = "0.02:4:log32,optimal";
    static final String DEFAULT_LR_SCALE_TEXT = "32 step sizes from 0.02/L to 4/L plus theory's optimum";

    @Option(names = "--optimizers", defaultValue = "gd,heavyball,nesterov,adam", paramLabel = "LIST",
            description = "Optimizers to compare: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Names.class)
    String optimizers;

    @Option(names = "--lr", paramLabel = "LIST",
            description = "Absolute step sizes > 0 (list, a:b:step, a:b:logN), or 'optimal' (theory's optimum per instance).")
    String learningRates;

    @Option(names = "--lr-scale", paramLabel = "LIST",
            description = "Step sizes relative to the instance: lr = s/L (list or range), or 'optimal'. "
                    + "Default when --lr is not given: " + DEFAULT_LR_SCALE + ".")
    String learningRateScales;

    @Option(names = "--momentum", defaultValue = "optimal", paramLabel = "LIST",
            description = "heavyball/nesterov momentum beta in [0, 1), or 'optimal'. Default: ${DEFAULT-VALUE}.")
    String momentum;

    @Option(names = "--beta1", paramLabel = "LIST", description = "adam/adamw/amsgrad/nadam/radam/lion beta1 in [0, 1). Default: 0.9 (torch, optax).")
    String beta1;

    @Option(names = "--beta2", paramLabel = "LIST", description = "adam/adamw/amsgrad/nadam/radam/lion beta2 in [0, 1). Default: 0.999 (torch; lion 0.99, optax).")
    String beta2;

    @Option(names = "--eps", paramLabel = "LIST",
            description = "epsilon > 0 of the adaptive rules. Default: each rule's torch default (1e-8; adagrad 1e-10).")
    String epsilon;

    @Option(names = "--weight-decay", paramLabel = "LIST",
            description = "Weight decay wd >= 0 for every rule but the line searches: coupled, an L2 term g + wd x "
                    + "(torch's weight_decay), or with --decoupled-weight-decay x *= 1 - lr wd before the step. adamw "
                    + "decays decoupled always, as lion does (optax). Default: none (adamw 1e-2, torch's; lion 1e-3, optax's).")
    String weightDecay;

    @Option(names = "--decoupled-weight-decay",
            description = "Apply --weight-decay decoupled from the gradient, x *= 1 - lr wd (torch's decoupled_weight_decay).")
    boolean decoupledWeightDecay;

    @Option(names = "--alpha", paramLabel = "LIST",
            description = "rmsprop smoothing alpha in [0, 1) (torch's name). Default: 0.99 (torch).")
    String alpha;

    @Option(names = "--lr-decay", paramLabel = "LIST",
            description = "adagrad lr_decay >= 0: lr_t = lr / (1 + (t - 1) lr_decay). Default: 0 (torch).")
    String learningRateDecay;

    @Option(names = "--momentum-decay", paramLabel = "LIST",
            description = "nadam momentum_decay psi >= 0: mu_t = beta1 (1 - 0.5 * 0.96^(t psi)). Default: 4e-3 (torch).")
    String momentumDecay;

    @Option(names = "--line-search", paramLabel = "LIST",
            description = "Runs gd with each listed step rule instead of the constant step: none (constant lr), exact "
                    + "(quadratics: a = g.g/g.Ag), armijo (backtracking from a0 = lr), wolfe (strong Wolfe, zoom). "
                    + "The same as naming gd-exact, gd-armijo, gd-wolfe in --optimizers.")
    String lineSearch;

    @Option(names = "--armijo-c", paramLabel = "LIST",
            description = "Sufficient-decrease constant c1 in (0, 1) of armijo and wolfe. Default: 1e-4.")
    String armijoC;

    @Option(names = "--backtrack", paramLabel = "LIST", description = "armijo backtracking factor in (0, 1). Default: 0.5.")
    String backtrack;

    @Option(names = "--wolfe-c2", paramLabel = "LIST",
            description = "Strong-Wolfe curvature constant c2 in (c1, 1). Default: 0.9.")
    String wolfeC2;

    static final class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            super(Optimizers.names());
        }
    }

    /** The flags that set a hyper-parameter: --lr and --lr-scale for lr, --NAME (dashes for underscores) for the others. */
    static List<String> flags(String hyperParameter) {
        return HyperParameter.LEARNING_RATE.equals(hyperParameter) ? List.of("--lr", "--lr-scale")
                : List.of("--" + hyperParameter.replace('_', '-'));
    }

    List<OptimizerDescriptor> descriptors() {
        List<OptimizerDescriptor> descriptors = new ArrayList<>();
        for (String name : optimizers.split(",")) {
            OptimizerDescriptor descriptor = Optimizers.find(name.trim()).orElseThrow(() -> new InvalidInputException(
                    "--optimizers", "'" + name + "' is not one of " + Optimizers.names()));
            descriptors.addAll(withLineSearches(descriptor));
        }
        if (lineSearch != null && descriptors.stream().noneMatch(d -> d == GradientDescent.DESCRIPTOR
                || LineSearchDescent.DESCRIPTORS.contains(d))) {
            throw new InvalidInputException("--line-search", "applies to gd, which --optimizers does not include");
        }
        return ValueLists.distinct(descriptors.stream().map(this::withWeightDecay).toList());
    }

    /** A rule with a kernel (every element-wise one) takes --weight-decay as a transform unless it has its own decay. */
    private OptimizerDescriptor withWeightDecay(OptimizerDescriptor descriptor) {
        if (decoupledWeightDecay && weightDecay == null) {
            throw new InvalidInputException("--decoupled-weight-decay", "applies to --weight-decay, which is not given");
        }
        if (weightDecay == null || descriptor.kernel().isEmpty()
                || descriptor.hyperParameters().contains(HyperParameter.WEIGHT_DECAY)) {
            return descriptor;
        }
        return descriptor.withWeightDecay(decoupledWeightDecay ? WeightDecayed.Coupling.DECOUPLED
                : WeightDecayed.Coupling.COUPLED);
    }

    /** gd becomes one descriptor per --line-search item (none: gd itself); other optimizers stay as they are. */
    private List<OptimizerDescriptor> withLineSearches(OptimizerDescriptor descriptor) {
        if (lineSearch == null || descriptor != GradientDescent.DESCRIPTOR) {
            return List.of(descriptor);
        }
        List<OptimizerDescriptor> selected = new ArrayList<>();
        for (String name : lineSearch.split(",")) {
            String trimmed = name.trim();
            selected.add(trimmed.equals("none") ? descriptor : LineSearchDescent.withLineSearch(trimmed).orElseThrow(
                    () -> new InvalidInputException("--line-search", "'" + trimmed
                            + "' is not one of none, exact, armijo, wolfe")));
        }
        return selected;
    }

    Map<String, List<ParamValue>> hyperParameters() {
        if (learningRates != null && learningRateScales != null) {
            throw new InvalidInputException("--lr", "give either --lr or --lr-scale, not both");
        }
        Map<String, List<ParamValue>> values = new LinkedHashMap<>();
        DoublePredicate positive = v -> v > 0 && Double.isFinite(v);
        values.put(HyperParameter.LEARNING_RATE, learningRates != null
                ? values("--lr", learningRates, positive, "a finite number > 0", ParamValue.Absolute::new)
                : values("--lr-scale", learningRateScales == null ? DEFAULT_LR_SCALE : learningRateScales, positive,
                        "a finite number > 0", ParamValue.RelativeToSmoothness::new));
        DoublePredicate unitInterval = v -> v >= 0 && v < 1;
        values.put(HyperParameter.MOMENTUM, values("--momentum", momentum, unitInterval, "in [0, 1)", ParamValue.Absolute::new));
        DoublePredicate nonNegative = v -> v >= 0 && Double.isFinite(v);
        putGiven(values, HyperParameter.BETA1, "--beta1", beta1, unitInterval, "in [0, 1)");
        putGiven(values, HyperParameter.BETA2, "--beta2", beta2, unitInterval, "in [0, 1)");
        putGiven(values, HyperParameter.EPSILON, "--eps", epsilon, positive, "a finite number > 0");
        putGiven(values, HyperParameter.WEIGHT_DECAY, "--weight-decay", weightDecay, nonNegative, "finite and >= 0");
        putGiven(values, HyperParameter.ALPHA, "--alpha", alpha, unitInterval, "in [0, 1)");
        DoublePredicate openUnitInterval = v -> v > 0 && v < 1;
        putGiven(values, HyperParameter.ARMIJO_C, "--armijo-c", armijoC, openUnitInterval, "in (0, 1)");
        putGiven(values, HyperParameter.BACKTRACK, "--backtrack", backtrack, openUnitInterval, "in (0, 1)");
        putGiven(values, HyperParameter.WOLFE_C2, "--wolfe-c2", wolfeC2, openUnitInterval, "in (0, 1)");
        putGiven(values, HyperParameter.LR_DECAY, "--lr-decay", learningRateDecay, nonNegative, "finite and >= 0");
        putGiven(values, HyperParameter.MOMENTUM_DECAY, "--momentum-decay", momentumDecay, nonNegative, "finite and >= 0");
        requireCurvatureAboveDecrease(descriptors(), values);
        return values;
    }

    /**
     * The strong Wolfe conditions need 0 < c1 < c2 < 1 (Nocedal and Wright, 3.7): with c2 <= c1 a
     * search may find no step and every configuration runs to --max-iters. The grid crosses both
     * lists, so the largest c1 must stay below the smallest c2; a flag left out counts with its default.
     */
    private static void requireCurvatureAboveDecrease(List<OptimizerDescriptor> descriptors,
                                                      Map<String, List<ParamValue>> values) {
        for (OptimizerDescriptor descriptor : descriptors) {
            if (!descriptor.hyperParameters().containsAll(List.of(HyperParameter.ARMIJO_C, HyperParameter.WOLFE_C2))) {
                continue;
            }
            OptionalDouble largestDecrease = absoluteValues(descriptor, HyperParameter.ARMIJO_C, values).max();
            OptionalDouble smallestCurvature = absoluteValues(descriptor, HyperParameter.WOLFE_C2, values).min();
            if (largestDecrease.isPresent() && smallestCurvature.isPresent()
                    && smallestCurvature.getAsDouble() <= largestDecrease.getAsDouble()) {
                throw new InvalidInputException("--wolfe-c2", smallestCurvature.getAsDouble()
                        + (values.containsKey(HyperParameter.WOLFE_C2) ? "" : " (the default)")
                        + " is not allowed with --armijo-c " + largestDecrease.getAsDouble() + ": c2 must be in (c1, 1)");
            }
        }
    }

    private static DoubleStream absoluteValues(OptimizerDescriptor descriptor, String name,
                                               Map<String, List<ParamValue>> values) {
        List<ParamValue> given = values.getOrDefault(name, List.of(new ParamValue.Absolute(descriptor.defaults().get(name))));
        return given.stream().filter(ParamValue.Absolute.class::isInstance)
                .mapToDouble(v -> ((ParamValue.Absolute) v).value());
    }

    /** Values for a flag the user gave; a flag left out lets each optimizer take its own (torch) default. */
    private static void putGiven(Map<String, List<ParamValue>> values, String name, String flag, String text,
                                 DoublePredicate allowed, String allowedText) {
        if (text != null) {
            values.put(name, values(flag, text, allowed, allowedText, ParamValue.Absolute::new));
        }
    }

    /** A list whose items are numbers, ranges, or the word 'optimal'. */
    private static List<ParamValue> values(String flag, String text, DoublePredicate allowed, String allowedText,
                                           DoubleFunction<ParamValue> wrap) {
        List<ParamValue> values = new ArrayList<>();
        for (String item : text.split(",")) {
            if (item.trim().equals("optimal")) {
                values.add(ParamValue.OPTIMAL);
                continue;
            }
            for (double value : ValueLists.parse(flag, item)) {
                if (!allowed.test(value)) {
                    throw new InvalidInputException(flag, value + " is not allowed: values must be " + allowedText
                            + " (or 'optimal')");
                }
                values.add(wrap.apply(value));
            }
        }
        return ValueLists.distinct(values);
    }
}
