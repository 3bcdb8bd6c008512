package dev.gdbench.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PackedGemm}'s fp32 pieces: the FloatVector micro-kernels and the float[] element loops,
 * {@link VectorGemm}'s with twice its lanes, so twice the flops per instruction. They accumulate in
 * fp32 in the fp64 kernel's order (alpha and beta rounded to fp32 first, as sgemm takes them).
 */
final class FloatVectorGemm extends PackedGemm<float[]> {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** The fp64 kernel's tile (2 vectors of rows x 4 columns on AVX2, x 8 on AVX-512), in fp32 lanes. */
    static final int TILE_ROWS = 2 * LANES;
    static final int TILE_COLUMNS = tileColumnsFor(SPECIES.vectorBitSize());
    private static final ThreadLocal<float[]> STRIPS = ThreadLocal.withInitial(() -> new float[0]);

    FloatVectorGemm(int m, int k, float[] a, int lda) {
        this(m, k, a, lda, TILE_COLUMNS);
    }

    /** With a tile width of choice: tests run both widths' code whatever this machine's registers. */
    FloatVectorGemm(int m, int k, float[] a, int lda, int tileColumns) {
        super(m, k, a, lda, TILE_ROWS, tileColumns, float[]::new);
    }

    @Override
    float[] storage(DenseMatrix matrix) {
        return matrix.fp32Storage();
    }

    @Override
    float[] strips(int length) {
        float[] strips = STRIPS.get();
        if (strips.length < length) {
            strips = new float[length];
            STRIPS.set(strips);
        }
        return strips;
    }

    @Override
    void scale(float[] c, int from, int length, double beta) {
        for (int i = from; i < from + length; i++) {
            c[i] = beta == 0 ? 0 : (float) beta * c[i];
        }
    }

    @Override
    void pack(float[] b, int from, float[] strips, int at, int width, int depth) {
        for (int p = 0; p < depth; p++) {
            strips[at + p * width] = b[from + p];
        }
    }

