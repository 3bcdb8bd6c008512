package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;

/**
 * AMSGrad (Reddi, Kale and Kumar 2018), torch.optim.Adam(amsgrad=True) convention: Adam's moments,
 * vmax = max(vmax, v), x -= (lr / (1 - beta1^t)) m / (sqrt(vmax) / sqrt(1 - beta2^t) + eps).
 */
public final class AmsGrad extends AdamFamily {
    public static final OptimizerDescriptor DESCRIPTOR = AdamFamily.descriptor(
            "amsgrad", "AMSGrad (torch Adam amsgrad=True): Adam with the running maximum of v", AmsGrad::new);

    public AmsGrad(double learningRate, double beta1, double beta2, double epsilon) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon);
    }

    /** m, v and the running maximum of v. */
    @Override
    public int stateVectors() {
        return 3;
    }

    /** Adam's 13 plus the running maximum of v. */
    @Override
    public int flopsPerElement() {
        return 14;
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        adamStep(stepScalars(iteration, lr), x, gradient, state, state[2]);
    }
}
