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

    /** fp32 has the packed kernel too: faster in the timings, it is chosen over both BLAS. */
    @Test
    void picksThePackedKernelForFp32WhereItIsFastest() {
        ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, fake(times(1_000_000, 3_000_000, 2_000_000)),
                List.of(ProductCandidate.values()), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP32);
        assertEquals("packed", decision.chosen());
        assertEquals(0.0768, decision.gigaflops().get("packed"), 1e-12);
        assertEquals(0.0256, decision.gigaflops().get("jvm-blas"), 1e-12);
    }

    @Test
    void keepsThePreferredCandidateWithinTheMargin() {
        // The JVM BLAS is 5% faster than the packed kernel: not enough to displace it, in either precision.
        for (Precision precision : Precision.values()) {
            ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, fake(times(1_050_000, 1_000_000, 0)),
                    List.of(ProductCandidate.PACKED, ProductCandidate.JVM_BLAS), 0);
            assertEquals("packed", plan(planner, precision).chosen(), precision.label());
        }
    }

    /**
     * The trial ranks warm kernels: a candidate still getting faster by 4% a call (caches, code the
     * JIT is still compiling for the shape) is timed on until two rounds improve no best call by 3%,
     * and its warm time decides. The trial before stopped at the first round that improved no best
     * call by 5%: here after 3 rounds, with the packed kernel at 7.4 ms against the JVM BLAS's 5 ms,
     * and chose the JVM BLAS.
     */
    @Test
    void ranksCandidatesWarm() {
        long[] packedCalls = {8_000_000, 7_700_000, 7_400_000, 7_100_000, 6_800_000, 4_000_000};
        int[] call = new int[1];
        ProductPlanner.Timer warmingUp = (candidate, product) -> {
            product.run();
            if (candidate != ProductCandidate.PACKED) {
                return 5_000_000L;
            }
            return packedCalls[Math.min(call[0]++, packedCalls.length - 1)];
        };
        ProductPlanner planner = new ProductPlanner(ProductCandidate::unavailable, warmingUp,
                List.of(ProductCandidate.PACKED, ProductCandidate.JVM_BLAS), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP64);
        assertEquals("packed", decision.chosen());
        // 2 * 80 * 80 * 6 flops in the packed kernel's warm 4 ms.
        assertEquals(0.0192, decision.gigaflops().get("packed"), 1e-12);
        // 6 rounds that improve it, then 2 quiet ones; by then each candidate has over 20 ms timed.
        assertEquals(packedCalls.length + 2, call[0], "timed until two rounds improve nothing");
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
        // It would be the fastest; the others run.
        ProductPlanner planner = new ProductPlanner(noOpenBlas, fake(times(2_000_000, 4_000_000, 1_000_000)),
                List.of(ProductCandidate.values()), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP32);
        assertEquals("packed", decision.chosen());
        assertEquals(Map.of("openblas", "no jniopenblas_nolapack in java.library.path"), decision.unavailable());
        assertEquals("product 80x80 by 6 columns fp32: packed (packed 0.0, jvm-blas 0.0 GFLOP/s; "
                + "openblas: no jniopenblas_nolapack in java.library.path)", decision.line());
    }

    @Test
    void leavesTheOnlyAvailableCandidateUntimed() {
        ProductPlanner.Availability onlyTheJvmBlas = (candidate, precision) -> candidate == ProductCandidate.JVM_BLAS
                ? Optional.empty() : Optional.of("left out by this test");
        ProductPlanner planner = new ProductPlanner(onlyTheJvmBlas, fake(times(1, 1, 1)), List.of(ProductCandidate.values()), 0);
        ProductPlanner.Decision decision = plan(planner, Precision.FP32);
        assertEquals("jvm-blas", decision.chosen());
        assertTrue(decision.gigaflops().isEmpty());
        assertEquals("product 80x80 by 6 columns fp32: jvm-blas (not timed, the only one; packed: left out by this test; "
                + "openblas: left out by this test)", decision.line());
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

    /**
     * In fp32 every candidate that runs here (the packed kernel included) gives the fp64 product of
     * the same fp32 operands to fp32 rounding's bound: (k + 2) 2^-24 (|alpha| sum_p |a_ip b_pj| + |beta c_ij|)
     * for k terms summed and the scaling by alpha and beta (exact in fp32 here: 0.5 and 1, and 1 and 0).
     * 301 rows and 300 of k: a row tail below the fp32 tiles and two k-blocks; 9 of 11 columns: a column tail.
     */
    @Test
    void everyFp32CandidateComputesTheFp64ProductToFp32Rounding() {
        for (boolean transpose : new boolean[] {false, true}) {
            DenseMatrix a = random(Precision.FP32, 301, 300, 8);
            int m = transpose ? 300 : 301;
            int k = transpose ? 301 : 300;
            DenseMatrix b = random(Precision.FP32, k, 11, 9);
            DenseMatrix start = random(Precision.FP32, m, 11, 10);
            int checked = 0;
            for (ProductCandidate candidate : ProductCandidate.values()) {
                if (candidate.unavailable(Precision.FP32).isPresent()) {
                    continue;
                }
                for (double[] alphaBeta : new double[][] {{0.5, 1.0}, {1.0, 0.0}}) {
                    DenseMatrix actual = DenseMatrix.of(Precision.FP32, m, 11, wide(start));
                    candidate.prepare(a, transpose).multiply(alphaBeta[0], b, alphaBeta[1], actual, 1, 10);
                    assertWithinFp32Rounding(a, transpose, b, start, alphaBeta[0], alphaBeta[1], actual, k,
                            candidate + " transpose=" + transpose + " beta=" + alphaBeta[1]);
                }
                checked++;
            }
            assertEquals(NativeBlas.bundled() ? 3 : 2, checked, "packed, jvm-blas and, where bundled, openblas");
        }
    }

    private static double[] wide(DenseMatrix matrix) {
        double[] values = new double[matrix.rows() * matrix.cols()];
        for (int j = 0; j < matrix.cols(); j++) {
            System.arraycopy(matrix.column(j).toArray(), 0, values, j * matrix.rows(), matrix.rows());
        }
        return values;
    }

    private static void assertWithinFp32Rounding(DenseMatrix a, boolean transpose, DenseMatrix b, DenseMatrix start,
                                                 double alpha, double beta, DenseMatrix actual, int k, String what) {
        double[] av = wide(a);
        double[] bv = wide(b);
        double[] cv = wide(start);
        double[] got = wide(actual);
        int m = actual.rows();
        for (int j = 0; j < actual.cols(); j++) {
            for (int i = 0; i < m; i++) {
                int at = i + j * m;
                if (j == 0 || j == actual.cols() - 1) {
                    assertEquals(cv[at], got[at], 0.0, what + ": column " + j + " is outside [1, 10)");
                    continue;
                }
                double exact = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double term = (transpose ? av[p + i * k] : av[i + p * m]) * bv[p + j * k];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                double want = alpha * exact + beta * cv[at];
                double bound = (k + 2) * 0x1p-24 * (Math.abs(alpha) * magnitude + Math.abs(beta * cv[at]));
                assertEquals(want, got[at], bound, what + " element " + i + ", " + j);
            }
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
