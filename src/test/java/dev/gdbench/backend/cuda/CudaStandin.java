package dev.gdbench.backend.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU stand-in for the CUDA driver (native/build-cuda-standin.sh), which the surefire execution
 * "cuda-standin" puts on this JVM's library path and names in the system property below.
 */
public final class CudaStandin {
    public static final String PROPERTY = "gdbench.cuda.standin";
    /** How the stand-in names its device (native/cuda_standin.cpp DEVICE_NAME). */
    public static final String DEVICE_NAME = "gdbench CPU stand-in for the CUDA driver";

    private CudaStandin() {}

    /** The folder holding the stand-in's libcuda.so.1, where this JVM was started with it and it was built. */
    public static Optional<Path> folder() {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || !Files.exists(Path.of(folder, "libcuda.so.1"))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(folder));
    }

    /** Whether the CUDA backend of this JVM runs on the stand-in (not on a GPU). */
    public static boolean active() {
        return CudaAvailability.check().device().map(d -> d.name().startsWith(DEVICE_NAME)).orElse(false);
    }

    /** Why the stand-in tests skip, in one line. */
    public static String absence() {
        return folder().isEmpty() ? "the CPU stand-in for the CUDA driver is not built here (no g++) or not on this"
                + " JVM's library path (the surefire execution cuda-standin runs these tests)"
                : "the stand-in is built but the CUDA backend is not usable: " + CudaAvailability.check().reason();
    }
}
