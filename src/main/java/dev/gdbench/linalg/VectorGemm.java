package dev.gdbench.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link PackedGemm}'s fp64 pieces: the DoubleVector micro-kernels and the double[] element loops. */
final class VectorGemm extends PackedGemm<double[]> {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * A tile's rows: 2 vectors. Its columns are {@link #TILE_COLUMNS}: 2 x 4 (8 accumulators, 2
     * loads of A and a broadcast: 11 of AVX2's 16 vector registers) or, with AVX-512's 32, 2 x 8
     * (16 accumulators, 19 registers). Tried on AVX2 and measured slower, kept out: 2 x 5 and
     * 2 x 6 (10 and 12 chains of multiply-adds against Zen 2's two FMA pipes of latency 5) ran at
     * 0.94-0.99x of 2 x 4 side by side at n = 256 and 1024, so 8 accumulators are not what limits
     * it there; unrolling the k loop by hand (two steps per iteration) ran at 0.62x, C2 unrolls it
     * better itself.
     */
    static final int TILE_ROWS = 2 * LANES;
    static final int TILE_COLUMNS = tileColumnsFor(SPECIES.vectorBitSize());
    private static final ThreadLocal<double[]> STRIPS = ThreadLocal.withInitial(() -> new double[0]);

    VectorGemm(int m, int k, double[] a, int lda) {
        this(m, k, a, lda, TILE_COLUMNS);
    }

    /** With a tile width of choice: tests run both widths' code whatever this machine's registers. */
    VectorGemm(int m, int k, double[] a, int lda, int tileColumns) {
        super(m, k, a, lda, TILE_ROWS, tileColumns, double[]::new);
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
    void pack(double[] b, int from, double[] strips, int at, int width, int depth) {
        for (int p = 0; p < depth; p++) {
            strips[at + p * width] = b[from + p];
        }
    }

    @Override
    void narrowTile(int depth, double alpha, int panel, double[] strips, int strip, double[] c, int c0, int ldc) {
        double[] a = panels;
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = c00;
        DoubleVector c01 = c00;
        DoubleVector c11 = c00;
        DoubleVector c02 = c00;
        DoubleVector c12 = c00;
        DoubleVector c03 = c00;
        DoubleVector c13 = c00;
        for (int p = 0, at = panel, bt = strip; p < depth; p++, at += TILE_ROWS, bt += NARROW_TILE) {
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
        int column0 = c0;
        int column1 = c0 + ldc;
        int column2 = c0 + 2 * ldc;
        int column3 = c0 + 3 * ldc;
        c00.fma(scale, DoubleVector.fromArray(SPECIES, c, column0)).intoArray(c, column0);
        c10.fma(scale, DoubleVector.fromArray(SPECIES, c, column0 + LANES)).intoArray(c, column0 + LANES);
        c01.fma(scale, DoubleVector.fromArray(SPECIES, c, column1)).intoArray(c, column1);
        c11.fma(scale, DoubleVector.fromArray(SPECIES, c, column1 + LANES)).intoArray(c, column1 + LANES);
        c02.fma(scale, DoubleVector.fromArray(SPECIES, c, column2)).intoArray(c, column2);
        c12.fma(scale, DoubleVector.fromArray(SPECIES, c, column2 + LANES)).intoArray(c, column2 + LANES);
        c03.fma(scale, DoubleVector.fromArray(SPECIES, c, column3)).intoArray(c, column3);
        c13.fma(scale, DoubleVector.fromArray(SPECIES, c, column3 + LANES)).intoArray(c, column3 + LANES);
    }

    @Override
    void wideTile(int depth, double alpha, int panel, double[] strips, int strip, double[] c, int c0, int ldc) {
        double[] a = panels;
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c10 = c00;
        DoubleVector c01 = c00;
        DoubleVector c11 = c00;
        DoubleVector c02 = c00;
        DoubleVector c12 = c00;
        DoubleVector c03 = c00;
        DoubleVector c13 = c00;
        DoubleVector c04 = c00;
        DoubleVector c14 = c00;
        DoubleVector c05 = c00;
        DoubleVector c15 = c00;
        DoubleVector c06 = c00;
        DoubleVector c16 = c00;
        DoubleVector c07 = c00;
        DoubleVector c17 = c00;
        for (int p = 0, at = panel, bt = strip; p < depth; p++, at += TILE_ROWS, bt += WIDE_TILE) {
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
            x = DoubleVector.broadcast(SPECIES, strips[bt + 4]);
            c04 = a0.fma(x, c04);
            c14 = a1.fma(x, c14);
            x = DoubleVector.broadcast(SPECIES, strips[bt + 5]);
            c05 = a0.fma(x, c05);
            c15 = a1.fma(x, c15);
            x = DoubleVector.broadcast(SPECIES, strips[bt + 6]);
            c06 = a0.fma(x, c06);
            c16 = a1.fma(x, c16);
            x = DoubleVector.broadcast(SPECIES, strips[bt + 7]);
            c07 = a0.fma(x, c07);
            c17 = a1.fma(x, c17);
        }
        DoubleVector scale = DoubleVector.broadcast(SPECIES, alpha);
        int column0 = c0;
        int column1 = c0 + ldc;
        int column2 = c0 + 2 * ldc;
        int column3 = c0 + 3 * ldc;
        int column4 = c0 + 4 * ldc;
        int column5 = c0 + 5 * ldc;
        int column6 = c0 + 6 * ldc;
        int column7 = c0 + 7 * ldc;
        c00.fma(scale, DoubleVector.fromArray(SPECIES, c, column0)).intoArray(c, column0);
        c10.fma(scale, DoubleVector.fromArray(SPECIES, c, column0 + LANES)).intoArray(c, column0 + LANES);
        c01.fma(scale, DoubleVector.fromArray(SPECIES, c, column1)).intoArray(c, column1);
        c11.fma(scale, DoubleVector.fromArray(SPECIES, c, column1 + LANES)).intoArray(c, column1 + LANES);
        c02.fma(scale, DoubleVector.fromArray(SPECIES, c, column2)).intoArray(c, column2);
        c12.fma(scale, DoubleVector.fromArray(SPECIES, c, column2 + LANES)).intoArray(c, column2 + LANES);
        c03.fma(scale, DoubleVector.fromArray(SPECIES, c, column3)).intoArray(c, column3);
        c13.fma(scale, DoubleVector.fromArray(SPECIES, c, column3 + LANES)).intoArray(c, column3 + LANES);
        c04.fma(scale, DoubleVector.fromArray(SPECIES, c, column4)).intoArray(c, column4);
        c14.fma(scale, DoubleVector.fromArray(SPECIES, c, column4 + LANES)).intoArray(c, column4 + LANES);
        c05.fma(scale, DoubleVector.fromArray(SPECIES, c, column5)).intoArray(c, column5);
        c15.fma(scale, DoubleVector.fromArray(SPECIES, c, column5 + LANES)).intoArray(c, column5 + LANES);
        c06.fma(scale, DoubleVector.fromArray(SPECIES, c, column6)).intoArray(c, column6);
        c16.fma(scale, DoubleVector.fromArray(SPECIES, c, column6 + LANES)).intoArray(c, column6 + LANES);
        c07.fma(scale, DoubleVector.fromArray(SPECIES, c, column7)).intoArray(c, column7);
        c17.fma(scale, DoubleVector.fromArray(SPECIES, c, column7 + LANES)).intoArray(c, column7 + LANES);
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
