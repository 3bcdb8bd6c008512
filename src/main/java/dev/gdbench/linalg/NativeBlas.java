package dev.gdbench.linalg;

import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The OpenBLAS that the jar bundles (org.bytedeco:openblas, linux-x86_64; the same OpenBLAS
 * version NumPy 2.4 uses), loaded once through JavaCPP. It loads only where its natives are in the
 * jar and the platform is theirs; {@link #failure()} says why it did not. OpenBLAS runs on one
 * thread per call: the CPU backend already splits columns over the cores, and a second layer of
 * threads would fight the first.
 *
 * <p>A is copied off the heap once; each product copies its slice of B (and of C when beta is not
 * 0) into per-thread native scratch and the result back: O(n B) copies against O(n^2 B) work, and
 * no JNI array pinning of the whole batch.
 */
final class NativeBlas {
    static final String VERSION = "OpenBLAS 0.3.31 (bundled, org.bytedeco)";
    private static final int COLUMN_MAJOR = 102;
    private static final int NO_TRANSPOSE = 111;
    private static final int TRANSPOSE = 112;
    private static final Optional<String> FAILURE = load();

    private NativeBlas() {}

    /** The one native library gdbench bundles for linux-x86_64; without it JavaCPP cannot load OpenBLAS. */
    static final String LIBRARY_RESOURCE = "/org/bytedeco/openblas/linux-x86_64/libopenblas.so.0";

    /** Whether this build carries the natives (the GPU machines' carry leaves them out, see native/lean-carry.sh). */
    static boolean bundled() {
        return NativeBlas.class.getResource(LIBRARY_RESOURCE) != null;
    }

    private static Optional<String> load() {
        if (!bundled()) {
            return Optional.of("its linux-x86_64 natives are not in this jar");
        }
        try {
            Loader.load(openblas_nolapack.class);
            openblas_nolapack.blas_set_num_threads(1);
            return Optional.empty();
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, or JavaCPP's own: all mean "not here"
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(message.lines().findFirst().orElse(message));
        }
    }

    /** Empty when OpenBLAS loaded, else why not (one line). */
    static Optional<String> failure() {
        return FAILURE;
    }

    /** A fixed op(A) in native memory, multiplied by slices of on-heap B into on-heap C. */
    static Product prepare(DenseMatrix a, boolean transpose) {
        if (FAILURE.isPresent()) {
            throw new IllegalStateException("OpenBLAS is not loaded: " + FAILURE.get());
        }
        return a.precision() == Precision.FP64 ? new Fp64Product(a, transpose) : new Fp32Product(a, transpose);
    }

    abstract static sealed class Product implements PreparedProduct permits Fp64Product, Fp32Product {
        final int rows;
        final int m;
        final int k;
        final int transposeFlag;

        Product(DenseMatrix a, boolean transpose) {
            this.rows = a.rows();
            this.m = transpose ? a.cols() : a.rows();
            this.k = transpose ? a.rows() : a.cols();
            this.transposeFlag = transpose ? TRANSPOSE : NO_TRANSPOSE;
        }
    }

    private static final class Fp64Product extends Product {
        private static final ThreadLocal<DoublePointer[]> SCRATCH = ThreadLocal.withInitial(() -> new DoublePointer[2]);
        private final DoublePointer a;

        Fp64Product(DenseMatrix matrix, boolean transpose) {
            super(matrix, transpose);
            this.a = new DoublePointer(matrix.fp64Storage());
        }

        private static DoublePointer scratch(int which, long elements) {
            DoublePointer[] held = SCRATCH.get();
            if (held[which] == null || held[which].capacity() < elements) {
                held[which] = new DoublePointer(elements);
            }
            return held[which];
        }

        @Override
        public void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol) {
            int n = endCol - firstCol;
            double[] bValues = b.fp64Storage();
            double[] cValues = c.fp64Storage();
            DoublePointer bSlice = scratch(0, (long) k * n).put(bValues, firstCol * k, k * n);
            DoublePointer cSlice = scratch(1, (long) m * n);
            if (beta != 0) {
                cSlice.put(cValues, firstCol * m, m * n);
            }
            openblas_nolapack.cblas_dgemm(COLUMN_MAJOR, transposeFlag, NO_TRANSPOSE, m, n, k, alpha, a, rows,
                    bSlice, k, beta, cSlice, m);
            cSlice.get(cValues, firstCol * m, m * n);
        }
    }

    private static final class Fp32Product extends Product {
        private static final ThreadLocal<FloatPointer[]> SCRATCH = ThreadLocal.withInitial(() -> new FloatPointer[2]);
        private final FloatPointer a;

        Fp32Product(DenseMatrix matrix, boolean transpose) {
            super(matrix, transpose);
            this.a = new FloatPointer(matrix.fp32Storage());
        }

        private static FloatPointer scratch(int which, long elements) {
            FloatPointer[] held = SCRATCH.get();
            if (held[which] == null || held[which].capacity() < elements) {
                held[which] = new FloatPointer(elements);
            }
            return held[which];
        }

        @Override
        public void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol) {
            int n = endCol - firstCol;
            float[] bValues = b.fp32Storage();
            float[] cValues = c.fp32Storage();
            FloatPointer bSlice = scratch(0, (long) k * n).put(bValues, firstCol * k, k * n);
            FloatPointer cSlice = scratch(1, (long) m * n);
            if (beta != 0) {
                cSlice.put(cValues, firstCol * m, m * n);
            }
            openblas_nolapack.cblas_sgemm(COLUMN_MAJOR, transposeFlag, NO_TRANSPOSE, m, n, k, (float) alpha, a, rows,
                    bSlice, k, (float) beta, cSlice, m);
            cSlice.get(cValues, firstCol * m, m * n);
        }
    }
}
