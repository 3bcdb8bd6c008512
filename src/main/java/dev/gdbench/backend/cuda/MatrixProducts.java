package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import jcuda.driver.CUdeviceptr;

/**
 * C = act(alpha op(A) B + beta D) - bias 1^T, column-major, op(A) = A or A^T, act the identity or
 * the logistic sigmoid, as the {@link Epilogue} says: the one product the gradients need. Two
 * implementations: the built-in tiled GEMM (kernels/gradients.cu) and cuBLAS. Calls only enqueue
 * work on the backend's stream, so they can be captured into a graph.
 */
interface MatrixProducts extends AutoCloseable {
    /**
     * What happens to alpha op(A) B before it is stored in C: + addendScale D (D with C's leading
     * dimension, null for none), then the sigmoid if asked, then - bias 1^T (bias null for none).
     */
    record Epilogue(CUdeviceptr bias, CUdeviceptr addend, double addendScale, boolean sigmoid) {
        /** C = alpha op(A) B. */
        static final Epilogue NONE = new Epilogue(null, null, 0, false);

        /** C = alpha op(A) B - bias 1^T: quadratic G = A X - b 1^T, least-squares R = M X - y 1^T. */
        static Epilogue minus(CUdeviceptr bias) {
            return new Epilogue(bias, null, 0, false);
        }

        /** C = alpha op(A) B + scale D: logistic G = (1/m) M^T R + ridge X. */
        static Epilogue plus(double scale, CUdeviceptr addend) {
            return new Epilogue(null, addend, scale, false);
        }

        /** C = sigmoid(alpha op(A) B) - bias 1^T: logistic R = sigmoid(M X) - y 1^T. */
        static Epilogue sigmoidMinus(CUdeviceptr bias) {
            return new Epilogue(bias, null, 0, true);
        }
    }

    void multiply(Precision precision, boolean transposeA, int m, int n, int k, double alpha, CUdeviceptr a, int lda,
                  CUdeviceptr b, int ldb, Epilogue epilogue, CUdeviceptr c, int ldc);

    /**
     * Makes ready whatever device memory a product of this shape will need (a split-k workspace),
     * ahead of the graph captures that run it: memory cannot be allocated while a stream is captured.
     */
    void reserve(Precision precision, int m, int n, int k);

    /** Which GEMM runs, for {@code info} and meta.json. */
    String description();

    @Override
    void close();
}
