package dev.gdbench.result;

/**
 * One sample of a configuration's trajectory; one row of history.csv.
 *
 * @param updateNorm     |x_k - x_{k-1}|, NaN at iteration 0
 * @param relativeUpdate |x_k - x_{k-1}| / |x_{k-1}|, NaN at iteration 0
 * @param sharpness      the largest Hessian eigenvalue L (quadratic families), NaN elsewhere
 * @param stabilityEdge  2 / lr_k for the step size of the next step (schedules included): gd on a
 *                       quadratic is stable while sharpness < stabilityEdge; NaN without a fixed step
 */
public record HistoryPoint(int configurationId, int iteration, double loss, double suboptimality,
                           double gradientNorm, double distanceToMinimizer, double updateNorm, double relativeUpdate,
                           double sharpness, double stabilityEdge) {
}
