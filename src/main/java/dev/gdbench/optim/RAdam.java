package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;

/**
 * RAdam (Liu et al. 2020), torch.optim.RAdam convention: Adam's moments; with rho_inf = 2/(1-beta2) - 1
 * and rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t), a step with rho_t > 5 is rectified,
 * x -= (lr / c1) r_t sqrt(c2) m / (sqrt(v) + eps) with r_t = sqrt((rho_t-4)(rho_t-2) rho_inf / ((rho_inf-4)(rho_inf-2) rho_t)),
 * and any other is the un-adapted momentum step x -= (lr / c1) m (c = 1 - beta^t). Note eps is
 * added to sqrt(v), not to sqrt(v / c2) as in Adam. rho_1 = 1, so the first steps are never adapted.
 */
public final class RAdam extends AdamFamily {
    public static final OptimizerDescriptor DESCRIPTOR = AdamFamily.descriptor(
            "radam", "RAdam (torch convention): Adam with the variance rectification, momentum steps while rho_t <= 5",
            RAdam::new);

    /** torch rectifies a step once the variance estimate's degrees of freedom rho_t exceed this. */
    private static final double RECTIFICATION_THRESHOLD = 5;

    public RAdam(double learningRate, double beta1, double beta2, double epsilon) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon);
    }

    /** m: 3; v: 4; x: 5 on a rectified step (sqrt, add eps, scale m, divide, subtract). */
    @Override
    public int flopsPerElement() {
        return 12;
    }

    /** rho_inf = 2 / (1 - beta2) - 1, the limit of rho_t. */
    private double rhoInfinity() {
        return 2 / (1 - beta2) - 1;
    }

    /** rho_t, the length of the approximated simple moving average of the squared gradients. */
    double rho(int iteration) {
        double power = Math.pow(beta2, iteration);
        return rhoInfinity() - 2 * iteration * power / (1 - power);
    }

    /**
     * {step size, adaptive}: rectified, {(lr / c1) r_t sqrt(c2), 1}; otherwise {lr / c1, 0}, the
     * kernel then divides m by 1 instead of sqrt(v) + eps.
     */
    @Override
    public double[] stepScalars(int iteration, double lr) {
        double momentumStep = correctedStepSize(iteration, lr);
        double rho = rho(iteration);
        if (rho <= RECTIFICATION_THRESHOLD) {
            return new double[] {momentumStep, 0};
        }
        double rhoInfinity = rhoInfinity();
        double rectification = Math.sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho));
        return new double[] {momentumStep * rectification * sqrtSecondCorrection(iteration), 1};
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        double[] scalars = stepScalars(iteration, lr);
        boolean adaptive = scalars[1] != 0;
        for (int i = 0; i < x.length(); i++) {
            double g = gradient.get(i);
            double m = advanceFirstMoment(state[0], i, g);
            double v = advanceSecondMoment(state[1], i, g);
            x.set(i, x.get(i) - scalars[0] * m / (adaptive ? Math.sqrt(v) + epsilon : 1));
        }
    }
}
