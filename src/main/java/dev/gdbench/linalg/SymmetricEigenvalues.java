package dev.gdbench.linalg;

import java.util.Arrays;

/**
 * The eigenvalues of a small symmetric matrix by cyclic Jacobi rotations: each rotation zeroes one
 * off-diagonal pair, and sweeps over all pairs converge quadratically. For the n <= 64 Hessians
 * that local theory needs (a map's problem at its minimum) this is milliseconds and accurate to a
 * few ulps of the largest eigenvalue, with no library to carry for it.
 */
public final class SymmetricEigenvalues {
    /** Quadratic convergence makes 6 to 10 sweeps the usual count; more means the input is not symmetric. */
    private static final int MAX_SWEEPS = 100;

    private SymmetricEigenvalues() {}

    /**
     * @param matrix column-major n x n, symmetric (only the pairs (i, j) and (j, i) averaged are read)
     * @return the n eigenvalues, ascending
     */
    public static double[] of(double[] matrix, int n) {
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                a[i + j * n] = 0.5 * (matrix[i + j * n] + matrix[j + i * n]);
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a, n) > 0; sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, n, p, q);
                }
            }
        }
        double[] eigenvalues = new double[n];
        for (int i = 0; i < n; i++) {
            eigenvalues[i] = a[i + i * n];
        }
        Arrays.sort(eigenvalues);
        return eigenvalues;
    }

    /** The off-diagonal mass, with entries below an ulp of their diagonal neighbours counted as zero. */
    private static double offDiagonal(double[] a, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                double scale = Math.abs(a[i + i * n]) + Math.abs(a[j + j * n]);
                double entry = Math.abs(a[i + j * n]);
                if (scale + entry != scale) {
                    sum += entry;
                }
            }
        }
        return sum;
    }

    /** A <- J^T A J with the rotation J in the (p, q) plane that zeroes A[p, q] (Golub and Van Loan, 8.5.2). */
    private static void rotate(double[] a, int n, int p, int q) {
        double apq = a[p + q * n];
        if (apq == 0) {
            return;
        }
        double tau = (a[q + q * n] - a[p + p * n]) / (2 * apq);
        double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        if (tau == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        for (int k = 0; k < n; k++) { // columns p and q: A J
            double akp = a[k + p * n];
            double akq = a[k + q * n];
            a[k + p * n] = c * akp - s * akq;
            a[k + q * n] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) { // rows p and q: J^T (A J)
            double apk = a[p + k * n];
            double aqk = a[q + k * n];
            a[p + k * n] = c * apk - s * aqk;
            a[q + k * n] = s * apk + c * aqk;
        }
    }
}
