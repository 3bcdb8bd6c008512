package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import jcuda.driver.CUdeviceptr;

/** The tiled GEMM of kernels/gradients.cu, with the whole {@link Epilogue} fused into its store. Always available. */
final class BuiltinGemm implements MatrixProducts {
    private final Kernels kernels;
    private final String reason;

    /** @param reason why this path runs (cuBLAS did not load, or it was asked for) */
    BuiltinGemm(Kernels kernels, String reason) {
        this.kernels = kernels;
        this.reason = reason;
    }

    @Override
    public void multiply(Precision precision, boolean transposeA, int m, int n, int k, double alpha, CUdeviceptr a,
                         int lda, CUdeviceptr b, int ldb, Epilogue epilogue, CUdeviceptr c, int ldc) {
        int[] grid = LaunchGeometry.gemmGrid(m, n);
        kernels.launch(KernelModule.kernel(transposeA ? "gemm_tn" : "gemm_nn", precision), grid[0], grid[1],
                m, n, k, alpha, a, lda, b, ldb, epilogue.addendScale(), epilogue.addend(),
                epilogue.sigmoid() ? KernelModule.ACTIVATION_SIGMOID : KernelModule.ACTIVATION_IDENTITY,
                epilogue.bias(), c, ldc);
    }

    @Override
    public String description() {
        return "built-in tiled GEMM (" + reason + ")";
    }

    @Override
    public void close() {
        // Nothing beyond the module, which the backend owns.
    }
}
