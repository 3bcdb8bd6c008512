package dev.gdbench.result;

/** One sample of a configuration's trajectory; one row of history.csv. */
public record HistoryPoint(int configurationId, int iteration, double loss, double suboptimality,
                           double gradientNorm, double distanceToMinimizer) {
}
