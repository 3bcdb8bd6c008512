package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.Vec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NAdam against torch.optim.NAdam's update, which keeps the momentum product as a running state. */
class NAdamTest {
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double PSI = 4e-3;

    /**
     * Three steps on x = (1, -2) with g = (0.5, -1), (0.25, 2), (-0.5, 1), torch's loop written out:
     * mu_product *= mu; x -= lr (1 - mu) / (1 - P_t) g / d + lr mu_next / (1 - P_t mu_next) m / d,
     * d = sqrt(v / (1 - beta2^t)) + eps. The literals are that loop's values (Python floats).
     */
    @Test
    void threeStepsFollowTorchsRunningProduct() {
        double[][] gradients = {{0.5, -1.0}, {0.25, 2.0}, {-0.5, 1.0}};
        double[][] literal = {{0.9894354824277365, -1.9894354823220912}, {0.9841962495565937, -1.9985010571915625},
                {0.9910407545298514, -2.0034395429274983}};
        NAdam rule = new NAdam(LR, BETA1, BETA2, EPS, PSI);
        Vec x = Vec.of(new double[] {1.0, -2.0});
        Vec[] state = {Vec.of(new double[2]), Vec.of(new double[2])};
        double[] torchX = {1.0, -2.0};
        double[] m = new double[2];
        double[] v = new double[2];
        double product = 1;
        for (int t = 1; t <= 3; t++) {
            double[] g = gradients[t - 1];
            rule.update(t, LR, x, Vec.of(g), state);
            double mu = BETA1 * (1 - 0.5 * Math.pow(0.96, t * PSI));
            double nextMu = BETA1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * PSI));
            product *= mu;
            for (int i = 0; i < 2; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                double d = Math.sqrt(v[i] / (1 - Math.pow(BETA2, t))) + EPS;
                torchX[i] -= LR * (1 - mu) / (1 - product) * g[i] / d + LR * nextMu / (1 - product * nextMu) * m[i] / d;
            }
            assertArrayEquals(torchX, x.toArray(), 1e-15, "step " + t);
            assertArrayEquals(literal[t - 1], x.toArray(), 1e-15, "step " + t);
            assertArrayEquals(m, state[0].toArray(), 1e-17);
            assertArrayEquals(v, state[1].toArray(), 1e-18);
        }
    }

    /**
     * The closed form of P_t = mu_1 ... mu_t matches the running product, psi = 0 included, until
     * it leaves the normal doubles (then both are 0 to 1 - P_t).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1e-5, 4e-3, 0.5, 20.0})
    void momentumProductFromTAloneMatchesTheRunningProduct(double psi) {
        NAdam rule = new NAdam(LR, BETA1, BETA2, EPS, psi);
        double product = 1;
        for (int t = 1; product >= Double.MIN_NORMAL; t++) {
            product *= BETA1 * (1 - 0.5 * Math.pow(0.96, t * psi));
            assertEquals(product, rule.momentumProduct(t), 1e-12 * product, "t = " + t);
        }
    }

    /** Step scalars come from t alone: asking for a late step first gives what a run up to it would. */
    @Test
    void stepScalarsDependOnTheIterationOnly() {
        NAdam fresh = new NAdam(LR, 0.95, BETA2, EPS, PSI);
        double[] late = fresh.stepScalars(5000, LR);
        double product = 1;
        for (int t = 1; t <= 5000; t++) {
            product *= 0.95 * (1 - 0.5 * Math.pow(0.96, t * PSI));
        }
        double mu = 0.95 * (1 - 0.5 * Math.pow(0.96, 5000 * PSI));
        double nextMu = 0.95 * (1 - 0.5 * Math.pow(0.96, 5001 * PSI));
        assertArrayEquals(new double[] {LR * (1 - mu) / (1 - product), LR * nextMu / (1 - product * nextMu),
                Math.sqrt(1 - Math.pow(BETA2, 5000))}, late, 1e-16);
        assertArrayEquals(late, new NAdam(LR, 0.95, BETA2, EPS, PSI).stepScalars(5000, LR));
    }

    /** psi is folded into the step scalars; the kernel reads Adam's three constants. */
    @Test
    void kernelConstantsLeaveOutTheMomentumDecay() {
        assertEquals(List.of(HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.EPSILON),
                List.copyOf(new NAdam(LR, BETA1, BETA2, EPS, PSI).kernelConstants().keySet()));
    }
}
