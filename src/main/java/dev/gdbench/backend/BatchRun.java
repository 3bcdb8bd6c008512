package dev.gdbench.backend;

/**
 * A batch in flight on a backend: iterates X (n x B) in place. The gradient G is always that of
 * the current X: each iteration updates with G and then recomputes it, so a measurement needs no
 * extra gradient evaluation. With mini-batches G is the stochastic gradient the next step uses,
 * and a measurement computes the full gradient for itself.
 */
public interface BatchRun extends AutoCloseable {
    int columns();

    /** Runs {@code iterations} steps (update, then gradient) on every active column. */
    void iterate(int iterations);

    /**
     * The update alone, as the next iteration applies it, with G left as it is: benchmarks time
     * the parts of an iteration apart. Not timed into {@link #secondsIterating}.
     */
    void update();

    /** G recomputed at the current X alone, the other part of an iteration. Not timed either. */
    void gradient();

    /** Reductions per column at the current iterates. Frozen columns report their frozen values. */
    ColumnMeasures measure();

    /** Stops updating a column (converged or diverged); a backend may stop spending work on it. */
    void freeze(int column);

    /** The current iterate of a column, in fp64. */
    double[] readIterate(int column);

    /** Seconds spent in {@link #iterate} so far, measured the way this backend can measure it honestly. */
    double secondsIterating();

    @Override
    void close();
}
