package dev.gdbench.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Chooses the GEMM path: cuBLAS 12 where libcublas.so.12 is installed (what JCuda 12.6's
 * libJCublas2 links against), else cuBLAS 13 through the forwarding library built by
 * native/build-cublas-forward.sh (soname libcublas.so.12, each symbol resolved from
 * libcublas.so.13 at load time), else the built-in GEMM. The forwarding library is loaded with
 * System.load before JCublas2 loads its native library, so the dynamic linker finds a
 * libcublas.so.12 already in the process. Never throws: a failure only means the built-in GEMM.
 */
final class CublasLoader {
    static final String CUBLAS_12 = "libcublas.so.12";
    static final String CUBLAS_13 = "libcublas.so.13";
    static final String FORWARDING_RESOURCE = "libcublas-forward.so";
    /** GDBENCH_GEMM=builtin runs the built-in GEMM even where cuBLAS loads (to compare the two). */
    static final String GEMM_VARIABLE = "GDBENCH_GEMM";
    static final String BUILTIN = "builtin";

    private CublasLoader() {}

    /** @param multiprocessors the device's, for the built-in GEMM where cuBLAS does not load */
    static MatrixProducts choose(Kernels kernels, int multiprocessors) {
        Optional<Path> cublas12 = SharedLibraries.find(CUBLAS_12);
        Optional<Path> cublas13 = SharedLibraries.find(CUBLAS_13);
        String path;
        try {
            if (cublas12.isPresent()) {
                preload(cublas12.get());
                path = "cuBLAS 12 (" + cublas12.get() + ")";
            } else if (cublas13.isPresent()) {
                preload(cublas13.get());
                System.load(extractForwardingLibrary().toString());
                path = "cuBLAS 13 through the forwarding library (" + cublas13.get() + ")";
            } else {
                return new BuiltinGemm(kernels, "neither " + CUBLAS_12 + " nor " + CUBLAS_13 + " found", multiprocessors);
            }
            return new CublasGemm(kernels, path);
        } catch (LinkageError | RuntimeException | IOException e) {
            return new BuiltinGemm(kernels, "cuBLAS did not load: " + CudaAvailability.firstLine(e), multiprocessors);
        }
    }

    /**
     * Loads cuBLAS (and cuBLASLt beside it, which it needs) by absolute path: the library may sit
     * where the dynamic linker does not look (a toolkit folder outside its cache), and once loaded
     * it satisfies every later request for its soname, libJCublas2's and the forwarding library's.
     */
    private static void preload(Path cublas) {
        Path lt = cublas.resolveSibling(cublas.getFileName().toString().replace("libcublas.", "libcublasLt."));
        if (Files.exists(lt)) {
            System.load(lt.toAbsolutePath().toString());
        }
        System.load(cublas.toAbsolutePath().toString());
    }

    private static Path extractForwardingLibrary() throws IOException {
        try (InputStream in = CublasLoader.class.getResourceAsStream(FORWARDING_RESOURCE)) {
            if (in == null) {
                throw new IOException(FORWARDING_RESOURCE + " missing from the build");
            }
            Path file = Files.createTempFile("gdbench-cublas-forward", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
