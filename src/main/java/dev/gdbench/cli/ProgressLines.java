package dev.gdbench.cli;

import dev.gdbench.cost.WorkCount;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.BatchThroughput;
import dev.gdbench.result.Status;
import java.io.PrintWriter;
import java.util.Locale;

/** A line per finished batch: what a log or a CI job shows instead of a bar. */
final class ProgressLines implements SweepProgress {
    private final PrintWriter err;
    private final int batches;
    private final WorkLeft work;

    ProgressLines(PrintWriter err, int batches, WorkLeft work) {
        this.err = err;
        this.batches = batches;
        this.work = work;
    }

    // A line per batch is enough for a log; per-check updates would flood it. They feed the estimate.
    @Override
    public void iterated(int configurations, int iterations) {
        work.iterated(configurations, iterations);
    }

    @Override
    public void decided(int configurations, int unusedIterations) {
        work.decided(configurations, unusedIterations);
    }

    @Override
    public void batchDone(int index, ProblemSpec p, BatchResult result) {
        long converged = result.results().stream().filter(r -> r.outcome().status() == Status.CONVERGED).count();
        long diverged = result.results().stream().filter(r -> r.outcome().status() == Status.DIVERGED).count();
        double elapsed = work.elapsedSeconds();
        double remaining = work.timeLeft().map(left -> left.toNanos() * 1e-9).orElse(Double.NaN);
        BatchThroughput throughput = result.results().isEmpty() ? BatchThroughput.of(WorkCount.NONE, 0, 0, 0, new double[0])
                : result.results().get(0).throughput();
        err.println(String.format(Locale.ROOT, "[%d/%d] %s: %d configs, %d converged, %d diverged, "
                        + "%d max-iters; %.1f us/iter (between checks: median %.1f, %.1f to %.1f); elapsed %.1f s, "
                        + "at most about %.0f s left",
                index, batches, instance(p), result.results().size(), converged,
                diverged, result.results().size() - converged - diverged,
                throughput.secondsPerIteration() * 1e6, throughput.spread().median() * 1e6,
                throughput.spread().min() * 1e6, throughput.spread().max() * 1e6, elapsed, remaining));
        err.flush();
    }

    /**
     * "quadratic n=8 kappa=10 seed=1", "logistic n=32 m=64 seed=1": each problem by the settings it
     * has; logistic regression, Rosenbrock and Beale have no prescribed condition number.
     */
    static String instance(ProblemSpec p) {
        StringBuilder text = new StringBuilder(p.kind().cliName()).append(" n=")
                .append(p.eigenvalues() != null ? p.eigenvalues().length : p.dimension());
        if (p.kind().hasConstantHessian()) {
            text.append(" kappa=").append(String.format(Locale.ROOT, "%.4g", p.effectiveKappa()));
        }
        if (p.kind().hasRows()) {
            text.append(" m=").append(p.effectiveRows());
        }
        return text.append(" seed=").append(p.seed()).toString();
    }

    @Override
    public void close() {
    }
}
