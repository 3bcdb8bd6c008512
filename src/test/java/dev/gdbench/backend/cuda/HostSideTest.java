package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.cost.WorkCount;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Host-side pieces of the CUDA backend that need no GPU: messages, library lookup, cost model. */
class HostSideTest {
    @Test
    void aMissingDriverIsReportedAsTheLibraryTheLinkerCouldNotFind() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open "
                + "shared object file: No such file or directory\n\tat java.base/...");
        assertEquals("libcuda.so.1 not found (no NVIDIA driver installed)", CudaAvailability.nativeLoadFailure(e));
        assertEquals("JCuda's natives did not load (something else)",
                CudaAvailability.nativeLoadFailure(new UnsatisfiedLinkError("something else\nmore")));
    }

    @Test
    void linkerCacheListingGivesThePathOfTheSoname() {
        String listing = """
                1234 libs found in cache `/etc/ld.so.cache'
                	libcublasLt.so.13 (libc6,x86-64) => /usr/local/cuda/lib64/libcublasLt.so.13
                	libcublas.so.13 (libc6,x86-64) => /usr/local/cuda/lib64/libcublas.so.13
                	libcublas.so (libc6,x86-64) => /usr/local/cuda/lib64/libcublas.so
                """;
        assertEquals(Optional.of(Path.of("/usr/local/cuda/lib64/libcublas.so.13")),
                SharedLibraries.parseLinkerCache(listing, "libcublas.so.13"));
        assertEquals(Optional.empty(), SharedLibraries.parseLinkerCache(listing, "libcublas.so.12"));
    }

    @Test
    void aDriverOlderThanTheKernelsCudaIsNamedWithWhatToDo() {
        assertEquals(java.util.Optional.empty(), CudaAvailability.driverTooOld(13000, 13000));
        assertEquals(java.util.Optional.empty(), CudaAvailability.driverTooOld(13010, 13000));
        assertEquals("the NVIDIA driver supports CUDA 12.4 and the kernels were built with CUDA 13.0: update the driver,"
                + " or rebuild them with that CUDA's nvcc (native/build-kernels.sh --force)",
                CudaAvailability.driverTooOld(12040, 13000).orElseThrow());
        assertTrue(KernelModule.builtWithCuda() >= 12000, "the committed fatbin records its CUDA version");
    }

    /** sampled.cu reads row r of M at M^T[r n .. r n + n): M (3 x 2, column-major) = [[1, 4], [2, 5], [3, 6]]. */
    @Test
    void theMiniBatchKernelsReadRowsOfMContiguously() {
        double[] design = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6},
                SampledGradients.transposed(design, 3, 2));
    }

    @Test
    void aFusedAdamStepMoves28BytesPerElementInFp32() {
        var problem = ProblemFactory.build(new ProblemSpec(ProblemKind.QUADRATIC, 64, 10, Spectrum.LOGUNIFORM, false, null,
                false, null, null, 0, 0, 1));
        var adamOnly = WorkCount.iteration(problem, List.of(new Adam(1e-3, 0.9, 0.999, 1e-8)), Precision.FP32);
        var gdOnly = WorkCount.iteration(problem, List.of(new GradientDescent(0.1)), Precision.FP32);
        assertEquals(64 * (28 - 12), adamOnly.bytes() - gdOnly.bytes(), 1e-9);
        // The product 2 n^2 B and the fused "- b" (n B), plus gd's 2 per element.
        assertEquals(2.0 * 64 * 64 + 64, gdOnly.flops() - 2 * 64, 1e-9);
    }
}
