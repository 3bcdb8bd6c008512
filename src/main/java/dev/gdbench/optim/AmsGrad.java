package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AMSGrad (Reddi, Kale and Kumar 2018), torch.optim.Adam(amsgrad=True) convention: Adam's moments,
 * vmax = max(vmax, v), x -= (lr / (1 - beta1^t)) m / (sqrt(vmax) / sqrt(1 - beta2^t) + eps).
 */
public final class AmsGrad extends ElementwiseRule {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "amsgrad", "AMSGrad (torch Adam amsgrad=True): Adam with the running maximum of v",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.EPSILON),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.999, HyperParameter.EPSILON, 1e-8),
            p -> new AmsGrad(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1),
                    p.get(HyperParameter.BETA2), p.get(HyperParameter.EPSILON)),
            Optional.empty());

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public AmsGrad(double learningRate, double beta1, double beta2, double epsilon) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public int stateVectors() {
        return 3;
    }

    /** Adam's 13 plus the running maximum of v. */
    @Override
    public int flopsPerElement() {
        return 14;
    }

    /** The bias corrections change with t. */
    @Override
    public boolean stepScalarsVary() {
        return true;
    }

    @Override
    public double[] stepScalars(int iteration, double lr) {
        return Adam.biasCorrected(iteration, lr, beta1, beta2);
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        Adam.step(stepScalars(iteration, lr), beta1, beta2, epsilon, x, gradient, state[0], state[1], state[2]);
    }
}
