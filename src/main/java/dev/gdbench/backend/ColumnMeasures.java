package dev.gdbench.backend;

/**
 * Per-column reductions at one iteration, indexed by column.
 *
 * @param loss                 f(x)
 * @param suboptimality        f(x) - f* (exact form for quadratics), NaN when f* is unknown
 * @param gradientNorm         |g|
 * @param distanceToMinimizer  |x - x*|, NaN when x* is unknown
 */
public record ColumnMeasures(double[] loss, double[] suboptimality, double[] gradientNorm,
                             double[] distanceToMinimizer) {
}
