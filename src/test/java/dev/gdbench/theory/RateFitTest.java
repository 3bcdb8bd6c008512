package dev.gdbench.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateFitTest {
    private static final int SAMPLES = 41;

    private static int[] iterations() {
        int[] k = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            k[i] = 10 * i;
        }
        return k;
    }

    @Test
    void pureGeometricDecayIsFittedExactly() {
        int[] k = iterations();
        double[] e = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            e[i] = 3 * Math.pow(0.97, k[i]);
        }
        assertEquals(0.97, RateFit.fit(k, e, SAMPLES, 1, 0), 1e-12);
    }

    /**
     * e_k = k rho^k: a plain fit on [k1, k2] overstates rho by about (k2/k1)^(1/(k2 - k1)); the
     * fit told the root is double removes the factor k and recovers rho.
     */
    @Test
    void doubleRootDecayNeedsTheJordanCorrection() {
        int[] k = iterations();
        double[] e = new double[SAMPLES];
        double rho = 0.95;
        for (int i = 0; i < SAMPLES; i++) {
            e[i] = Math.max(k[i], 1) * Math.pow(rho, k[i]);
        }
        double plain = RateFit.fit(k, e, SAMPLES, 1, 0);
        double corrected = RateFit.fit(k, e, SAMPLES, 2, 0);
        assertEquals(rho, corrected, 1e-12);
        double k1 = 200;
        double k2 = 400;
        assertEquals(rho * Math.pow(k2 / k1, 1 / (k2 - k1)), plain, 2e-4, "the overstatement the issue describes");
        assertTrue(plain > rho * 1.003);
    }

    @Test
    void samplesAtTheNoiseFloorAreLeftOut() {
        int[] k = iterations();
        double[] e = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            e[i] = Math.max(Math.pow(0.8, k[i]), 1e-20); // flat at 1e-20 from k = 210 on
        }
        assertEquals(0.8, RateFit.fit(k, e, SAMPLES, 1, 1e-18), 1e-12);
        assertTrue(Double.isNaN(RateFit.fit(k, e, 2, 1, 0)), "two samples are not a fit");
    }
}
