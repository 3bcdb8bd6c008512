package dev.gdbench.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed fp64 kernel computes what the BLAS computes, tails and k-blocks included; which products it runs. */
class FixedMatrixTest {
    private static DenseMatrix random(int rows, int cols, SplittableRandom random) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        return DenseMatrix.of(Precision.FP64, rows, cols, values);
    }

    private static void assertMatchesBlas(int rows, int cols, int batch, boolean transpose, double alpha, double beta) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        DenseMatrix a = random(rows, cols, random);
        int k = transpose ? rows : cols;
        int m = transpose ? cols : rows;
        DenseMatrix b = random(k, batch, random);
        DenseMatrix expected = random(m, batch, random);
        DenseMatrix actual = DenseMatrix.of(Precision.FP64, m, batch, expected.fp64Storage().clone());
        // Columns [1, batch - 1): the offsets into B and C must be honoured, the outer columns left alone.
        DenseMatrix.multiply(transpose, alpha, a, b, beta, expected, 1, batch - 1);
        FixedMatrix.of(a, transpose).multiply(alpha, b, beta, actual, 1, batch - 1);
        double[] want = expected.fp64Storage();
        double[] got = actual.fp64Storage();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * k, "element " + i);
        }
    }

    /**
     * The default sweep's n = 256 runs on the packed kernel without a timed choice, so its results
     * are the same bits in every run; a larger product is planned.
     */
    @Test
    void fp64ProductsUpTo256RunOnThePackedKernelUnplanned() {
        SplittableRandom random = new SplittableRandom(9);
        int before = ProductPlanner.decisions().size();
        DenseMatrix a = random(256, 256, random);
        DenseMatrix x = random(256, 3, random);
        DenseMatrix c = random(256, 3, random);
        FixedMatrix.of(a, false).multiply(1.0, x, 0.0, c, 0, 3);
        assertEquals(before, ProductPlanner.decisions().size());
        DenseMatrix tall = random(257, 256, random);
        FixedMatrix.of(tall, false).multiply(1.0, x, 0.0, random(257, 3, random), 0, 3);
        assertEquals(before + 1, ProductPlanner.decisions().size());
        assertEquals(257, ProductPlanner.decisions().get(before).shape().m());
    }

    @Test
    void squareProductWithRowColumnAndDepthTailsMatchesBlas() {
        // 301 rows: a row tail below the last 8-row tile; 9 columns used: a column tail; k = 301 > one k-block.
        assertMatchesBlas(301, 301, 11, false, 1.0, 1.0);
    }

    @Test
    void transposedScaledProductOverwritingCMatchesBlas() {
        // Least squares' G = M^T R / m: transpose, alpha != 1, beta = 0.
        assertMatchesBlas(530, 260, 7, true, 1.0 / 530, 0.0);
    }
}
