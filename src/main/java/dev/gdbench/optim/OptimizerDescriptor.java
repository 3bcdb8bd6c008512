package dev.gdbench.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the sweep planner needs to know of an optimizer without instantiating it: its name, the
 * hyper-parameters it takes (and their defaults), how to build it, and, where theory has one, its
 * optimal tuning for a quadratic with curvature in [mu, L].
 *
 * @param defaults values of the non-lr hyper-parameters used when the command line gives none
 * @param kernel   the CUDA kernel family that runs the rule element-wise ({@code update_<name>} in
 *                 kernels/updates.cu, suffixed _f32 or _f64), empty for rules without one (line
 *                 searches); the one place that pairs a rule with its kernel
 */
public record OptimizerDescriptor(String name, String summary, List<String> hyperParameters,
                                  Map<String, Double> defaults,
                                  Function<Map<String, Double>, UpdateRule> factory,
                                  Optional<OptimalTuning> optimalTuning, Optional<String> kernel) {

    /** A rule without an update kernel. */
    public OptimizerDescriptor(String name, String summary, List<String> hyperParameters, Map<String, Double> defaults,
                               Function<Map<String, Double>, UpdateRule> factory, Optional<OptimalTuning> optimalTuning) {
        this(name, summary, hyperParameters, defaults, factory, optimalTuning, Optional.empty());
    }

    /** An element-wise rule with its update kernel, update_NAME as kernels/updates.cu names it. */
    static OptimizerDescriptor elementwise(String name, String summary, List<String> hyperParameters,
                                           Map<String, Double> defaults, Function<Map<String, Double>, UpdateRule> factory,
                                           Optional<OptimalTuning> optimalTuning) {
        return new OptimizerDescriptor(name, summary, hyperParameters, defaults, factory, optimalTuning,
                Optional.of("update_" + name));
    }

    /** Optimal hyper-parameters (lr and, where it has one, momentum) on a quadratic with spectrum in [mu, L]. */
    @FunctionalInterface
    public interface OptimalTuning {
        Map<String, Double> optimal(double mu, double smoothness);
    }

    public UpdateRule create(Map<String, Double> values) {
        return factory.apply(values);
    }

    /**
     * This rule with the weight decay transform around it ({@link WeightDecayed}) and weight_decay
     * among its hyper-parameters (no default: the command line gives it). Theory's tuning goes:
     * the decay changes the problem it was derived for.
     */
    public OptimizerDescriptor withWeightDecay(WeightDecayed.Coupling coupling) {
        List<String> names = new ArrayList<>(hyperParameters);
        names.add(HyperParameter.WEIGHT_DECAY);
        return new OptimizerDescriptor(name, summary + ", weight decay " + coupling.name().toLowerCase(Locale.ROOT),
                List.copyOf(names), defaults, new DecayedFactory(name, factory, coupling), Optional.empty(), kernel);
    }

    /** The coupling of a decay {@link #withWeightDecay} added; empty for a rule as registered. */
    public Optional<WeightDecayed.Coupling> addedWeightDecay() {
        return factory instanceof DecayedFactory decayed ? Optional.of(decayed.coupling()) : Optional.empty();
    }

    /** A record, so that two descriptors made alike are equal (sweeps key maps by descriptor). */
    private record DecayedFactory(String name, Function<Map<String, Double>, UpdateRule> rule,
                                  WeightDecayed.Coupling coupling) implements Function<Map<String, Double>, UpdateRule> {
        @Override
        public UpdateRule apply(Map<String, Double> values) {
            return new WeightDecayed(name, rule.apply(values), values.get(HyperParameter.WEIGHT_DECAY), coupling);
        }
    }
}
