package dev.gdbench.map;

import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.Nesterov;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.theory.LinearRateTheory;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    NESTEROV(Nesterov.DESCRIPTOR),
    /**
     * {@link Adam#update}: m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
     * x -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps), c = 1 - beta^t. Not linear: no theory.
     */
    ADAM(Adam.DESCRIPTOR);

    /** Where a lane's hyper-parameters sit in its descriptor's order (lr is always first). */
    static final int MOMENTUM = HeavyBall.DESCRIPTOR.hyperParameters().indexOf(HyperParameter.MOMENTUM);
    public static final int ADAM_BETA1 = Adam.DESCRIPTOR.hyperParameters().indexOf(HyperParameter.BETA1);
    public static final int ADAM_BETA2 = Adam.DESCRIPTOR.hyperParameters().indexOf(HyperParameter.BETA2);
    static final int ADAM_EPSILON = Adam.DESCRIPTOR.hyperParameters().indexOf(HyperParameter.EPSILON);

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

    /** Whether theory (LinearRateTheory) speaks for this rule: a fixed linear step, so a rate and a stability limit. */
    public boolean linear() {
        Map<String, Double> values = new LinkedHashMap<>(descriptor.defaults());
        values.put(HyperParameter.LEARNING_RATE, 1.0);
        return LinearRateTheory.applies(descriptor.create(values));
    }

    public boolean hasMomentum() {
        return descriptor.hyperParameters().contains(HyperParameter.MOMENTUM);
    }

    /**
     * Adam's first bias correction 1 - beta1^t at step t, as optim.Adam computes it (Math.pow): the
     * lanes' and the GPU map's (which tabulates it on the host, for no device pow rounds as Math.pow).
     */
    public static double adamFirstCorrection(double beta1, int t) {
        return 1 - Math.pow(beta1, t);
    }

    /** sqrt(1 - beta2^t), Adam's second bias correction's square root at step t, as optim.Adam computes it. */
    public static double adamSqrtSecondCorrection(double beta2, int t) {
        return Math.sqrt(1 - Math.pow(beta2, t));
    }

    /** The optim rule of one lane, its values in the descriptor's order: what theory predicts for, and what sweep would run. */
    public UpdateRule rule(double... values) {
        List<String> names = descriptor.hyperParameters();
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            byName.put(names.get(k), values[k]);
        }
        return descriptor.create(byName);
    }
}
