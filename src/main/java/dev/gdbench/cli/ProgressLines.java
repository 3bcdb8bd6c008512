package dev.gdbench.cli;

import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.Status;
import java.io.PrintWriter;
import java.util.Locale;

/** A line per finished batch: what a log or a CI job shows instead of a bar. */
final class ProgressLines implements SweepProgress {
    private final PrintWriter err;
    private final int batches;
    private final long start = System.nanoTime();

    ProgressLines(PrintWriter err, int batches) {
        this.err = err;
        this.batches = batches;
    }

    @Override
    public void decided(int configurations) {
        // A line per batch is enough for a log; per-configuration updates would flood it.
    }

    @Override
    public void batchDone(int index, ProblemSpec p, BatchResult result) {
        long converged = result.results().stream().filter(r -> r.status() == Status.CONVERGED).count();
        long diverged = result.results().stream().filter(r -> r.status() == Status.DIVERGED).count();
        double elapsed = (System.nanoTime() - start) * 1e-9;
        double remaining = elapsed / index * (batches - index);
        err.println(String.format(Locale.ROOT, "[%d/%d] %s: %d configs, %d converged, %d diverged, "
                        + "%d max-iters; %.1f us/iter; elapsed %.1f s, about %.0f s left",
                index, batches, instance(p), result.results().size(), converged,
                diverged, result.results().size() - converged - diverged,
                result.results().isEmpty() ? Double.NaN : result.results().get(0).throughput().secondsPerIteration() * 1e6,
                elapsed, remaining));
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
