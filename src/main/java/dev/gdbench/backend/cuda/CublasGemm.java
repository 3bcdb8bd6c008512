package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * Products through cuBLAS (JCublas2). cuBLAS has none of our epilogues, so they cost extra passes
 * over C: preset_linear presets C = beta D - bias 1^T and the GEMM accumulates into it (cuBLAS
 * beta = 1); with the sigmoid, the bias waits until sigmoid_epilogue makes C = sigmoid(C) - bias 1^T
 * after the GEMM. A workspace of our own is set so that cuBLAS allocates nothing while a graph is
 * being captured.
 */
final class CublasGemm implements MatrixProducts {
    /** cuBLAS's recommended workspace on Hopper (32 MiB); smaller GPUs need less. */
    static final long WORKSPACE_BYTES = 32L << 20;

    private final Kernels kernels;
    private final cublasHandle handle = new cublasHandle();
    private final CUdeviceptr workspace = new CUdeviceptr();
    private final String path;
    private boolean workspaceAllocated;

    /** @param path how cuBLAS was loaded (cuBLAS 12, or 13 through the forwarding library) */
    CublasGemm(Kernels kernels, String path) {
        this.kernels = kernels;
        NativeFolder.loading(() -> JCublas2.setExceptionsEnabled(true));
        JCublas2.cublasCreate(handle);
        int[] version = new int[1];
        try {
            JCublas2.cublasSetStream(handle, new cudaStream_t(kernels.stream()));
            JCudaDriver.cuMemAlloc(workspace, WORKSPACE_BYTES);
            workspaceAllocated = true;
            JCublas2.cublasSetWorkspace(handle, workspace, WORKSPACE_BYTES);
            JCublas2.cublasGetVersion(handle, version);
        } catch (RuntimeException e) {
            // The loader falls back to the built-in GEMM: leave nothing of cuBLAS behind.
            close();
            throw e;
        }
        this.path = path + ", cuBLAS " + version[0] / 10000 + "." + version[0] / 100 % 100 + "." + version[0] % 100;
    }

    /** cuBLAS works in the workspace set at construction. */
    @Override
    public void reserve(Precision precision, int m, int n, int k) {
    }

    @Override
    public void multiply(Precision precision, boolean transposeA, int m, int n, int k, double alpha, CUdeviceptr a,
                         int lda, CUdeviceptr b, int ldb, Epilogue epilogue, CUdeviceptr c, int ldc) {
        CUdeviceptr presetBias = epilogue.sigmoid() ? null : epilogue.bias();
        boolean preset = epilogue.addend() != null || presetBias != null;
        boolean after = epilogue.sigmoid();
        if ((preset || after) && ldc != m) {
            throw new IllegalArgumentException("the epilogue kernels need a packed C (ldc " + ldc + " != m " + m + ")");
        }
        int blocks = LaunchGeometry.elementwiseBlocks((long) m * n, precision);
        if (preset) {
            kernels.launch(KernelModule.kernel("preset_linear", precision), blocks, 1, c, epilogue.addendScale(),
                    epilogue.addend(), presetBias, m, n);
        }
        double beta = preset ? 1 : 0;
        int op = transposeA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        if (precision == Precision.FP32) {
            JCublas2.cublasSgemm(handle, op, cublasOperation.CUBLAS_OP_N, m, n, k, Pointer.to(new float[] {(float) alpha}),
                    a, lda, b, ldb, Pointer.to(new float[] {(float) beta}), c, ldc);
        } else {
            JCublas2.cublasDgemm(handle, op, cublasOperation.CUBLAS_OP_N, m, n, k, Pointer.to(new double[] {alpha}),
                    a, lda, b, ldb, Pointer.to(new double[] {beta}), c, ldc);
        }
        if (after) {
            kernels.launch(KernelModule.kernel("sigmoid_epilogue", precision), blocks, 1, c, epilogue.bias(), m, n);
        }
    }

    @Override
    public String description() {
        return path;
    }

    @Override
    public void close() {
        JCublas2.cublasDestroy(handle);
        if (workspaceAllocated) {
            JCudaDriver.cuMemFree(workspace);
            workspaceAllocated = false;
        }
    }
}
