package dev.gdbench.cost;

import dev.gdbench.linalg.Precision;
import dev.gdbench.plan.BatchPlan;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.problem.ProblemSpec;
import java.util.Locale;

/**
 * Whether one batch fits in this JVM's heap, checked before anything runs (sweep per batch, bench
 * per workload): a batch past it runs for minutes in the garbage collector, then fails.
 */
public final class HeapBudget {
    /** Fraction of the JVM heap one batch may plan to use; the rest is headroom for the JVM and results. */
    public static final double HEAP_FRACTION = 0.7;

    private HeapBudget() {}

    /**
     * A batch holds the problem in fp64 and the backend's copy, plus X, G and up to four state
     * matrices (AMSGrad's three and a clipping scratch). In doubles, as n may be past what an int holds squared.
     *
     * @param dataRows rows of the problem's matrix: m for least squares and logistic regression, else n
     */
    private static double batchBytes(long n, long dataRows, long columns, Precision precision) {
        return (double) dataRows * n * (8 + precision.bytes()) + (double) (n * 6 + dataRows) * columns * precision.bytes();
    }

    /** Refuses a sweep with a batch that would not fit in this JVM's heap, before anything runs. */
    public static void requireFits(SweepPlan plan, Precision precision) {
        for (BatchPlan batch : plan.batches()) {
            ProblemSpec p = batch.problem();
            long n = p.eigenvalues() != null ? p.eigenvalues().length : p.dimension();
            require(n, p.kind().hasRows() ? p.effectiveRows() : n, batch.configurations().size(), precision,
                    "--dims or the grid");
        }
    }

    /** @param lower what to lower when the batch does not fit, e.g. "--dims or the grid" */
    public static void require(long n, long dataRows, long columns, Precision precision, String lower) {
        long heap = Runtime.getRuntime().maxMemory();
        double bytes = batchBytes(n, dataRows, columns, precision);
        if (bytes > HEAP_FRACTION * heap) {
            throw new InvalidInputException("--dims", String.format(Locale.ROOT,
                    "n = %d with %d configurations per batch needs about %.1f GB, more than %.0f%% of the %.1f GB heap "
                            + "(lower %s, or raise -Xmx)", n, columns, bytes / 1e9, 100 * HEAP_FRACTION, heap / 1e9, lower));
        }
    }
}
