package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import jcuda.driver.CUdeviceptr;

/**
 * C = alpha op(A) B - bias 1^T, column-major, op(A) = A or A^T, bias null for none: the one
 * product the gradients need. Two implementations: the built-in tiled GEMM (kernels/gradients.cu)
 * and cuBLAS. Calls only enqueue work on the backend's stream, so they can be captured into a graph.
 */
interface MatrixProducts extends AutoCloseable {
    void multiply(Precision precision, boolean transposeA, int m, int n, int k, double alpha, CUdeviceptr a, int lda,
                  CUdeviceptr b, int ldb, CUdeviceptr bias, CUdeviceptr c, int ldc);

    /** Which GEMM runs, for {@code info} and meta.json. */
    String description();

    @Override
    void close();
}
