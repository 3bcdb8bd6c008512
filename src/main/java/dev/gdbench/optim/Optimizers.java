package dev.gdbench.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of optimizers by command-line name: the CLI, the CUDA kernel table, {@code verify}'s
 * random rules, the update benchmark and the kernels' host check all read it. A new element-wise
 * rule is its class (with its descriptor) listed here, its functor line in kernels/updates.cu and
 * its tests.
 */
public final class Optimizers {
    private static final Map<String, OptimizerDescriptor> BY_NAME = new LinkedHashMap<>();

    static {
        for (OptimizerDescriptor d : List.of(GradientDescent.DESCRIPTOR, HeavyBall.DESCRIPTOR,
                Nesterov.DESCRIPTOR, Adam.DESCRIPTOR, AdaGrad.DESCRIPTOR, RmsProp.DESCRIPTOR, AdamW.DESCRIPTOR,
                AmsGrad.DESCRIPTOR, NAdam.DESCRIPTOR, RAdam.DESCRIPTOR,
                Lion.DESCRIPTOR)) {
            BY_NAME.put(d.name(), d);
        }
        for (OptimizerDescriptor d : LineSearchDescent.DESCRIPTORS) {
            BY_NAME.put(d.name(), d);
        }
    }

    private Optimizers() {}

    public static Optional<OptimizerDescriptor> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every hyper-parameter name any optimizer takes, lr first: the hyper-parameter columns of results.csv. */
    public static List<String> allHyperParameters() {
        return BY_NAME.values().stream().flatMap(d -> d.hyperParameters().stream()).distinct().toList();
    }

    /** The rules with an update kernel, in registry order (adamw runs adam's, with the decay transform). */
    public static List<OptimizerDescriptor> withKernels() {
        return BY_NAME.values().stream().filter(d -> d.kernel().isPresent()).toList();
    }

    /** The update kernel families, each once, in registry order: kernels/updates.cu's GDBENCH_RULES. */
    public static List<String> kernels() {
        return withKernels().stream().map(d -> d.kernel().orElseThrow()).distinct().toList();
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
