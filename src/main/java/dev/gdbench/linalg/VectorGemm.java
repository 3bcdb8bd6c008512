package dev.gdbench.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link PackedGemm}'s fp64 pieces: the DoubleVector micro-kernels and the double[] element loops. */
final class VectorGemm extends PackedGemm<double[]> {
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
    private static final ThreadLocal<double[]> STRIPS = ThreadLocal.withInitial(() -> new double[0]);

    VectorGemm(int m, int k, double[] a, int lda) {
        super(m, k, a, lda, TILE_ROWS, double[]::new);
    }

    @Override
    double[] storage(DenseMatrix matrix) {
        return matrix.fp64Storage();
    }

    @Override
    double[] strips(int length) {
        double[] strips = STRIPS.get();
        if (strips.length < length) {
            strips = new double[length];
            STRIPS.set(strips);
        }
        return strips;
    }

    @Override
    void scale(double[] c, int from, int length, double beta) {
        for (int i = from; i < from + length; i++) {
            c[i] = beta == 0 ? 0 : beta * c[i];
        }
    }

    @Override
    void pack(double[] b, int from, double[] strips, int at, int depth) {
        for (int p = 0; p < depth; p++) {
            strips[at + p * TILE_COLUMNS] = b[from + p];
        }
    }

    @Override
    void tile(int depth, double alpha, int panel, double[] strips, int strip, double[] c, int c0, int ldc) {
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

    @Override
    void column(int depth, double alpha, int panel, double[] b, int b0, double[] c, int c0) {
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

    @Override
    void tailRow(int row, double alpha, double[] b, int b0, double beta, double[] c, int at) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
            sum += tailRows[row * k + p] * b[b0 + p];
        }
        c[at] = alpha * sum + (beta == 0 ? 0 : beta * c[at]);
    }
}
