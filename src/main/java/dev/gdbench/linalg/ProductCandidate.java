package dev.gdbench.linalg;

import java.util.Optional;

/**
 * The implementations of a fixed matrix's product that {@link ProductPlanner} chooses among, in
 * order of preference: where two run within the planner's margin, the earlier one is kept (the
 * packed kernel's bits are what the map engine reproduces, see {@link FixedMatrix#fusedRows}).
 */
enum ProductCandidate {
    /** gdbench's own register-blocked fp64 kernel ({@link VectorGemm}), A packed once. */
    PACKED("packed") {
        @Override
        Optional<String> unavailable(Precision precision) {
            if (!VECTOR_API) {
                return Optional.of("jdk.incubator.vector is not enabled");
            }
            return precision == Precision.FP64 ? Optional.empty() : Optional.of("fp64 only");
        }

        @Override
        String description() {
            return "gdbench VectorGemm (Vector API, A packed once)";
        }

        @Override
        PreparedProduct prepare(DenseMatrix a, boolean transpose) {
            return new PackedProduct(a, transpose);
        }
    },
    /** dev.ludovic.netlib: whatever it loaded (a system libblas.so.3, else its Vector API code). */
    JVM_BLAS("jvm-blas") {
        @Override
        Optional<String> unavailable(Precision precision) {
            return Optional.empty();
        }

        @Override
        String description() {
            return "JVM BLAS " + Blas.implementation() + Blas.nativeLibrary().map(path -> " (" + path + ")").orElse("");
        }

        @Override
        PreparedProduct prepare(DenseMatrix a, boolean transpose) {
            return (alpha, b, beta, c, firstCol, endCol) ->
                    DenseMatrix.multiply(transpose, alpha, a, b, beta, c, firstCol, endCol);
        }
    },
    /** The OpenBLAS bundled in the jar ({@link NativeBlas}), where its natives load. */
    OPENBLAS("openblas") {
        @Override
        Optional<String> unavailable(Precision precision) {
            return NativeBlas.failure();
        }

        @Override
        String description() {
            return NativeBlas.VERSION;
        }

        @Override
        PreparedProduct prepare(DenseMatrix a, boolean transpose) {
            return NativeBlas.prepare(a, transpose);
        }

        @Override
        boolean compiledByTheJit() {
            return false;
        }
    };

    /** The packed kernel refers to jdk.incubator.vector, so it is only touched when the module is there. */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final String label;

    ProductCandidate(String label) {
        this.label = label;
    }

    /** Short name, as meta.json and the planner's lines write it. */
    String label() {
        return label;
    }

    /** Empty when this implementation can run products in this precision here, else why not. */
    abstract Optional<String> unavailable(Precision precision);

    /** What runs, for people: the kernel or the library that loaded. */
    abstract String description();

    /** Java code, which the JIT must compile before its timings mean anything (see ProductPlanner's warm-up). */
    boolean compiledByTheJit() {
        return true;
    }

    /** Readies op(A) for many products (packs or copies it where the implementation wants its own layout). */
    abstract PreparedProduct prepare(DenseMatrix a, boolean transpose);

    /** {@link VectorGemm} on op(A), transposed once here if need be. */
    private static final class PackedProduct implements PreparedProduct {
        private final VectorGemm gemm;

        PackedProduct(DenseMatrix a, boolean transpose) {
            double[] values = a.fp64Storage();
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
            this.gemm = new VectorGemm(m, k, op, m);
        }

        @Override
        public void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol) {
            double[] bValues = b.fp64Storage();
            double[] cValues = c.fp64Storage();
            if (bValues == null || cValues == null) {
                throw new IllegalArgumentException("mixed precisions in one product");
            }
            gemm.multiply(endCol - firstCol, alpha, bValues, firstCol * b.rows(), b.rows(), beta, cValues,
                    firstCol * c.rows(), c.rows());
        }
    }
}
