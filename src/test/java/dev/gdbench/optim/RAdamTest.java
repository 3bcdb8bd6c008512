package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.Vec;
import org.junit.jupiter.api.Test;

/** RAdam against torch.optim.RAdam's update: momentum steps while rho_t <= 5, rectified ones after. */
class RAdamTest {
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    /**
     * Seven steps on x = (1, -2) with g cycling through (0.5, -1), (0.25, 2), (-0.5, 1), torch's
     * loop written out. At beta2 = 0.999 rho_5 = 4.996 and rho_6 = 5.994, so steps 1-5 are
     * x -= lr m / c1 (step 1: 1 - 0.01 * 0.05 / 0.1 = 0.995) and steps 6-7 rectified. The
     * literals are that loop's values (Python floats).
     */
    @Test
    void sevenStepsFollowTorchAcrossTheRectificationThreshold() {
        double[][] gradients = {{0.5, -1.0}, {0.25, 2.0}, {-0.5, 1.0}};
        double[][] literal = {{0.995, -1.99}, null, null, null, {0.9870754619325087, -2.01205503905623},
                {0.9870468565192364, -2.0121891128008436}, {0.9869474246152254, -2.012285671345918}};
        RAdam rule = new RAdam(LR, BETA1, BETA2, EPS);
        Vec x = Vec.of(new double[] {1.0, -2.0});
        Vec[] state = {Vec.of(new double[2]), Vec.of(new double[2])};
        double[] torchX = {1.0, -2.0};
        double[] m = new double[2];
        double[] v = new double[2];
        double rhoInfinity = 2 / (1 - BETA2) - 1;
        for (int t = 1; t <= 7; t++) {
            double[] g = gradients[(t - 1) % 3];
            rule.update(t, LR, x, Vec.of(g), state);
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            double rho = rhoInfinity - 2 * t * Math.pow(BETA2, t) / c2;
            for (int i = 0; i < 2; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                if (rho > 5) {
                    double rect = Math.sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho));
                    torchX[i] -= m[i] / c1 * LR * (Math.sqrt(c2) / (Math.sqrt(v[i]) + EPS)) * rect;
                } else {
                    torchX[i] -= m[i] / c1 * LR;
                }
            }
            assertArrayEquals(torchX, x.toArray(), 1e-15, "step " + t);
            if (literal[t - 1] != null) {
                assertArrayEquals(literal[t - 1], x.toArray(), 1e-15, "step " + t);
            }
            assertArrayEquals(m, state[0].toArray(), 1e-17);
            assertArrayEquals(v, state[1].toArray(), 1e-18);
        }
    }

    /** rho_1 = 1 for every beta2; at 0.999 the first rectified step is the sixth; at beta2 = 0.5 (rho_inf = 3) none is. */
    @Test
    void rectificationStartsWhenRhoPassesFive() {
        RAdam rule = new RAdam(LR, BETA1, BETA2, EPS);
        assertEquals(1.0, rule.rho(1), 1e-12);
        assertEquals(4.995998000395048, rule.rho(5), 1e-9);
        assertEquals(0.0, rule.stepScalars(5, LR)[1]);
        assertEquals(1.0, rule.stepScalars(6, LR)[1]);
        RAdam neverRectified = new RAdam(LR, BETA1, 0.5, EPS);
        assertEquals(1.0, neverRectified.rho(1), 1e-12);
        for (int t = 1; t <= 1000; t++) {
            assertArrayEquals(new double[] {LR / (1 - Math.pow(BETA1, t)), 0}, neverRectified.stepScalars(t, LR), 1e-18);
        }
    }
}
