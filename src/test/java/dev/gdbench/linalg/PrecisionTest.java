package dev.gdbench.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrecisionTest {
    /** 10 (u / 0.02)^2 with u = 2^-24 (fp32) and 2^-53 (fp64); the gradient-norm floor is its square root. */
    @Test
    void stallingTolerancesFollowFromTheUnitRoundoffAtTheSmallestDefaultStep() {
        assertEquals(Math.pow(2, -24), Precision.FP32.unitRoundoff());
        assertEquals(Math.pow(2, -53), Precision.FP64.unitRoundoff());
        assertEquals(8.8818e-11, Precision.FP32.stallingRelativeTolerance(false), 1e-15);
        assertEquals(9.4243e-6, Precision.FP32.stallingRelativeTolerance(true), 1e-10);
        assertEquals(3.0815e-28, Precision.FP64.stallingRelativeTolerance(false), 1e-32);
        assertEquals(1.7554e-14, Precision.FP64.stallingRelativeTolerance(true), 1e-18);
    }
}
