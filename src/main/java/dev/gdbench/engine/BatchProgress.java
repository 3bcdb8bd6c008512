package dev.gdbench.engine;

/**
 * Told, during a batch, how many more configurations have been decided (converged, diverged or
 * out of iterations). The engine reports counts only; what to show is the caller's business.
 */
@FunctionalInterface
public interface BatchProgress {
    BatchProgress NONE = decided -> { };

    void decided(int configurations);
}
