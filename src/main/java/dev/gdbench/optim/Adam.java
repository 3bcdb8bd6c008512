package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adam (Kingma and Ba 2015), torch.optim.Adam convention: m = beta1 m + (1 - beta1) g;
 * v = beta2 v + (1 - beta2) g^2; x -= lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).
 * The bias corrections depend only on t, so they are computed once per step, not per element.
 */
public final class Adam extends ElementwiseRule {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "adam", "Adam (torch convention, eps outside the square root)",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.EPSILON),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.999, HyperParameter.EPSILON, 1e-8),
            p -> new Adam(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1),
                    p.get(HyperParameter.BETA2), p.get(HyperParameter.EPSILON)),
            Optional.empty());

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public int stateVectors() {
        return 2;
    }

    /** m: 3 (two scalings, add); v: 4 (g g, two scalings, add); x: 6 (sqrt, divide, add eps, scale m, divide, subtract). */
    @Override
    public int flopsPerElement() {
        return 13;
    }

    /** The bias corrections change with t. */
    @Override
    public boolean stepScalarsVary() {
        return true;
    }

    @Override
    public double[] stepScalars(int iteration, double lr) {
        return biasCorrected(iteration, lr, beta1, beta2);
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        step(stepScalars(iteration, lr), beta1, beta2, epsilon, x, gradient, state[0], state[1], null);
    }

    /** The Adam family's kernel constants, in the order of the Adam functor's Hyper slots. */
    static Map<String, Double> constants(double beta1, double beta2, double epsilon) {
        Map<String, Double> constants = new LinkedHashMap<>();
        constants.put(HyperParameter.BETA1, beta1);
        constants.put(HyperParameter.BETA2, beta2);
        constants.put(HyperParameter.EPSILON, epsilon);
        return constants;
    }

    /**
     * The step scalars of the Adam family, {lr / c1, sqrt(c2)} with c = 1 - beta^t: bias
     * corrections depend on t only, so they are computed once per step, not per element.
     */
    static double[] biasCorrected(int iteration, double lr, double beta1, double beta2) {
        return new double[] {lr / (1 - Math.pow(beta1, iteration)), Math.sqrt(1 - Math.pow(beta2, iteration))};
    }

    /**
     * The Adam step shared by {@link Adam}, {@link AdamW} and {@link AmsGrad}, as torch computes it:
     * lr m_hat / (sqrt(v_hat) + eps) = (lr / c1) m / (sqrt(v) / sqrt(c2) + eps) with c = 1 - beta^t.
     * With {@code maxSecond} (AMSGrad) the denominator uses vmax = max(vmax, v) in place of v,
     * bias-corrected by the same c2, as torch.optim.Adam(amsgrad=True) does.
     *
     * @param scalars {@link #biasCorrected}'s {lr / c1, sqrt(c2)}
     */
    static void step(double[] scalars, double beta1, double beta2, double epsilon, Vec x, Vec gradient,
                     Vec first, Vec second, Vec maxSecond) {
        double stepSize = scalars[0];
        double sqrtCorrection2 = scalars[1];
        for (int i = 0; i < x.length(); i++) {
            double g = gradient.get(i);
            double m = beta1 * first.get(i) + (1 - beta1) * g;
            double v = beta2 * second.get(i) + (1 - beta2) * g * g;
            first.set(i, m);
            second.set(i, v);
            if (maxSecond != null) {
                v = Math.max(maxSecond.get(i), v);
                maxSecond.set(i, v);
            }
            x.set(i, x.get(i) - stepSize * m / (Math.sqrt(v) / sqrtCorrection2 + epsilon));
        }
    }
}
