package dev.gdbench.linalg;

import java.util.Optional;

/**
 * The implementations of a fixed matrix's product that {@link ProductPlanner} chooses among, in
 * order of preference: where two run within the planner's margin, the earlier one is kept (the
 * packed kernel's bits are what the map engine reproduces, see {@link FixedMatrix#fusedRows}).
 */
enum ProductCandidate {
    /** gdbench's own register-blocked kernel ({@link PackedGemm}, fp64 and fp32), A packed once. */
    PACKED("packed") {
        @Override
        Optional<String> unavailable(Precision precision) {
            return VECTOR_API ? Optional.empty() : Optional.of("jdk.incubator.vector is not enabled");
        }

        @Override
        String description() {
            return "gdbench PackedGemm (Vector API, A packed once)";
        }

        @Override
        PreparedProduct prepare(DenseMatrix a, boolean transpose) {
            return PackedGemm.of(a, transpose);
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
}
