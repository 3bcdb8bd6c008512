package dev.gdbench.plan;

import dev.gdbench.linalg.Precision;
import java.util.List;

/**
 * How every configuration of a sweep is run and judged.
 *
 * @param tolerances        ascending order not required; a configuration converges when it meets all of them
 * @param absoluteTolerance tolerances bound f - f* (or |g| when f* is unknown) instead of the ratio to the start
 * @param divergenceFactor  diverged when suboptimality exceeds this multiple of the initial one
 * @param batchSize         rows per stochastic gradient (mini-batch SGD on row-based problems), or
 *                          {@link #FULL_BATCH}; a batch of every row is the full gradient
 */
public record RunSettings(Precision precision, int maxIterations, int checkEvery, List<Double> tolerances,
                          boolean absoluteTolerance, double divergenceFactor, int batchSize) {
    /** batchSize meaning every row, every step: the exact gradient. */
    public static final int FULL_BATCH = 0;

    /** Diverged = suboptimality above 1e10 x the initial one (or non-finite). */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e10;

    public double smallestTolerance() {
        return tolerances.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
