package dev.gdbench.problem;

import java.util.SplittableRandom;

/**
 * Random orthogonal matrices as products of a few Householder reflectors H = I - 2 v v^T
 * (|v| = 1). Each reflector costs O(n^2) to apply to a dense matrix, so Q = H_1 ... H_k
 * rotates a prescribed spectrum into a dense matrix in O(k n^2) and the spectrum stays exact.
 */
final class Householder {
    /** Enough reflectors that A = Q D Q^T has no visible structure; the cost stays O(n^2). */
    static final int REFLECTORS = 4;

    private Householder() {}

    static double[][] randomUnitVectors(int count, int length, SplittableRandom random) {
        double[][] vectors = new double[count][];
        for (int r = 0; r < count; r++) {
            double[] v = new double[length];
            double norm2 = 0;
            for (int i = 0; i < length; i++) {
                v[i] = Gaussian.next(random);
                norm2 += v[i] * v[i];
            }
            double inv = 1 / Math.sqrt(norm2);
            for (int i = 0; i < length; i++) {
                v[i] *= inv;
            }
            vectors[r] = v;
        }
        return vectors;
    }

    /** M <- H M H for symmetric column-major M (n x n): M - 2 v w^T - 2 w v^T + 4 (v.w) v v^T, w = M v. */
    static void conjugateSymmetric(double[] m, int n, double[] v) {
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            double vj = v[j];
            for (int i = 0; i < n; i++) {
                w[i] += m[j * n + i] * vj;
            }
        }
        double vw = 0;
        for (int i = 0; i < n; i++) {
            vw += v[i] * w[i];
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                m[j * n + i] += -2 * v[i] * w[j] - 2 * w[i] * v[j] + 4 * vw * v[i] * v[j];
            }
        }
    }

    /** M <- H M for column-major M (rows x cols), H acting on the rows: M - 2 v (v^T M). */
    static void applyLeft(double[] m, int rows, int cols, double[] v) {
        for (int j = 0; j < cols; j++) {
            double dot = 0;
            for (int i = 0; i < rows; i++) {
                dot += v[i] * m[j * rows + i];
            }
            for (int i = 0; i < rows; i++) {
                m[j * rows + i] -= 2 * dot * v[i];
            }
        }
    }

    /** M <- M H for column-major M (rows x cols), H acting on the columns: M - 2 (M v) v^T. */
    static void applyRight(double[] m, int rows, int cols, double[] v) {
        double[] mv = new double[rows];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                mv[i] += m[j * rows + i] * v[j];
            }
        }
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                m[j * rows + i] -= 2 * mv[i] * v[j];
            }
        }
    }

    /** x <- H x. */
    static void applyToVector(double[] x, double[] v) {
        applyLeft(x, x.length, 1, v);
    }
}
