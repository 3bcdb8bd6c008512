package dev.gdbench.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C[:, cols] = alpha A B[:, cols] + beta C[:, cols] in fp64, column-major, for a matrix A that is
 * multiplied many times: the gradient's product. A is packed once into panels (TILE_ROWS rows x
 * K_BLOCK of k, contiguous), then each product runs a register-blocked outer-product kernel on
 * the Vector API (the BLIS structure: a TILE_ROWS x TILE_COLUMNS tile of C held in registers
 * while k runs, one vector load of the panel and one broadcast of B per pair of multiply-adds).
 * Why not the JVM BLAS's dgemm: it runs at a quarter to a half of this kernel on the machines we
 * measured (README, "Throughput"). Why pack once: packing a panel per product reads A with a
 * stride of n, one page per k at n = 1024, and took longer than the arithmetic. Each k-block of a
 * TILE_COLUMNS-wide strip of B is packed too (interleaved, k-major), once per product for all row
 * tiles: read in place, its columns sit n apart, and at n = 1024 (8 KiB apart) they fall into the
 * same L1 sets as the panel and the kernel ran at a tenth of its speed.
 */
final class VectorGemm {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Tile: 2 vectors of rows x 4 columns = 8 accumulators, plus 2 loads of A and 1 broadcast:
     * 11 of the 16 vector registers of AVX2, so nothing spills. Wider tiles (2 x 5 and 2 x 6,
     * for 10 and 12 chains of multiply-adds against Zen 2's two FMA pipes of latency 5) were
     * measured side by side with this one on the build machine: 0.94-0.99x of its rate at n = 256
     * and 1024, so 8 accumulators are not what limits it; unrolling the k loop by hand (two steps
     * per iteration) ran at 0.62x, C2 unrolls it better itself.
     */
    static final int TILE_ROWS = 2 * LANES;
    static final int TILE_COLUMNS = 4;
    /**
     * k is cut into blocks this long so a panel (TILE_ROWS x 256 fp64 = 16 KiB on AVX2) and the
     * tile's slice of B (8 KiB) stay in L1 while k runs.
     */
    static final int K_BLOCK = 256;

    private final int m;
    private final int k;
    private final int fullRows;
    /** Panels by k-block, then by row tile: panel (block, i) starts at block * fullRows * K_BLOCK + i * depth. */
    private final double[] panels;
    /** The rows below the last full tile (m mod TILE_ROWS of them), row-major, for the plain tail loop. */
    private final double[] tailRows;
    /** Packed strips of B, one buffer per thread (threads multiply disjoint columns at once), grown as needed. */
    private static final ThreadLocal<double[]> STRIPS = ThreadLocal.withInitial(() -> new double[0]);

    VectorGemm(int m, int k, double[] a, int lda) {
        this.m = m;
        this.k = k;
        this.fullRows = m - m % TILE_ROWS;
        this.panels = new double[fullRows * k];
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int depth = Math.min(K_BLOCK, k - p0);
            for (int i = 0; i < fullRows; i += TILE_ROWS) {
                int panel = p0 * fullRows + i * depth;
                for (int p = 0; p < depth; p++) {
                    System.arraycopy(a, i + (p0 + p) * lda, panels, panel + p * TILE_ROWS, TILE_ROWS);
                }
            }
        }
        this.tailRows = new double[(m - fullRows) * k];
        for (int i = fullRows; i < m; i++) {
            for (int p = 0; p < k; p++) {
                tailRows[(i - fullRows) * k + p] = a[i + p * lda];
            }
        }
    }

