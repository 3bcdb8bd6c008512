package dev.gdbench.linalg;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JVM BLAS (dev.ludovic.netlib): a native BLAS when one is installed, else the Vector API
 * implementation when {@code jdk.incubator.vector} is enabled, else plain Java. Its loader logs
 * every implementation it fails to load; that is expected on most machines, so it is silenced
 * and {@link #implementation()} reports what did load.
 */
public final class Blas {
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger NETLIB_LOGGER = Logger.getLogger("dev.ludovic.netlib.blas");

    private static final BLAS INSTANCE;

    static {
        NETLIB_LOGGER.setLevel(Level.OFF);
        INSTANCE = BLAS.getInstance();
    }

    private Blas() {}

    public static BLAS get() {
        return INSTANCE;
    }

    /**
     * The native BLAS library the JNI implementation mapped into this process (read from
     * /proc/self/maps), empty for the Java implementations or where that file does not exist: a
     * system libblas.so.3 may be the slow reference BLAS, and the name says which one it is.
     */
    public static Optional<String> nativeLibrary() {
        if (!implementation().startsWith("JNI")) {
            return Optional.empty();
        }
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("blas") && path.contains(".so") && !path.contains("netlib"))
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Implementation class, e.g. {@code VectorBLAS}, {@code JNIBLAS}, {@code Java11BLAS}. */
    public static String implementation() {
        return INSTANCE.getClass().getSimpleName();
    }
}
