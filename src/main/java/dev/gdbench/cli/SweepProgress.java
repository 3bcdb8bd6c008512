package dev.gdbench.cli;

import dev.gdbench.engine.BatchProgress;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import java.io.PrintWriter;

/**
 * What a sweep shows while it runs: a redrawn bar on a terminal, a line per batch otherwise
 * (logs, CI, pipes), nothing with --quiet. The engine only counts decided configurations.
 */
interface SweepProgress extends BatchProgress, AutoCloseable {
    SweepProgress QUIET = new SweepProgress() {
        @Override
        public void decided(int configurations) {
        }

        @Override
        public void batchDone(int index, ProblemSpec problem, BatchResult result) {
        }

        @Override
        public void close() {
        }
    };

    /** Batch {@code index} (from 1) of the plan finished with this result. */
    void batchDone(int index, ProblemSpec problem, BatchResult result);

    @Override
    void close();

    /**
     * A bar only when a person is watching: System.console() is null when standard input or output
     * is redirected, the same test that keeps redrawn lines out of a log.
     */
    static SweepProgress choose(boolean quiet, PrintWriter err, int configurations, int batches, String backend) {
        if (quiet) {
            return QUIET;
        }
        return System.console() != null ? new ProgressBarDisplay(configurations, batches, backend)
                : new ProgressLines(err, batches);
    }
}
