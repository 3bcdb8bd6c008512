package dev.gdbench.backend;

import dev.gdbench.backend.cpu.CpuBackend;
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
            case "auto" -> new Choice(new CpuBackend(), "auto: this build has no CUDA backend yet");
            case "cuda" -> throw new BackendUnavailableException(
                    "--backend cuda: this build has no CUDA backend yet; use --backend cpu or auto");
            default -> throw new IllegalArgumentException("unknown backend " + requested);
        };
    }
}
