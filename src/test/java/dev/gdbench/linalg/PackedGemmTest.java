package dev.gdbench.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed kernel's sum order, whatever its tile width: in fp64 its products equal, bit for bit,
 * a plain loop written in that order (whole row tiles: per k-block one chain of fused multiply-adds
 * per element, added to beta C by a fused multiply-add with alpha; the rows below them: a multiply
 * and an add per term). The shapes have row tails, column tails of every width below a wide tile
 * (so the narrow tile and the single columns after the wide tiles run) and k across K_BLOCK.
 */
class PackedGemmTest {
    private static final int[] COLUMNS = {1, 3, 4, 5, 7, 8, 9, 12, 13, 15, 16, 20};

    private static double[] random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextDouble() - 0.5;
        }
        return values;
    }

    /** C[:, first..end) = alpha A B + beta C in the packed kernel's order; A is m x k, column-major. */
    private static void reference(int m, int k, double[] a, double alpha, double[] b, double beta, double[] c,
                                  int first, int end) {
        int fusedRows = m - m % VectorGemm.TILE_ROWS;
        for (int j = first; j < end; j++) {
            for (int i = 0; i < m; i++) {
                int at = i + j * m;
                if (i >= fusedRows) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[i + p * m] * b[p + j * k];
                    }
                    c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
                    continue;
                }
                if (beta != 1) {
                    c[at] = beta == 0 ? 0 : beta * c[at];
                }
                for (int p0 = 0; p0 < k; p0 += PackedGemm.K_BLOCK) {
                    double chain = 0;
                    for (int p = p0; p < Math.min(k, p0 + PackedGemm.K_BLOCK); p++) {
                        chain = Math.fma(a[i + p * m], b[p + j * k], chain);
                    }
                    c[at] = Math.fma(chain, alpha, c[at]);
                }
            }
        }
    }

    @Test
    void fp64ProductsEqualTheirOrderedReferenceBitForBitAtEveryTileWidth() {
        assumeTrue(ProductCandidate.VECTOR_API, "jdk.incubator.vector is not enabled");
        int rows = VectorGemm.TILE_ROWS;
        // Row tails (m % tileRows = 3, 0 and tileRows - 1) and k below, at and across K_BLOCK.
        int[][] shapes = {{2 * rows + 3, 300}, {rows, PackedGemm.K_BLOCK}, {3 * rows - 1, 2 * PackedGemm.K_BLOCK + 1}, {5, 17}};
        double[][] alphaBeta = {{1.0, 0.0}, {0.5, 1.0}, {-1.25, 0.75}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            double[] a = random(m * k, m * 7L + k);
            for (int columns : COLUMNS) {
                double[] b = random(k * (columns + 2), columns);
                double[] start = random(m * (columns + 2), columns + 100L);
                for (double[] ab : alphaBeta) {
                    double[] want = start.clone();
                    reference(m, k, a, ab[0], b, ab[1], want, 1, columns + 1);
                    for (int width : new int[] {PackedGemm.NARROW_TILE, PackedGemm.WIDE_TILE}) {
                        DenseMatrix c = DenseMatrix.of(Precision.FP64, m, columns + 2, start);
                        new VectorGemm(m, k, a, m, width).multiply(ab[0], DenseMatrix.of(Precision.FP64, k, columns + 2, b),
                                ab[1], c, 1, columns + 1);
                        double[] got = c.fp64Storage();
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                                    "m=" + m + " k=" + k + " columns=" + columns + " width=" + width + " alpha=" + ab[0]
                                            + " beta=" + ab[1] + " element " + i + ": " + want[i] + " vs " + got[i]);
                        }
                    }
                }
            }
        }
    }

    /** fp32 sums in the same order at either width, so the wide and the narrow tile give the same bits. */
    @Test
    void fp32ProductsAreTheSameBitsAtEitherTileWidth() {
        assumeTrue(ProductCandidate.VECTOR_API, "jdk.incubator.vector is not enabled");
        int m = 2 * FloatVectorGemm.TILE_ROWS + 5;
        int k = PackedGemm.K_BLOCK + 44;
        DenseMatrix a = DenseMatrix.of(Precision.FP32, m, k, random(m * k, 1));
        for (int columns : COLUMNS) {
            DenseMatrix b = DenseMatrix.of(Precision.FP32, k, columns, random(k * columns, 2));
            double[] start = random(m * columns, 3);
            DenseMatrix narrow = DenseMatrix.of(Precision.FP32, m, columns, start);
            DenseMatrix wide = DenseMatrix.of(Precision.FP32, m, columns, start);
            new FloatVectorGemm(m, k, a.fp32Storage(), m, PackedGemm.NARROW_TILE).multiply(0.5, b, 1.0, narrow, 0, columns);
            new FloatVectorGemm(m, k, a.fp32Storage(), m, PackedGemm.WIDE_TILE).multiply(0.5, b, 1.0, wide, 0, columns);
            float[] want = narrow.fp32Storage();
            float[] got = wide.fp32Storage();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        "columns=" + columns + " element " + i + ": " + want[i] + " vs " + got[i]);
            }
        }
    }

    /** 32 vector registers (512-bit vectors) hold the wide tile's 16 accumulators; 16 (AVX2) only the narrow one's 8. */
    @Test
    void tilesAreWideOnlyWith512BitVectors() {
        assertEquals(8, PackedGemm.tileColumnsFor(512));
        assertEquals(4, PackedGemm.tileColumnsFor(256));
        assertEquals(4, PackedGemm.tileColumnsFor(128));
    }

    @Test
    void refusesATileWidthWithoutAKernel() {
        assumeTrue(ProductCandidate.VECTOR_API, "jdk.incubator.vector is not enabled");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VectorGemm(4, 4, new double[16], 4, 6));
        assertEquals("a tile is 4 or 8 columns wide, not 6", e.getMessage());
    }
}
