package dev.gdbench.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SymmetricEigenvaluesTest {
    /** The 2 x 2 case in closed form: Rosenbrock's Hessian at (1, 1), trace 1002 and determinant 400. */
    @Test
    void aTwoByTwoMatrixHasTheClosedFormEigenvalues() {
        double[] eigenvalues = SymmetricEigenvalues.of(new double[] {802, -400, -400, 200}, 2);
        assertEquals(501 - Math.sqrt(250601), eigenvalues[0], 1e-12);
        assertEquals(501 + Math.sqrt(250601), eigenvalues[1], 1e-12);
    }

    /** tridiag(-1, 2, -1) of order n has 2 - 2 cos(k pi / (n + 1)), k = 1..n: all of them, ascending, at n = 64. */
    @Test
    void theSecondDifferenceMatrixHasItsKnownSpectrum() {
        int n = 64;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i + i * n] = 2;
            if (i + 1 < n) {
                a[i + (i + 1) * n] = -1;
                a[(i + 1) + i * n] = -1;
            }
        }
        double[] expected = new double[n];
        for (int k = 1; k <= n; k++) {
            expected[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
        }
        assertArrayEquals(expected, SymmetricEigenvalues.of(a, n), 1e-13);
    }

    /** A diagonal matrix is already diagonal: its entries, sorted, with no rotation to blur them. */
    @Test
    void aDiagonalMatrixGivesItsDiagonalSorted() {
        assertArrayEquals(new double[] {-3, 0.5, 7}, SymmetricEigenvalues.of(new double[] {7, 0, 0, 0, -3, 0, 0, 0, 0.5}, 3));
    }
}