    void multiply(int n, double alpha, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc) {
        int fullColumns = n - n % TILE_COLUMNS;
        double[] strips = STRIPS.get();
        if (strips.length < fullColumns * Math.min(K_BLOCK, k)) {
            strips = new double[fullColumns * Math.min(K_BLOCK, k)];
            STRIPS.set(strips);
        }
        // C = beta C first (beta = 0 overwrites, BLAS semantics), then every k-block adds alpha A B onto it.
        for (int j = 0; j < n && beta != 1; j++) {
            int column = cOffset + j * ldc;
            for (int i = 0; i < fullRows; i++) {
                c[column + i] = beta == 0 ? 0 : beta * c[column + i];
            }
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int depth = Math.min(K_BLOCK, k - p0);
            for (int j = 0; j < fullColumns; j++) {
                int strip = (j / TILE_COLUMNS) * TILE_COLUMNS * depth + j % TILE_COLUMNS;
                int from = bOffset + j * ldb + p0;
                for (int p = 0; p < depth; p++) {
                    strips[strip + p * TILE_COLUMNS] = b[from + p];
                }
            }
            for (int i = 0; i < fullRows; i += TILE_ROWS) {
                int panel = p0 * fullRows + i * depth;
                int j = 0;
                for (; j < fullColumns; j += TILE_COLUMNS) {
                    tile(depth, alpha, panel, strips, j * depth, c, cOffset + j * ldc + i, ldc);
                }
                for (; j < n; j++) {
                    column(depth, alpha, panel, b, bOffset + j * ldb + p0, c, cOffset + j * ldc + i);
                }
            }
        }
        for (int i = fullRows; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += tailRows[(i - fullRows) * k + p] * b[bOffset + j * ldb + p];
                }
                int at = cOffset + j * ldc + i;
                c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
            }
        }
    }

    /**
     * C += alpha x a tile of TILE_ROWS x TILE_COLUMNS from a panel and a packed strip; C from index
     * c0 on. No vector crosses a method boundary: C2 intrinsifies vector operations only where it
     * sees the concrete vector class, and a helper compiled on its own boxed every vector (a
     * tenth of the speed, depending on the order the JIT compiled things).
     */
    private void tile(int depth, double alpha, int panel, double[] strips, int strip, double[] c, int c0, int ldc) {
        double[] a = panels;
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = c00;
        DoubleVector c01 = c00;
        DoubleVector c11 = c00;
        DoubleVector c02 = c00;
        DoubleVector c12 = c00;
        DoubleVector c03 = c00;
        DoubleVector c13 = c00;
        for (int p = 0, at = panel, bt = strip; p < depth; p++, at += TILE_ROWS, bt += TILE_COLUMNS) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, at);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, a, at + LANES);
            DoubleVector x = DoubleVector.broadcast(SPECIES, strips[bt]);
            c00 = a0.fma(x, c00);
            c10 = a1.fma(x, c10);
            x = DoubleVector.broadcast(SPECIES, strips[bt + 1]);
            c01 = a0.fma(x, c01);
            c11 = a1.fma(x, c11);
            x = DoubleVector.broadcast(SPECIES, strips[bt + 2]);
            c02 = a0.fma(x, c02);
            c12 = a1.fma(x, c12);
            x = DoubleVector.broadcast(SPECIES, strips[bt + 3]);
            c03 = a0.fma(x, c03);
            c13 = a1.fma(x, c13);
        }
        DoubleVector scale = DoubleVector.broadcast(SPECIES, alpha);
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        c00.fma(scale, DoubleVector.fromArray(SPECIES, c, c0)).intoArray(c, c0);
        c10.fma(scale, DoubleVector.fromArray(SPECIES, c, c0 + LANES)).intoArray(c, c0 + LANES);
        c01.fma(scale, DoubleVector.fromArray(SPECIES, c, c1)).intoArray(c, c1);
        c11.fma(scale, DoubleVector.fromArray(SPECIES, c, c1 + LANES)).intoArray(c, c1 + LANES);
        c02.fma(scale, DoubleVector.fromArray(SPECIES, c, c2)).intoArray(c, c2);
        c12.fma(scale, DoubleVector.fromArray(SPECIES, c, c2 + LANES)).intoArray(c, c2 + LANES);
        c03.fma(scale, DoubleVector.fromArray(SPECIES, c, c3)).intoArray(c, c3);
        c13.fma(scale, DoubleVector.fromArray(SPECIES, c, c3 + LANES)).intoArray(c, c3 + LANES);
    }

    /** C += alpha x a panel's rows of one column: the column tail when n is not a multiple of TILE_COLUMNS. */
    private void column(int depth, double alpha, int panel, double[] b, int b0, double[] c, int c0) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = c00;
        for (int p = 0, at = panel; p < depth; p++, at += TILE_ROWS) {
            DoubleVector x = DoubleVector.broadcast(SPECIES, b[b0 + p]);
            c00 = DoubleVector.fromArray(SPECIES, panels, at).fma(x, c00);
            c10 = DoubleVector.fromArray(SPECIES, panels, at + LANES).fma(x, c10);
        }
        DoubleVector scale = DoubleVector.broadcast(SPECIES, alpha);
        c00.fma(scale, DoubleVector.fromArray(SPECIES, c, c0)).intoArray(c, c0);
        c10.fma(scale, DoubleVector.fromArray(SPECIES, c, c0 + LANES)).intoArray(c, c0 + LANES);
    }
}
