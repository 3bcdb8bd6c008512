package dev.gdbench.engine;

/**
 * Told, during a batch, what the engine did between checks: how many configurations iterated and
 * how far, and how many were decided (converged, diverged or out of iterations) at a check. The
 * engine reports counts only; what to show is the caller's business.
 */
public interface BatchProgress {
    BatchProgress NONE = new BatchProgress() {
        @Override
        public void iterated(int configurations, int iterations) {
        }

        @Override
        public void decided(int configurations, int unusedIterations) {
        }
    };

    /** Each of {@code configurations} still running ran {@code iterations} more iterations. */
    void iterated(int configurations, int iterations);

    /**
     * {@code configurations} were decided at a check, each leaving {@code unusedIterations} of its
     * {@code --max-iters} budget unrun (0 for those that ran out).
     */
    void decided(int configurations, int unusedIterations);
}
