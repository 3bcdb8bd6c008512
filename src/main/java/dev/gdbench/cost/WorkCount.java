package dev.gdbench.cost;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.GradientForm;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemKind;
import java.util.List;

/**
 * Bytes moved and floating-point operations of one operation of the batched algorithm, from the
 * algorithm itself: the compulsory traffic (every operand read once, every result written once)
 * and the arithmetic as written. The one place these counts are defined: benchmarks, the sweep's
 * results and every backend turn a time into GB/s and GFLOP/s through it. Caches, re-reads of A
 * by several threads and the backend's scratch traffic are deliberately not counted, so a figure
 * above a measured copy bandwidth means the data stayed in cache.
 *
 * @param bytes bytes read plus bytes written
 * @param flops adds, multiplies, divides, square roots and exponentials, one each
 */
public record WorkCount(double bytes, double flops) {
    public static final WorkCount NONE = new WorkCount(0, 0);

    public WorkCount plus(WorkCount other) {
        return new WorkCount(bytes + other.bytes, flops + other.flops);
    }

    public WorkCount times(double count) {
        return new WorkCount(bytes * count, flops * count);
    }

    /** GB/s at this many seconds per operation (10^9 bytes). */
    public double gigabytesPerSecond(double seconds) {
        return bytes / seconds * 1e-9;
    }

    /** GFLOP/s at this many seconds per operation. */
    public double gigaflopsPerSecond(double seconds) {
        return flops / seconds * 1e-9;
    }

    /**
     * One update of one column of length n: reads x, g and the rule's state vectors, writes x and
     * the state, (3 + 2 s) n elements for s state vectors.
     */
    public static WorkCount update(UpdateRule rule, int n, Precision precision) {
        return new WorkCount((3.0 + 2.0 * rule.stateVectors()) * n * precision.bytes(),
                (double) rule.flopsPerElement() * n);
    }

    /**
     * The gradient of B columns, as the problem's {@link GradientForm} takes it. Affine,
     * G = A X - b 1^T: reads A (n^2), b (n), X (n B), writes G (n B); 2 n^2 B for the product plus
     * n B for the subtraction. Row residual with m rows, R = act(M X) - y 1^T then
     * G = (1/m) M^T R + ridge X: reads M twice (2 m n), y (m), X (n B), writes and reads R (2 m B),
     * writes G (n B); 2 m n B per product, m B for the subtraction (4 m B with the sigmoid,
     * 1/(1 + exp(-z)): an exponential, an add and a divide, then the subtraction), n B for the
     * scaling; a ridge term reads X once more (n B) and adds its multiply-add (2 n B). Least squares
     * is the identity without a ridge, logistic regression the sigmoid with one. Per-vector
     * gradients (rosenbrock, beale): unknown, NaN.
     */
    public static WorkCount gradient(Problem problem, int columns, Precision precision) {
        return gradient(problem, columns, precision, 0);
    }

    /**
     * The mini-batch gradient of B columns, each on its own k sampled rows (k < m; k = 0 is the
     * full gradient above). As the full gradient with m = k, except that the rows of M differ per
     * column, so they are read per column (2 k n B, for the residual and for the gradient, not
     * 2 m n once for all), and the k B row indices (4 bytes each) are read too. Least squares:
     * 4 k n B + k B + n B operations; logistic regression: 4 k n B + 4 k B + 3 n B.
     */
    public static WorkCount gradient(Problem problem, int columns, Precision precision, int sampleRows) {
        return problem.gradientForm().match(
                affine -> affine(affine.dimension(), columns, precision),
                rows -> rowResidual(rows.activation(), rows.hasRidge(), rows.dimension(), rows.rows(), columns,
                        precision, sampleRows),
                () -> UNKNOWN);
    }

