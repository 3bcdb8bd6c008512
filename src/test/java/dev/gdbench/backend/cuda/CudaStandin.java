package dev.gdbench.backend.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The CPU stand-in for the CUDA driver (native/build-cuda-standin.sh), which the surefire execution
 * "cuda-standin" puts on this JVM's library path and names in the system property below.
 */
public final class CudaStandin {
    public static final String PROPERTY = "gdbench.cuda.standin";
    /** How the stand-in names its device (native/cuda_standin.cpp DEVICE_NAME). */
    public static final String DEVICE_NAME = "gdbench CPU stand-in for the CUDA driver";

    /** Where native/build-cuda-standin.sh writes the stand-in, from the project folder (surefire's working folder). */
    public static final Path BUILT = Path.of("target", "cuda-standin", "libcuda.so.1");
    /** gcc builds a library of a few dozen one-line functions in well under a second; a hang is a failure. */
    static final long GCC_TIMEOUT_SECONDS = 60;

    private CudaStandin() {}

    /**
     * Builds, in {@code folder}, a libcuda.so.1 that exports every driver function gdbench calls
     * except {@code absent} (each returning CUDA_ERROR_NOT_SUPPORTED): an installed driver older
     * than gdbench's calls. Aborts the test where gcc is not on the PATH.
     *
     * @return the library
     */
    public static Path driverLacking(Path folder, Collection<String> absent) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path source = folder.resolve("driver.c");
        Files.writeString(source, DriverSymbols.CALLED.stream().filter(s -> !absent.contains(s))
                .map(s -> "int " + s + "(void) { return 801; }\n").collect(Collectors.joining()));
        Path library = folder.resolve(DriverSymbols.LIBCUDA);
        Process gcc;
        try {
            gcc = new ProcessBuilder(List.of("gcc", "-shared", "-fPIC", "-Wl,-soname," + DriverSymbols.LIBCUDA,
                    "-o", library.toString(), source.toString())).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Assumptions.abort("gcc, which builds the fake driver, is not installed: " + e.getMessage());
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(GCC_TIMEOUT_SECONDS, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            gcc.destroyForcibly();
            throw new IOException("gcc did not build " + library + ": " + output);
        }
        return library;
    }

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
