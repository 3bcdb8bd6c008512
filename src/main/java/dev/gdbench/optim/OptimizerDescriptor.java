package dev.gdbench.optim;

import java.util.List;
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
}
