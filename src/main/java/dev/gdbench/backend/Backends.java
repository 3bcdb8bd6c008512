package dev.gdbench.backend;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.backend.cuda.CudaBackend;
import java.util.List;

/** Chooses the backend a run asked for; {@code auto} takes the best one usable here and says why. */
public final class Backends {
    public static final List<String> NAMES = List.of("auto", "cpu", "cuda");

    private Backends() {}

    /**
     * The chosen backend and the one line that tells the user which runs and why.
     *
     * @param automatic chosen by {@code auto}: batches it cannot run may fall back to the CPU
     */
    public record Choice(Backend backend, String reason, boolean automatic) {
    }

    /** The backend, with every core for the CPU. */
    public static Choice choose(String requested) {
        return choose(requested, Runtime.getRuntime().availableProcessors());
    }

    /** @param cpuThreads threads of the CPU backend, when it is the one chosen */
    public static Choice choose(String requested, int cpuThreads) {
        return switch (requested) {
            case "cpu" -> new Choice(new CpuBackend(cpuThreads), "requested", false);
            case "auto" -> auto(cpuThreads);
            case "cuda" -> requestedCuda(0);
            default -> throw new IllegalArgumentException("unknown backend " + requested);
        };
    }

    /** --backend cuda on the device of this ordinal (one of --devices): it never falls back to the CPU. */
    public static Choice requestedCuda(int ordinal) {
        try {
            return new Choice(cuda(ordinal), "requested", false);
        } catch (BackendUnavailableException e) {
            throw new BackendUnavailableException("--backend cuda: " + e.getMessage() + "; use --backend cpu or auto");
        }
    }

    /** The GPU when one is usable, else the CPU, with the reason either way. */
    private static Choice auto(int cpuThreads) {
        try {
            return new Choice(cuda(), "auto: a CUDA device is usable", true);
        } catch (BackendUnavailableException e) {
            return new Choice(new CpuBackend(cpuThreads), "auto: " + e.getMessage() + ", running on the CPU", true);
        }
    }

    /**
     * The CUDA backend, or a one-line reason why not ("no usable GPU: ..."). {@link CudaAvailability}
     * is the first touch of JCuda; what can still fail after it (the fatbin's module, a context) is
     * caught here too, Errors included, because a missing native library surfaces as a LinkageError.
     */
    public static Backend cuda() {
        return cuda(0);
    }

    /** The CUDA backend on the device of this ordinal, which must be one of those the driver sees. */
    public static Backend cuda(int ordinal) {
        CudaAvailability.Result availability = CudaAvailability.check();
        if (!availability.usable()) {
            throw new BackendUnavailableException("no usable GPU: " + availability.reason());
        }
        try {
            return new CudaBackend(availability.devices().get(ordinal));
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("the CUDA backend did not start (" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }
}
