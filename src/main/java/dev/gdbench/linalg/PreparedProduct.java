package dev.gdbench.linalg;

/** C[:, cols] = alpha op(A) B[:, cols] + beta C[:, cols] for one fixed op(A), by one implementation. */
interface PreparedProduct {
    void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol);

    /**
     * Whether this product spreads itself over the cores: then it must be called once per product
     * over the whole batch from one thread, while none of the caller's other threads works (they
     * would fight its threads for the cores); the others run on each of the caller's threads on its
     * own columns.
     */
    default boolean threadsItself() {
        return false;
    }
}
