package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;

/**
 * Adam (Kingma and Ba 2015), torch.optim.Adam convention: m = beta1 m + (1 - beta1) g;
 * v = beta2 v + (1 - beta2) g^2; x -= lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).
 * The bias corrections depend only on t, so they are computed once per step, not per element.
 */
public final class Adam extends AdamFamily {
    public static final OptimizerDescriptor DESCRIPTOR = AdamFamily.descriptor(
            "adam", "Adam (torch convention, eps outside the square root)", Adam::new);

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon);
    }

    /** m: 3 (two scalings, add); v: 4 (g g, two scalings, add); x: 6 (sqrt, divide, add eps, scale m, divide, subtract). */
    @Override
    public int flopsPerElement() {
        return 13;
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        adamStep(stepScalars(iteration, lr), x, gradient, state, null);
    }
}
