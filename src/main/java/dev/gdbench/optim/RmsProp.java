package dev.gdbench.optim;

import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RMSprop (Hinton, lecture 6e), torch.optim.RMSprop convention (not centered, no momentum):
 * v = alpha v + (1 - alpha) g^2; x -= lr g / (sqrt(v) + eps). No bias correction, so the first
 * steps are about lr / sqrt(1 - alpha) = 10 lr at alpha = 0.99.
 */
public final class RmsProp extends ElementwiseRule {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "rmsprop", "RMSprop (torch convention): v = alpha v + (1-alpha) g^2; x -= lr g / (sqrt(v) + eps)",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.ALPHA, HyperParameter.EPSILON),
            Map.of(HyperParameter.ALPHA, 0.99, HyperParameter.EPSILON, 1e-8),
            p -> new RmsProp(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.ALPHA),
                    p.get(HyperParameter.EPSILON)),
            Optional.empty());

    private final double alpha;
    private final double epsilon;

    public RmsProp(double learningRate, double alpha, double epsilon) {
        super(DESCRIPTOR, learningRate, alpha, epsilon);
        this.alpha = alpha;
        this.epsilon = epsilon;
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    /** v: 4 (g g, two scalings, add); x: 5 (sqrt, add eps, divide, scale, subtract). */
    @Override
    public int flopsPerElement() {
        return 9;
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        Vec square = state[0];
        // In fp32 the vector part goes through Fp32Lanes (the same bits); this loop does the rest.
        int i = FloatVec.LANES_ENABLED && x instanceof FloatVec x32 && gradient instanceof FloatVec g32
                && square instanceof FloatVec s32
                ? Fp32Lanes.squaredGradientStep(alpha, 1 - alpha, lr, epsilon, x32, g32, s32) : 0;
        for (; i < x.length(); i++) {
            double g = gradient.get(i);
            double v = alpha * square.get(i) + (1 - alpha) * g * g;
            square.set(i, v);
            x.set(i, x.get(i) - lr * g / (Math.sqrt(v) + epsilon));
        }
    }
}
