package dev.gdbench.plan;

import dev.gdbench.linalg.Precision;
import java.util.List;

/**
 * How every configuration of a sweep is run and judged.
 *
 * @param tolerances        ascending order not required; a configuration converges when it meets all of them
 * @param absoluteTolerance tolerances bound f - f* (or |g| when f* is unknown) instead of the ratio to the start
 * @param divergence        when a configuration counts as diverged (besides non-finite measurements)
 * @param batchSize         rows per stochastic gradient (mini-batch SGD on row-based problems), or
 *                          {@link #FULL_BATCH}; a batch of every row is the full gradient
 */
public record RunSettings(Precision precision, int maxIterations, int checkEvery, List<Double> tolerances,
                          boolean absoluteTolerance, DivergenceRule divergence, int batchSize) {
    /** batchSize meaning every row, every step: the exact gradient. */
    public static final int FULL_BATCH = 0;

    /**
     * The relative tolerances below what this precision reaches ({@link Precision#stallingRelativeTolerance}),
     * ascending; none for absolute tolerances, whose floor depends on the problem's scale.
     *
     * @param onGradientNorm the criterion is |g| / |g0| (f* unknown)
     */
    public List<Double> tolerancesBelowPrecisionFloor(boolean onGradientNorm) {
        double floor = precision.stallingRelativeTolerance(onGradientNorm);
        return absoluteTolerance ? List.of() : tolerances.stream().filter(t -> t < floor).sorted().toList();
    }

    public double smallestTolerance() {
        return tolerances.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
