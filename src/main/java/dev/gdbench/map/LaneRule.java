package dev.gdbench.map;

import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.Nesterov;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.UpdateRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules the map engine runs lane-wise, one per optim class. Each lane step in
 * {@link SmallProblemEngine} performs that class's update with the same operations in the same
 * order (what MapEqualsSweepTest checks bit for bit), so the formulas live in optim/ and here
 * only as their vector transcription.
 */
public enum LaneRule {
    /** {@link GradientDescent#update}: x -= lr g. */
    GD(GradientDescent.DESCRIPTOR),
    /** {@link HeavyBall#update}: v = beta v + g; x -= lr v. */
    HEAVY_BALL(HeavyBall.DESCRIPTOR),
    /** {@link Nesterov#update}: v = beta v + g; x -= lr (g + beta v). */
    NESTEROV(Nesterov.DESCRIPTOR);

    private final OptimizerDescriptor descriptor;

    LaneRule(OptimizerDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    public OptimizerDescriptor descriptor() {
        return descriptor;
    }

    public static Optional<LaneRule> of(OptimizerDescriptor descriptor) {
        return Arrays.stream(values()).filter(r -> r.descriptor == descriptor).findFirst();
    }

    /** The optimizers a map runs, by name, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(r -> r.descriptor.name()).toList();
    }

    boolean hasMomentum() {
        return descriptor.hyperParameters().contains(HyperParameter.MOMENTUM);
    }

    /** The optim rule of one lane: what theory predicts for, and what sweep would run. */
    public UpdateRule rule(double learningRate, double momentum) {
        return descriptor.create(hasMomentum()
                ? Map.of(HyperParameter.LEARNING_RATE, learningRate, HyperParameter.MOMENTUM, momentum)
                : Map.of(HyperParameter.LEARNING_RATE, learningRate));
    }
}
