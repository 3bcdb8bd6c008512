package dev.gdbench.linalg;

/**
 * A matrix multiplied by many batches and never changed: the gradient's A (and M, M^T for least
 * squares). In fp64, with the Vector API enabled, it is packed once and multiplied by
 * {@link VectorGemm}; otherwise (fp32, or a JVM started without jdk.incubator.vector) by the
 * JVM BLAS through {@link DenseMatrix#multiply}.
 */
public final class FixedMatrix {
    /** The kernel class refers to jdk.incubator.vector, so it is only touched when the module is there. */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final DenseMatrix matrix;
    private final boolean transpose;
    private final VectorGemm packed;

    private FixedMatrix(DenseMatrix matrix, boolean transpose, VectorGemm packed) {
        this.matrix = matrix;
        this.transpose = transpose;
        this.packed = packed;
    }

    /** op(A): A itself or its transpose. */
    public static FixedMatrix of(DenseMatrix a, boolean transpose) {
        double[] values = a.fp64Storage();
        if (!VECTOR_API || values == null) {
            return new FixedMatrix(a, transpose, null);
        }
        int m = transpose ? a.cols() : a.rows();
        int k = transpose ? a.rows() : a.cols();
        double[] op = values;
        if (transpose) {
            op = new double[m * k];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    op[i + p * m] = values[p + i * k];
                }
            }
        }
        return new FixedMatrix(a, transpose, new VectorGemm(m, k, op, m));
    }

    /** Which kernel fp64 products run on, for descriptions. */
    public static String fp64Kernel() {
        return VECTOR_API ? "gdbench VectorGemm (Vector API, A packed once)" : "BLAS " + Blas.implementation();
    }

    /**
     * How many leading rows of an m-row op(A) the fp64 product computes with a chain of fused
     * multiply-adds (whole register tiles); the rows after them are summed with a separate multiply
     * and add per term. Code that must reproduce the product to the last bit (the map engine) reads it here.
     */
    public static int fusedRows(int m) {
        return VECTOR_API ? m - m % VectorGemm.TILE_ROWS : 0;
    }

    /** C[:, cols] = alpha op(A) B[:, cols] + beta C[:, cols], as {@link DenseMatrix#multiply}. */
    public void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol) {
        if (packed == null) {
            DenseMatrix.multiply(transpose, alpha, matrix, b, beta, c, firstCol, endCol);
            return;
        }
        double[] bValues = b.fp64Storage();
        double[] cValues = c.fp64Storage();
        if (bValues == null || cValues == null) {
            throw new IllegalArgumentException("mixed precisions in one product");
        }
        packed.multiply(endCol - firstCol, alpha, bValues, firstCol * b.rows(), b.rows(), beta, cValues,
                firstCol * c.rows(), c.rows());
    }
}
