package dev.gdbench.backend;

/**
 * Per-column reductions at one iteration, indexed by column.
 *
 * @param loss                 f(x)
 * @param suboptimality        f(x) - f* (exact form for quadratics), NaN when f* is unknown
 * @param gradientNorm         |g|
 * @param distanceToMinimizer  |x - x*|, NaN when x* is unknown
 * @param functionEvaluations  f evaluations the configuration has paid for so far (line searches)
 * @param gradientEvaluations  gradient evaluations so far: one at x0, one per iteration, plus a line
 *                             search's own (measurements are not counted)
 * @param updateNorm           |x_k - x_{k-1}| of the step that produced the current iterate, NaN before any
 * @param relativeUpdate       |x_k - x_{k-1}| / |x_{k-1}|, NaN before any step
 * @param iterateNorm          |x|, for a divergence rule that bounds the iterate itself
 */
public record ColumnMeasures(double[] loss, double[] suboptimality, double[] gradientNorm,
                             double[] distanceToMinimizer, long[] functionEvaluations, long[] gradientEvaluations,
                             double[] updateNorm, double[] relativeUpdate, double[] iterateNorm) {
}
