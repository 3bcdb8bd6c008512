package dev.gdbench.backend;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.backend.cuda.CudaBackend;
import java.util.List;

/** Chooses the backend a run asked for; {@code auto} takes the best one usable here and says why. */
public final class Backends {
    public static final List<String> NAMES = List.of("auto", "cpu", "cuda");

    private Backends() {}

    /** The chosen backend and the one line that tells the user which runs and why. */
    public record Choice(Backend backend, String reason) {
    }

    public static Choice choose(String requested) {
        return switch (requested) {
            case "cpu" -> new Choice(new CpuBackend(), "requested");
            case "auto" -> auto();
            case "cuda" -> new Choice(cuda("--backend cuda"), "requested");
            default -> throw new IllegalArgumentException("unknown backend " + requested);
        };
    }

    /** The GPU when one is usable, else the CPU, with the reason either way. */
    private static Choice auto() {
        try {
            return new Choice(cuda("auto"), "auto: a CUDA device is usable");
        } catch (BackendUnavailableException e) {
            return new Choice(new CpuBackend(), e.getMessage());
        }
    }

    /**
     * The CUDA backend, or a one-line reason why not. {@link CudaAvailability} is the first touch of
     * JCuda; what can still fail after it (the fatbin's module, a context) is caught here too, Errors
     * included, because a missing native library surfaces as a LinkageError.
     */
    private static Backend cuda(String asked) {
        CudaAvailability.Result availability = CudaAvailability.check();
        if (!availability.usable()) {
            throw new BackendUnavailableException(asked + ": no usable GPU: " + availability.reason()
                    + (asked.equals("auto") ? ", running on the CPU" : "; use --backend cpu or auto"));
        }
        try {
            return new CudaBackend(availability.device().orElseThrow());
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException(asked + ": the CUDA backend did not start ("
                    + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + ")" + (asked.equals("auto") ? ", running on the CPU" : "; use --backend cpu or auto"));
        }
    }
}
