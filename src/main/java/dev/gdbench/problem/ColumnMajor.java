package dev.gdbench.problem;

/**
 * Products with a data matrix M stored column-major (rows x n), as the finite-sum problems keep
 * their design: M x over every row or over sampled rows, and a column of M dotted with a vector
 * over the same rows. Each sums over its index in increasing order, so the full and the sampled
 * forms agree to the last bit when the sample is every row.
 */
final class ColumnMajor {
    private ColumnMajor() {}

    /** M x, one entry per row. */
    static double[] times(double[] matrix, int rows, int columns, double[] x) {
        double[] product = new double[rows];
        for (int j = 0; j < columns; j++) {
            double xj = x[j];
            for (int i = 0; i < rows; i++) {
                product[i] += matrix[j * rows + i] * xj;
            }
        }
        return product;
    }

    /** M_S x: entry k is row sample[k] of M times x. */
    static double[] sampledTimes(double[] matrix, int rows, int columns, int[] sample, double[] x) {
        double[] product = new double[sample.length];
        for (int j = 0; j < columns; j++) {
            for (int k = 0; k < sample.length; k++) {
                product[k] += matrix[j * rows + sample[k]] * x[j];
            }
        }
        return product;
    }

    /** (M^T r)_j: column j of M dotted with r over every row. */
    static double columnDot(double[] matrix, int rows, int j, double[] r) {
        double dot = 0;
        for (int i = 0; i < rows; i++) {
            dot += matrix[j * rows + i] * r[i];
        }
        return dot;
    }

    /** (M_S^T r)_j: column j of M over the sampled rows dotted with r (r_k belongs to row sample[k]). */
    static double sampledColumnDot(double[] matrix, int rows, int[] sample, int j, double[] r) {
        double dot = 0;
        for (int k = 0; k < sample.length; k++) {
            dot += matrix[j * rows + sample[k]] * r[k];
        }
        return dot;
    }
}
