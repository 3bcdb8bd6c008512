package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NAdam (Dozat 2016), torch.optim.NAdam convention: Adam's moments, a momentum schedule
 * mu_t = beta1 (1 - 0.5 * 0.96^(t psi)) and, with P_t = mu_1 ... mu_t,
 * x -= (lr (1 - mu_t) / (1 - P_t) g + lr mu_{t+1} / (1 - P_{t+1}) m) / (sqrt(v / (1 - beta2^t)) + eps).
 * torch keeps P_t as a running product in its state; here it comes from t alone ({@link #momentumProduct}),
 * so every step's scalars can be computed in any order, for any column, with no state between steps.
 */
public final class NAdam extends AdamFamily {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "nadam", "NAdam (torch convention): Adam with Nesterov momentum on a schedule mu_t",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.EPSILON,
                    HyperParameter.MOMENTUM_DECAY),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.999, HyperParameter.EPSILON, 1e-8,
                    HyperParameter.MOMENTUM_DECAY, 4e-3),
            p -> new NAdam(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1),
                    p.get(HyperParameter.BETA2), p.get(HyperParameter.EPSILON), p.get(HyperParameter.MOMENTUM_DECAY)),
            Optional.empty());

    /**
     * Terms of the series for log prod (1 - 0.5 q^i): the k-th is at most 2^-(k-1) of the first,
     * so 56 reach double precision whatever q is.
     */
    private static final int SERIES_TERMS = 56;

    /** ln q, q = 0.96^psi: mu_t = beta1 (1 - 0.5 q^t). */
    private final double logQ;
    /** c_k = (0.5 q)^k / (k (1 - q^k)), the series' coefficients (empty when psi = 0, q = 1). */
    private final double[] coefficients;

    public NAdam(double learningRate, double beta1, double beta2, double epsilon, double momentumDecay) {
        super(DESCRIPTOR, learningRate, beta1, beta2, epsilon, momentumDecay);
        this.logQ = momentumDecay * Math.log(0.96);
        this.coefficients = new double[momentumDecay == 0 ? 0 : SERIES_TERMS];
        for (int k = 1; k <= coefficients.length; k++) {
            coefficients[k - 1] = Math.pow(0.5, k) * Math.exp(k * logQ) / (k * -Math.expm1(k * logQ));
        }
    }

    /** m: 3; v: 4; denominator: 3 (sqrt, divide, add eps); x: 5 (two scalings, add, divide, subtract). */
    @Override
    public int flopsPerElement() {
        return 15;
    }

    /** mu_t = beta1 (1 - 0.5 * 0.96^(t psi)). */
    double momentum(int iteration) {
        return beta1 * (1 - 0.5 * Math.exp(iteration * logQ));
    }

    /**
     * P_t = mu_1 ... mu_t = beta1^t prod_{i<=t} (1 - 0.5 q^i) in O(1) work: expanding
     * log(1 - 0.5 q^i) = -sum_k (0.5 q^i)^k / k and summing the geometric series over i gives
     * log prod = -sum_k c_k (1 - q^(kt)). 1 - q^(kt) is built up as a sum of positive terms,
     * (1 - Q^(k+1)) = (1 - Q^k) + Q^k (1 - Q) with Q = q^t, so nothing cancels even when q is
     * close to 1 (psi = 4e-3 gives q = 0.99984). With psi = 0 every mu_i is beta1 / 2.
     */
    double momentumProduct(int iteration) {
        if (coefficients.length == 0) {
            return Math.pow(0.5 * beta1, iteration);
        }
        double oneMinusQ = -Math.expm1(iteration * logQ);
        double bigQ = 1 - oneMinusQ;
        double power = 1;
        double oneMinusPower = 0;
        double logProduct = 0;
        for (double coefficient : coefficients) {
            oneMinusPower += power * oneMinusQ;
            power *= bigQ;
            logProduct -= coefficient * oneMinusPower;
        }
        return Math.pow(beta1, iteration) * Math.exp(logProduct);
    }

    /** {lr (1 - mu_t) / (1 - P_t), lr mu_{t+1} / (1 - P_{t+1}), sqrt(1 - beta2^t)}: the weights of g and m, and Adam's c2. */
    @Override
    public double[] stepScalars(int iteration, double lr) {
        double mu = momentum(iteration);
        double nextMu = momentum(iteration + 1);
        double product = momentumProduct(iteration);
        return new double[] {lr * (1 - mu) / (1 - product), lr * nextMu / (1 - product * nextMu),
                sqrtSecondCorrection(iteration)};
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        double[] scalars = stepScalars(iteration, lr);
        for (int i = 0; i < x.length(); i++) {
            double g = gradient.get(i);
            double m = advanceFirstMoment(state[0], i, g);
            double v = advanceSecondMoment(state[1], i, g);
            x.set(i, x.get(i) - (scalars[0] * g + scalars[1] * m) / (Math.sqrt(v) / scalars[2] + epsilon));
        }
    }
}
