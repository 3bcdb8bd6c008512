package dev.gdbench.backend;

import dev.gdbench.problem.Problem;

/**
 * How a batch's gradients are taken on a problem whose gradient averages data rows (a
 * {@link dev.gdbench.problem.GradientForm.RowResidual} form): each step of each
 * column averages {@code batchSize} rows drawn without replacement from that column's own stream,
 * derived from {@code seed}, so a run is reproducible and columns are independent.
 *
 * @param batchSize rows per step; 0, or every row, is the full gradient
 */
public record Sampling(int batchSize, long seed) {
    /** Full gradients: no rows are sampled. */
    public static final Sampling FULL = new Sampling(0, 0);

    /** Whether steps on this problem use sampled rows rather than the full gradient. */
    public boolean isStochasticFor(Problem problem) {
        return problem.gradientForm().match(affine -> false, rows -> batchSize > 0 && batchSize < rows.rows(), () -> false);
    }
}
