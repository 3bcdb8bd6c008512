package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.Vec;
import org.junit.jupiter.api.Test;

/** One step of AdaGrad, RMSprop, AdamW and AMSGrad against hand computations (torch conventions). */
class AdaptiveStepTest {
    private static Vec one(double value) {
        return Vec.of(new double[] {value});
    }

    /** s = 0 + 0.5^2 = 0.25; x = 1 - 0.1 * 0.5 / (0.5 + 1e-10). */
    @Test
    void adaGradFirstStepDividesByTheRootOfTheSquaredGradient() {
        Vec x = one(1.0);
        Vec[] state = {one(0.0)};
        new AdaGrad(0.1, 0.0, 1e-10).update(1, 0.1, x, one(0.5), state);
        assertEquals(0.25, state[0].get(0), 1e-16);
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-10), x.get(0), 1e-16);
    }

    /** Step 3 with lr_decay 0.5: lr_t = 0.1 / (1 + 2 * 0.5) = 0.05; s = 0.75 + 0.25 = 1; x = 1 - 0.05 * 0.5 / (1 + 1e-10). */
    @Test
    void adaGradLearningRateDecaysAsTorchComputesIt() {
        Vec x = one(1.0);
        Vec[] state = {one(0.75)};
        new AdaGrad(0.1, 0.5, 1e-10).update(3, 0.1, x, one(0.5), state);
        assertEquals(1.0, state[0].get(0), 1e-16);
        assertEquals(1.0 - 0.05 * 0.5 / (1.0 + 1e-10), x.get(0), 1e-16);
    }

    /** v = 0.99 * 0 + 0.01 * 0.25 = 0.0025, sqrt = 0.05: x = 1 - 0.01 * 0.5 / 0.05 = 0.9 (no bias correction). */
    @Test
    void rmsPropFirstStepIsTenTimesTheLearningRateAtAlphaPointNineNine() {
        Vec x = one(1.0);
        Vec[] state = {one(0.0)};
        new RmsProp(0.01, 0.99, 1e-8).update(1, 0.01, x, one(0.5), state);
        assertEquals(0.0025, state[0].get(0), 1e-17);
        assertEquals(1.0 - 0.01 * 0.5 / (0.05 + 1e-8), x.get(0), 1e-15);
        assertEquals(0.9, x.get(0), 1e-6);
    }

    /**
     * From the same state (t = 2, m = 0.05, v = 0.00025, x = 2, g = -1, lr 0.01, wd 0.1): AdamW
     * shrinks x by 1 - lr wd and runs Adam's moments on g; Adam with L2 runs them on g + wd x = -0.8.
     */
    @Test
    void adamWDecayIsDecoupledFromTheMomentsUnlikeAdamWithL2() {
        double lr = 0.01;
        double wd = 0.1;
        double c1 = 1 - 0.9 * 0.9;
        double c2 = 1 - 0.999 * 0.999;

        Vec xw = one(2.0);
        Vec[] stateW = {one(0.05), one(0.00025)};
        AdamW.of(lr, 0.9, 0.999, 1e-8, wd).update(2, lr, xw, one(-1.0), stateW);
        double m = 0.9 * 0.05 + 0.1 * -1.0;
        double v = 0.999 * 0.00025 + 0.001 * 1.0;
        double decoupled = 2.0 * (1 - lr * wd) - lr * (m / c1) / (Math.sqrt(v / c2) + 1e-8);
        assertEquals(decoupled, xw.get(0), 1e-15);
        assertEquals(m, stateW[0].get(0), 1e-16, "the decay never enters the moments");

        Vec xl2 = one(2.0);
        Vec[] stateL2 = {one(0.05), one(0.00025)};
        double coupledGradient = -1.0 + wd * 2.0;
        new Adam(lr, 0.9, 0.999, 1e-8).update(2, lr, xl2, one(coupledGradient), stateL2);
        double mL2 = 0.9 * 0.05 + 0.1 * coupledGradient;
        double vL2 = 0.999 * 0.00025 + 0.001 * coupledGradient * coupledGradient;
        double coupled = 2.0 - lr * (mL2 / c1) / (Math.sqrt(vL2 / c2) + 1e-8);
        assertEquals(coupled, xl2.get(0), 1e-15);
        assertEquals(decoupled - coupled, xw.get(0) - xl2.get(0), 1e-15);
        assertEquals(-0.0011001, xw.get(0) - xl2.get(0), 1e-7, "hand value of the two formulas' difference");
    }

    @Test
    void adamWWithoutDecayIsAdamBitForBit() {
        Vec xw = one(2.0);
        Vec xa = one(2.0);
        Vec[] stateW = {one(0.05), one(0.00025)};
        Vec[] stateA = {one(0.05), one(0.00025)};
        AdamW.of(0.01, 0.9, 0.999, 1e-8, 0.0).update(2, 0.01, xw, one(-1.0), stateW);
        new Adam(0.01, 0.9, 0.999, 1e-8).update(2, 0.01, xa, one(-1.0), stateA);
        assertEquals(xa.get(0), xw.get(0), 0.0);
    }

    /**
     * t = 2, m = 0.05, v = 0.00025, vmax = 0.01, g = -1: v becomes 0.00124975 but vmax stays 0.01,
     * and the step divides by sqrt(0.01 / (1 - 0.999^2)) + eps.
     */
    @Test
    void amsGradDividesByTheRunningMaximumOfTheSecondMoment() {
        Vec x = one(1.0);
        Vec[] state = {one(0.05), one(0.00025), one(0.01)};
        new AmsGrad(0.01, 0.9, 0.999, 1e-8).update(2, 0.01, x, one(-1.0), state);
        double m = 0.9 * 0.05 - 0.1;
        assertEquals(m, state[0].get(0), 1e-16);
        assertEquals(0.00124975, state[1].get(0), 1e-17);
        assertEquals(0.01, state[2].get(0), 0.0);
        assertEquals(1.0 - 0.01 * (m / 0.19) / (Math.sqrt(0.01) / Math.sqrt(1 - 0.998001) + 1e-8), x.get(0), 1e-15);
    }
}
