package dev.gdbench.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The planner keeps the candidate its timings make fastest, the preferred one within its margin,
 * and leaves out one that fails; every candidate computes the same product.
 */
class ProductPlannerTest {
    private static DenseMatrix random(Precision precision, int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        return DenseMatrix.of(precision, rows, cols, values);
    }

    /** A timer that runs each product and reports a fixed time per candidate. */
    private static ProductPlanner.Timer fake(Map<ProductCandidate, Long> nanos) {
        return (candidate, product) -> {
            product.run();
            return nanos.get(candidate);
        };
    }

    private static Map<ProductCandidate, Long> times(long packed, long jvmBlas, long openBlas) {
        Map<ProductCandidate, Long> times = new EnumMap<>(ProductCandidate.class);
        times.put(ProductCandidate.PACKED, packed);
        times.put(ProductCandidate.JVM_BLAS, jvmBlas);
        times.put(ProductCandidate.OPENBLAS, openBlas);
        return times;
    }

    private static ProductPlanner.Decision plan(ProductPlanner planner, Precision precision) {
        planner.productFor(random(precision, 80, 80, 1), false, 6);
        List<ProductPlanner.Decision> decisions = planner.madeSoFar();
        assertEquals(1, decisions.size());
        return decisions.get(0);
    }

    @Test
    void keepsTheCandidateTheTimingsMakeFastest() {
        ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, fake(times(3_000_000, 1_000_000, 2_000_000)),
                List.of(ProductCandidate.PACKED, ProductCandidate.JVM_BLAS), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP64);
        assertEquals("jvm-blas", decision.chosen());
        // 2 * 80 * 80 * 6 flops in 1 ms and in 3 ms.
        assertEquals(0.0768, decision.gigaflops().get("jvm-blas"), 1e-12);
        assertEquals(0.0256, decision.gigaflops().get("packed"), 1e-12);
        assertEquals("product 80x80 by 6 columns fp64: jvm-blas (packed 0.0, jvm-blas 0.1 GFLOP/s)", decision.line());
    }

    @Test
    void keepsThePreferredCandidateWithinTheMargin() {
        // The JVM BLAS is 5% faster than the packed kernel: not enough to displace it.
        ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, fake(times(1_050_000, 1_000_000, 0)),
                List.of(ProductCandidate.PACKED, ProductCandidate.JVM_BLAS), 0);
        assertEquals("packed", plan(planner, Precision.FP64).chosen());
    }

    @Test
    void leavesOutACandidateThatFailsInItsTrialWithItsReason() {
        ProductPlanner.Timer failing = (candidate, product) -> {
            if (candidate == ProductCandidate.JVM_BLAS) {
                throw new UnsatisfiedLinkError("libblas.so.3: cannot open shared object file");
            }
            product.run();
            return 5_000_000L;
        };
        ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, failing, List.of(ProductCandidate.PACKED, ProductCandidate.JVM_BLAS), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP64);
        assertEquals("packed", decision.chosen());
        assertEquals("failed in its trial: java.lang.UnsatisfiedLinkError: libblas.so.3: cannot open shared object file",
                decision.unavailable().get("jvm-blas"));
    }

    @Test
    void fallsBackWhenTheNativeBlasDoesNotLoadAndRecordsWhy() {
        ProductPlanner.Availability noOpenBlas = (candidate, precision) -> candidate == ProductCandidate.OPENBLAS
                ? Optional.of("no jniopenblas_nolapack in java.library.path") : candidate.unavailable(precision);
        // It would be the fastest; the others run. fp32 has no packed kernel: the JVM BLAS is left, untimed.
        ProductPlanner planner = new ProductPlanner(noOpenBlas, fake(times(1, 1, 1)), List.of(ProductCandidate.values()), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP32);
        assertEquals("jvm-blas", decision.chosen());
        assertEquals(Map.of("packed", "fp64 only", "openblas", "no jniopenblas_nolapack in java.library.path"),
                decision.unavailable());
        assertTrue(decision.gigaflops().isEmpty());
        assertEquals("product 80x80 by 6 columns fp32: jvm-blas (not timed, the only one; packed: fp64 only; "
                + "openblas: no jniopenblas_nolapack in java.library.path)", decision.line());
    }

    @Test
    void decidesOncePerShape() {
        int[] calls = new int[1];
        ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, (candidate, product) -> {
            calls[0]++;
            product.run();
            return candidate == ProductCandidate.PACKED ? 10_000_000L : 1_000_000L;
        }, List.of(ProductCandidate.PACKED, ProductCandidate.JVM_BLAS), 0);
        planner.productFor(random(Precision.FP64, 80, 80, 1), false, 6);
        int timedCalls = calls[0];
        planner.productFor(random(Precision.FP64, 80, 80, 2), false, 6);
        assertEquals(timedCalls, calls[0]);
        assertEquals(1, planner.madeSoFar().size());
    }

    /** Every candidate that runs here gives the product the JVM BLAS gives, to 1e-12 relative in fp64. */
    @Test
    void everyCandidateComputesTheSameProduct() {
        for (boolean transpose : new boolean[] {false, true}) {
            DenseMatrix a = random(Precision.FP64, 301, 131, 3);
            int m = transpose ? 131 : 301;
            int k = transpose ? 301 : 131;
            DenseMatrix b = random(Precision.FP64, k, 11, 4);
            DenseMatrix start = random(Precision.FP64, m, 11, 5);
            DenseMatrix expected = DenseMatrix.of(Precision.FP64, m, 11, start.fp64Storage().clone());
            DenseMatrix.multiply(transpose, 0.5, a, b, 1.0, expected, 1, 10);
            double scale = 0;
            for (double value : expected.fp64Storage()) {
                scale = Math.max(scale, Math.abs(value));
            }
            int checked = 0;
            for (ProductCandidate candidate : ProductCandidate.values()) {
                if (candidate.unavailable(Precision.FP64).isPresent()) {
                    continue;
                }
                DenseMatrix actual = DenseMatrix.of(Precision.FP64, m, 11, start.fp64Storage().clone());
                candidate.prepare(a, transpose).multiply(0.5, b, 1.0, actual, 1, 10);
                double[] want = expected.fp64Storage();
                double[] got = actual.fp64Storage();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-12 * scale, candidate + " transpose=" + transpose + " element " + i);
                }
                checked++;
            }
            assertEquals(NativeBlas.bundled() ? 3 : 2, checked, "packed, jvm-blas and, where bundled, openblas");
        }
    }

    /** Where the jar has the natives (not on the GPU machines' carry), OpenBLAS loads, and computes fp32 products. */
    @Test
    void theBundledOpenBlasLoadsAndComputesFp32Products() {
        assumeTrue(NativeBlas.bundled(), "this jar was built without OpenBLAS's natives");
        assertEquals(Optional.empty(), NativeBlas.failure());
        DenseMatrix a = random(Precision.FP32, 200, 200, 6);
        DenseMatrix b = random(Precision.FP32, 200, 5, 7);
        DenseMatrix expected = DenseMatrix.zeros(Precision.FP32, 200, 5);
        DenseMatrix actual = DenseMatrix.zeros(Precision.FP32, 200, 5);
        DenseMatrix.multiply(false, 1.0, a, b, 0.0, expected, 0, 5);
        ProductCandidate.OPENBLAS.prepare(a, false).multiply(1.0, b, 0.0, actual, 0, 5);
        float[] want = expected.fp32Storage();
        float[] got = actual.fp32Storage();
        for (int i = 0; i < want.length; i++) {
            // 200 terms of about 0.25 rounded in fp32, in two summation orders.
            assertEquals(want[i], got[i], 200 * 0.25 * Math.ulp(1.0f), "element " + i);
        }
    }
}
