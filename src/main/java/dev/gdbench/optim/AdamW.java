package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AdamW (Loshchilov and Hutter 2019), torch.optim.AdamW convention: decoupled weight decay
 * x *= 1 - lr wd, then the Adam step on the unmodified gradient. Adam with L2 would instead feed
 * g + wd x through the moments, where the adaptive denominator rescales the decay per element.
 */
public final class AdamW extends ElementwiseRule {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "adamw", "AdamW (torch convention): x *= 1 - lr wd, then the Adam step",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.EPSILON,
                    HyperParameter.WEIGHT_DECAY),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.999, HyperParameter.EPSILON, 1e-8,
                    HyperParameter.WEIGHT_DECAY, 1e-2),
            p -> new AdamW(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1),
                    p.get(HyperParameter.BETA2), p.get(HyperParameter.EPSILON), p.get(HyperParameter.WEIGHT_DECAY)),
            Optional.empty());

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    @Override
    public int stateVectors() {
        return 2;
    }

    /** The decoupled decay (one scaling) plus Adam's 13. */
    @Override
    public int flopsPerElement() {
        return 14;
    }

    /** Adam's: the decay enters through the factor 1 - lr wd of stepScalars. */
    @Override
    public Map<String, Double> kernelConstants() {
        return Adam.constants(beta1, beta2, epsilon);
    }

    /** The bias corrections change with t. */
    @Override
    public boolean stepScalarsVary() {
        return true;
    }

    /** Adam's {lr / c1, sqrt(c2)}, then the decay factor 1 - lr wd. */
    @Override
    public double[] stepScalars(int iteration, double lr) {
        double[] adam = Adam.biasCorrected(iteration, lr, beta1, beta2);
        return new double[] {adam[0], adam[1], 1 - lr * weightDecay};
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        double[] scalars = stepScalars(iteration, lr);
        double shrink = scalars[2];
        for (int i = 0; i < x.length(); i++) {
            x.set(i, x.get(i) * shrink);
        }
        Adam.step(scalars, beta1, beta2, epsilon, x, gradient, state[0], state[1], null);
    }
}
