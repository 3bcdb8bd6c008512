package dev.gdbench.linalg;

/**
 * A matrix multiplied by many batches and never changed: the gradient's A (and M, M^T for least
 * squares). Which implementation multiplies it is decided at its first product by
 * {@link ProductPlanner} (once per shape and precision in a run: the fastest of gdbench's packed
 * kernel, the JVM BLAS and the bundled OpenBLAS, as timed here), except small fp64 ones
 * ({@link #PACKED_UP_TO}).
 */
public final class FixedMatrix {
    /**
     * fp64 products with op(A) at most this many rows and columns always run on the packed kernel,
     * unplanned: there it measured as fast as OpenBLAS (36.5 and 37.5 GFLOP/s at n = 256 on the
     * build machine, within the planner's margin, so a timed choice would flip from run to run and
     * with it the last bits of the default sweep's results), and the map engine (n up to 64)
     * reproduces its bits through {@link #fusedRows}. fp32 products are always planned: the map
     * engine runs fp64 only, and the fp32 kernel was not measured against OpenBLAS at small n.
     */
    static final int PACKED_UP_TO = 256;

    private final DenseMatrix matrix;
    private final boolean transpose;
    private volatile PreparedProduct product;

    private FixedMatrix(DenseMatrix matrix, boolean transpose) {
        this.matrix = matrix;
        this.transpose = transpose;
    }

    /** op(A): A itself or its transpose. */
    public static FixedMatrix of(DenseMatrix a, boolean transpose) {
        return new FixedMatrix(a, transpose);
    }

    /** The implementations products choose among and whether each can run here, for descriptions. */
    public static String productCandidates() {
        return ProductPlanner.candidatesDescription();
    }

    /**
     * How many leading rows of an m-row op(A) the fp64 product computes with a chain of fused
     * multiply-adds (whole register tiles); the rows after them are summed with a separate multiply
     * and add per term. Code that must reproduce the product to the last bit (the map engine, whose
     * n is within {@link #PACKED_UP_TO}) reads it here.
     */
    public static int fusedRows(int m) {
        return ProductCandidate.VECTOR_API ? m - m % VectorGemm.TILE_ROWS : 0;
    }

    /** C[:, cols] = alpha op(A) B[:, cols] + beta C[:, cols], as {@link DenseMatrix#multiply}. */
    public void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol) {
        PreparedProduct chosen = product;
        if (chosen == null) {
            chosen = choose(endCol - firstCol);
        }
        chosen.multiply(alpha, b, beta, c, firstCol, endCol);
    }

    /** At the first product, for batches as wide as it is. */
    private synchronized PreparedProduct choose(int columns) {
        if (product == null) {
            int m = transpose ? matrix.cols() : matrix.rows();
            int k = transpose ? matrix.rows() : matrix.cols();
            boolean packedKernelShape = matrix.precision() == Precision.FP64 && m <= PACKED_UP_TO && k <= PACKED_UP_TO
                    && ProductCandidate.PACKED.unavailable(matrix.precision()).isEmpty();
            product = packedKernelShape ? ProductCandidate.PACKED.prepare(matrix, transpose)
                    : ProductPlanner.shared().productFor(matrix, transpose, columns);
        }
        return product;
    }
}
