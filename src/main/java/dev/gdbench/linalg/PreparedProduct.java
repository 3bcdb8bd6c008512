package dev.gdbench.linalg;

/** C[:, cols] = alpha op(A) B[:, cols] + beta C[:, cols] for one fixed op(A), by one implementation. */
interface PreparedProduct {
    void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol);
}
