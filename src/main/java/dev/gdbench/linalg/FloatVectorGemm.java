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
    /** The fp64 kernel's tile (2 vectors of rows x 4 columns, 11 of AVX2's 16 registers), in fp32 lanes. */
    static final int TILE_ROWS = 2 * LANES;
    private static final ThreadLocal<float[]> STRIPS = ThreadLocal.withInitial(() -> new float[0]);

    FloatVectorGemm(int m, int k, float[] a, int lda) {
        super(m, k, a, lda, TILE_ROWS, float[]::new);
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
    void pack(float[] b, int from, float[] strips, int at, int depth) {
        for (int p = 0; p < depth; p++) {
            strips[at + p * TILE_COLUMNS] = b[from + p];
        }
    }

    @Override
    void tile(int depth, double alpha, int panel, float[] strips, int strip, float[] c, int c0, int ldc) {
        float[] a = panels;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = c00;
        FloatVector c01 = c00;
        FloatVector c11 = c00;
        FloatVector c02 = c00;
        FloatVector c12 = c00;
        FloatVector c03 = c00;
        FloatVector c13 = c00;
        for (int p = 0, at = panel, bt = strip; p < depth; p++, at += TILE_ROWS, bt += TILE_COLUMNS) {
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
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        c00.fma(scale, FloatVector.fromArray(SPECIES, c, c0)).intoArray(c, c0);
        c10.fma(scale, FloatVector.fromArray(SPECIES, c, c0 + LANES)).intoArray(c, c0 + LANES);
        c01.fma(scale, FloatVector.fromArray(SPECIES, c, c1)).intoArray(c, c1);
        c11.fma(scale, FloatVector.fromArray(SPECIES, c, c1 + LANES)).intoArray(c, c1 + LANES);
        c02.fma(scale, FloatVector.fromArray(SPECIES, c, c2)).intoArray(c, c2);
        c12.fma(scale, FloatVector.fromArray(SPECIES, c, c2 + LANES)).intoArray(c, c2 + LANES);
        c03.fma(scale, FloatVector.fromArray(SPECIES, c, c3)).intoArray(c, c3);
        c13.fma(scale, FloatVector.fromArray(SPECIES, c, c3 + LANES)).intoArray(c, c3 + LANES);
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
