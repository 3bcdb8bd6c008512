package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The tiled GEMM of kernels/gradients.cu, with the whole {@link Epilogue} fused into its store.
 * Always available. A product with too few tiles to fill the GPU is split over k
 * ({@link LaunchGeometry#gemmSplits}): the partial tiles go to a workspace and
 * gemm_split_reduce sums them in a fixed order and applies the epilogue.
 */
final class BuiltinGemm implements MatrixProducts {
    private final Kernels kernels;
    private final String reason;
    private final int multiprocessors;
    /** Split-k partials, grown by {@link #reserve} (never while a graph is being captured). */
    private CUdeviceptr workspace;
    private long workspaceBytes;

    /**
     * @param reason          why this path runs (cuBLAS did not load, or it was asked for)
     * @param multiprocessors the device's, which decide when a product is split over k
     */
    BuiltinGemm(Kernels kernels, String reason, int multiprocessors) {
        this.kernels = kernels;
        this.reason = reason;
        this.multiprocessors = multiprocessors;
    }

    @Override
    public void reserve(Precision precision, int m, int n, int k) {
        int splits = LaunchGeometry.gemmSplits(m, n, k, multiprocessors);
        long bytes = splits == 1 ? 0 : (long) splits * m * n * precision.bytes();
        if (bytes > workspaceBytes) {
            free();
            workspace = new CUdeviceptr();
            JCudaDriver.cuMemAlloc(workspace, bytes);
            workspaceBytes = bytes;
        }
    }

    @Override
    public void multiply(Precision precision, boolean transposeA, int m, int n, int k, double alpha, CUdeviceptr a,
                         int lda, CUdeviceptr b, int ldb, Epilogue epilogue, CUdeviceptr c, int ldc) {
        int[] tiles = LaunchGeometry.gemmGrid(m, n);
        int splits = LaunchGeometry.gemmSplits(m, n, k, multiprocessors);
        String gemm = KernelModule.kernel(transposeA ? "gemm_tn" : "gemm_nn", precision);
        int activation = epilogue.sigmoid() ? KernelModule.ACTIVATION_SIGMOID : KernelModule.ACTIVATION_IDENTITY;
        if (splits == 1) {
            kernels.launch(gemm, tiles[0], tiles[1], m, n, k, alpha, a, lda, b, ldb, epilogue.addendScale(),
                    epilogue.addend(), activation, epilogue.bias(), c, ldc, k, null);
            return;
        }
        if (ldc != m || (long) splits * m * n * precision.bytes() > workspaceBytes) {
            throw new IllegalStateException("split-k product " + m + " x " + n + " x " + k + " needs a packed C and "
                    + "a workspace reserved ahead (ldc " + ldc + ", workspace " + workspaceBytes + " bytes)");
        }
        kernels.launch(gemm, new int[] {tiles[0], tiles[1], splits}, m, n, k, alpha, a, lda, b, ldb,
                epilogue.addendScale(), epilogue.addend(), activation, epilogue.bias(), c, ldc,
                LaunchGeometry.splitLength(k, splits), workspace);
        kernels.launch(KernelModule.kernel("gemm_split_reduce", precision),
                LaunchGeometry.elementwiseBlocks((long) m * n, precision), 1, workspace, splits, m, n, alpha,
                epilogue.addendScale(), epilogue.addend(), activation, epilogue.bias(), c);
    }

    @Override
    public String description() {
        return "built-in tiled GEMM (" + reason + ")";
    }

    private void free() {
        if (workspace != null) {
            JCudaDriver.cuMemFree(workspace);
            workspace = null;
            workspaceBytes = 0;
        }
    }

    @Override
    public void close() {
        free();
    }
}