    @Override
    void narrowTile(int depth, double alpha, int panel, float[] strips, int strip, float[] c, int c0, int ldc) {
        float[] a = panels;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        FloatVector c01 = c00;
        FloatVector c11 = c00;
        FloatVector c02 = c00;
        FloatVector c12 = c00;
        FloatVector c03 = c00;
        FloatVector c13 = c00;
        for (int p = 0, at = panel, bt = strip; p < depth; p++, at += TILE_ROWS, bt += NARROW_TILE) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, a, at);
            FloatVector a1 = FloatVector.fromArray(SPECIES, a, at + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, strips[bt]);
            c00 = a0.fma(x, c00);
            c10 = a1.fma(x, c10);
            x = FloatVector.broadcast(SPECIES, strips[bt + 1]);
            c01 = a0.fma(x, c01);
            c11 = a1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, strips[bt + 2]);
            c02 = a0.fma(x, c02);
            c12 = a1.fma(x, c12);
            x = FloatVector.broadcast(SPECIES, strips[bt + 3]);
            c03 = a0.fma(x, c03);
            c13 = a1.fma(x, c13);
        }
        FloatVector scale = FloatVector.broadcast(SPECIES, (float) alpha);
        int column0 = c0;
        int column1 = c0 + ldc;
        int column2 = c0 + 2 * ldc;
        int column3 = c0 + 3 * ldc;
        c00.fma(scale, FloatVector.fromArray(SPECIES, c, column0)).intoArray(c, column0);
        c10.fma(scale, FloatVector.fromArray(SPECIES, c, column0 + LANES)).intoArray(c, column0 + LANES);
        c01.fma(scale, FloatVector.fromArray(SPECIES, c, column1)).intoArray(c, column1);
        c11.fma(scale, FloatVector.fromArray(SPECIES, c, column1 + LANES)).intoArray(c, column1 + LANES);
        c02.fma(scale, FloatVector.fromArray(SPECIES, c, column2)).intoArray(c, column2);
        c12.fma(scale, FloatVector.fromArray(SPECIES, c, column2 + LANES)).intoArray(c, column2 + LANES);
        c03.fma(scale, FloatVector.fromArray(SPECIES, c, column3)).intoArray(c, column3);
        c13.fma(scale, FloatVector.fromArray(SPECIES, c, column3 + LANES)).intoArray(c, column3 + LANES);
    }

    @Override
    void wideTile(int depth, double alpha, int panel, float[] strips, int strip, float[] c, int c0, int ldc) {
        float[] a = panels;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        FloatVector c01 = c00;
        FloatVector c11 = c00;
        FloatVector c02 = c00;
        FloatVector c12 = c00;
        FloatVector c03 = c00;
        FloatVector c13 = c00;
        FloatVector c04 = c00;
        FloatVector c14 = c00;
        FloatVector c05 = c00;
        FloatVector c15 = c00;
        FloatVector c06 = c00;
        FloatVector c16 = c00;
        FloatVector c07 = c00;
        FloatVector c17 = c00;
        for (int p = 0, at = panel, bt = strip; p < depth; p++, at += TILE_ROWS, bt += WIDE_TILE) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, a, at);
            FloatVector a1 = FloatVector.fromArray(SPECIES, a, at + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, strips[bt]);
            c00 = a0.fma(x, c00);
            c10 = a1.fma(x, c10);
            x = FloatVector.broadcast(SPECIES, strips[bt + 1]);
            c01 = a0.fma(x, c01);
            c11 = a1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, strips[bt + 2]);
            c02 = a0.fma(x, c02);
            c12 = a1.fma(x, c12);
            x = FloatVector.broadcast(SPECIES, strips[bt + 3]);
            c03 = a0.fma(x, c03);
            c13 = a1.fma(x, c13);
            x = FloatVector.broadcast(SPECIES, strips[bt + 4]);
            c04 = a0.fma(x, c04);
            c14 = a1.fma(x, c14);
            x = FloatVector.broadcast(SPECIES, strips[bt + 5]);
            c05 = a0.fma(x, c05);
            c15 = a1.fma(x, c15);
            x = FloatVector.broadcast(SPECIES, strips[bt + 6]);
            c06 = a0.fma(x, c06);
            c16 = a1.fma(x, c16);
            x = FloatVector.broadcast(SPECIES, strips[bt + 7]);
            c07 = a0.fma(x, c07);
            c17 = a1.fma(x, c17);
        }
        FloatVector scale = FloatVector.broadcast(SPECIES, (float) alpha);
        int column0 = c0;
        int column1 = c0 + ldc;
        int column2 = c0 + 2 * ldc;
        int column3 = c0 + 3 * ldc;
        int column4 = c0 + 4 * ldc;
        int column5 = c0 + 5 * ldc;
        int column6 = c0 + 6 * ldc;
        int column7 = c0 + 7 * ldc;
        c00.fma(scale, FloatVector.fromArray(SPECIES, c, column0)).intoArray(c, column0);
        c10.fma(scale, FloatVector.fromArray(SPECIES, c, column0 + LANES)).intoArray(c, column0 + LANES);
        c01.fma(scale, FloatVector.fromArray(SPECIES, c, column1)).intoArray(c, column1);
        c11.fma(scale, FloatVector.fromArray(SPECIES, c, column1 + LANES)).intoArray(c, column1 + LANES);
        c02.fma(scale, FloatVector.fromArray(SPECIES, c, column2)).intoArray(c, column2);
        c12.fma(scale, FloatVector.fromArray(SPECIES, c, column2 + LANES)).intoArray(c, column2 + LANES);
        c03.fma(scale, FloatVector.fromArray(SPECIES, c, column3)).intoArray(c, column3);
        c13.fma(scale, FloatVector.fromArray(SPECIES, c, column3 + LANES)).intoArray(c, column3 + LANES);
        c04.fma(scale, FloatVector.fromArray(SPECIES, c, column4)).intoArray(c, column4);
        c14.fma(scale, FloatVector.fromArray(SPECIES, c, column4 + LANES)).intoArray(c, column4 + LANES);
        c05.fma(scale, FloatVector.fromArray(SPECIES, c, column5)).intoArray(c, column5);
        c15.fma(scale, FloatVector.fromArray(SPECIES, c, column5 + LANES)).intoArray(c, column5 + LANES);
        c06.fma(scale, FloatVector.fromArray(SPECIES, c, column6)).intoArray(c, column6);
        c16.fma(scale, FloatVector.fromArray(SPECIES, c, column6 + LANES)).intoArray(c, column6 + LANES);
        c07.fma(scale, FloatVector.fromArray(SPECIES, c, column7)).intoArray(c, column7);
        c17.fma(scale, FloatVector.fromArray(SPECIES, c, column7 + LANES)).intoArray(c, column7 + LANES);
    }

    @Override
    void column(int depth, double alpha, int panel, float[] b, int b0, float[] c, int c0) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        for (int p = 0, at = panel; p < depth; p++, at += TILE_ROWS) {
            FloatVector x = FloatVector.broadcast(SPECIES, b[b0 + p]);
            c00 = FloatVector.fromArray(SPECIES, panels, at).fma(x, c00);
            c10 = FloatVector.fromArray(SPECIES, panels, at + LANES).fma(x, c10);
        }
        FloatVector scale = FloatVector.broadcast(SPECIES, (float) alpha);
        c00.fma(scale, FloatVector.fromArray(SPECIES, c, c0)).intoArray(c, c0);
        c10.fma(scale, FloatVector.fromArray(SPECIES, c, c0 + LANES)).intoArray(c, c0 + LANES);
    }

    @Override
    void tailRow(int row, double alpha, float[] b, int b0, double beta, float[] c, int at) {
        float sum = 0;
        for (int p = 0; p < k; p++) {
            sum += tailRows[row * k + p] * b[b0 + p];
        }
        c[at] = (float) alpha * sum + (beta == 0 ? 0 : (float) beta * c[at]);
    }
}
