package dev.gdbench.optim;

import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011), torch.optim.Adagrad convention (initial accumulator 0):
 * lr_t = lr / (1 + (t - 1) lr_decay); s += g^2; x -= lr_t g / (sqrt(s) + eps).
 */
public final class AdaGrad extends ElementwiseRule {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "adagrad", "AdaGrad (torch convention): s += g^2; x -= lr g / (sqrt(s) + eps)",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.LR_DECAY, HyperParameter.EPSILON),
            Map.of(HyperParameter.LR_DECAY, 0.0, HyperParameter.EPSILON, 1e-10),
            p -> new AdaGrad(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.LR_DECAY),
                    p.get(HyperParameter.EPSILON)),
            Optional.empty());

    private final double learningRateDecay;
    private final double epsilon;

    public AdaGrad(double learningRate, double learningRateDecay, double epsilon) {
        super(DESCRIPTOR, learningRate, learningRateDecay, epsilon);
        this.learningRateDecay = learningRateDecay;
        this.epsilon = epsilon;
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    /** sum: 2 (g g, add); x: 5 (sqrt, add eps, divide, scale, subtract). */
    @Override
    public int flopsPerElement() {
        return 7;
    }

    /** lr_decay enters through the decayed step size (stepScalars). */
    @Override
    public Map<String, Double> kernelConstants() {
        return Map.of(HyperParameter.EPSILON, epsilon);
    }

    @Override
    public boolean stepScalarsVary() {
        return learningRateDecay != 0;
    }

    /** The decayed step size lr / (1 + (t - 1) lr_decay). */
    @Override
    public double[] stepScalars(int iteration, double lr) {
        return new double[] {lr / (1 + (iteration - 1) * learningRateDecay)};
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        Vec sum = state[0];
        double stepSize = stepScalars(iteration, lr)[0];
        // In fp32 the vector part goes through Fp32Lanes (the same bits); this loop does the rest.
        int i = FloatVec.LANES_ENABLED && x instanceof FloatVec x32 && gradient instanceof FloatVec g32
                && sum instanceof FloatVec s32 ? Fp32Lanes.squaredGradientStep(1, 1, stepSize, epsilon, x32, g32, s32) : 0;
        for (; i < x.length(); i++) {
            double g = gradient.get(i);
            double s = sum.get(i) + g * g;
            sum.set(i, s);
            x.set(i, x.get(i) - stepSize * g / (Math.sqrt(s) + epsilon));
        }
    }
}