    /**
     * The gradient as above, from what describes an instance (its family, n and m rows) rather than
     * the built instance, so a plan can be costed before anything is built: each family with the
     * form its instances take. One the model does not count (rosenbrock, beale): NaN.
     */
    public static WorkCount gradient(ProblemKind kind, int dimension, int rows, int columns, Precision precision,
                                     int sampleRows) {
        return switch (kind) {
            case QUADRATIC -> sampleRows == 0 ? affine(dimension, columns, precision) : UNKNOWN;
            case LEAST_SQUARES -> rowResidual(GradientForm.Activation.IDENTITY, false, dimension, rows, columns,
                    precision, sampleRows);
            case LOGISTIC -> rowResidual(GradientForm.Activation.SIGMOID, true, dimension, rows, columns, precision,
                    sampleRows);
            case ROSENBROCK, BEALE -> UNKNOWN;
        };
    }

    private static final WorkCount UNKNOWN = new WorkCount(Double.NaN, Double.NaN);

    private static WorkCount affine(int dimension, int columns, Precision precision) {
        double n = dimension;
        double b = columns;
        return new WorkCount((n * n + n + 2 * n * b) * precision.bytes(), 2 * n * n * b + n * b);
    }

    /** See {@link #gradient(Problem, int, Precision, int)}: with k sampled rows M's rows are read per column. */
    private static WorkCount rowResidual(GradientForm.Activation activation, boolean ridge, int dimension, int rows,
                                         int columns, Precision precision, int sampleRows) {
        double n = dimension;
        double b = columns;
        boolean sampled = sampleRows > 0;
        double m = sampled ? sampleRows : rows;
        double matrixReads = sampled ? 2 * m * n * b : 2 * m * n;
        double targetReads = sampled ? m * b : m;
        double indexBytes = sampled ? 4 * m * b : 0;
        double perResidual = activation == GradientForm.Activation.SIGMOID ? 4 : 1;
        double iterateReads = ridge ? 2 * n * b : n * b;
        double perGradient = ridge ? 3 : 1;
        return new WorkCount((matrixReads + targetReads + iterateReads + 2 * m * b + n * b) * precision.bytes()
                + indexBytes, 4 * m * n * b + perResidual * m * b + perGradient * n * b);
    }

    /** One iteration of a batch with full gradients. */
    public static WorkCount iteration(Problem problem, List<UpdateRule> rules, Precision precision) {
        return iteration(problem, rules, precision, 0);
    }

    /** One iteration of a batch: every column's update, then the gradient (on k sampled rows, 0 for all) of all of them. */
    public static WorkCount iteration(Problem problem, List<UpdateRule> rules, Precision precision, int sampleRows) {
        WorkCount total = gradient(problem, rules.size(), precision, sampleRows);
        for (UpdateRule rule : rules) {
            total = total.plus(update(rule, problem.dimension(), precision));
        }
        return total;
    }

    /**
     * The per-column reductions at a check, for B columns: reads x, g and x_prev (3 n B) and x* (n);
     * |g|^2 (2 n B), |x - x*|^2 (3 n B), g^T (x - x*) (2 n B, the difference reused), and the last
     * step's |x - x_prev|^2 (3 n B) and |x_prev|^2 (2 n B). (The CPU takes |dx| during that step,
     * from a copy of x_prev; the GPU at the check, from the x_prev the update kernel saved.)
     */
    public static WorkCount reduction(int n, int columns, Precision precision) {
        double nb = (double) n * columns;
        return new WorkCount((3 * nb + n) * precision.bytes(), 12 * nb);
    }

    /** A copy of this many bytes: each read once and written once. */
    public static WorkCount copy(long bytes) {
        return new WorkCount(2.0 * bytes, 0);
    }

    /** C = A B with A m x k and B k x n, C overwritten: 2 m n k operations, each operand moved once. */
    public static WorkCount matrixProduct(int m, int n, int k, Precision precision) {
        return new WorkCount(((double) m * k + (double) k * n + (double) m * n) * precision.bytes(),
                2.0 * m * n * k);
    }
}
