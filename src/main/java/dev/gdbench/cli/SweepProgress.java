package dev.gdbench.cli;

import dev.gdbench.engine.BatchProgress;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import java.io.IOException;
import java.io.PrintWriter;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * What a sweep shows while it runs: a redrawn bar on a terminal, a line per batch otherwise
 * (logs, CI, pipes), nothing with --quiet. Both estimate the time left from the work left ({@link WorkLeft}).
 */
interface SweepProgress extends BatchProgress, AutoCloseable {
    SweepProgress QUIET = new SweepProgress() {
        @Override
        public void iterated(int configurations, int iterations) {
        }

        @Override
        public void decided(int configurations, int unusedIterations) {
        }

        @Override
        public void batchDone(int index, ProblemSpec problem, BatchResult result) {
        }

        @Override
        public void close() {
        }
    };

    /** This display for batches running on several threads (--devices): one call at a time. */
    static SweepProgress shared(SweepProgress display) {
        return new SweepProgress() {
            @Override
            public synchronized void iterated(int configurations, int iterations) {
                display.iterated(configurations, iterations);
            }

            @Override
            public synchronized void decided(int configurations, int unusedIterations) {
                display.decided(configurations, unusedIterations);
            }

            @Override
            public synchronized void batchDone(int index, ProblemSpec problem, BatchResult result) {
                display.batchDone(index, problem, result);
            }

            @Override
            public synchronized void close() {
                display.close();
            }
        };
    }

    /** Batch {@code index} (from 1) of the plan finished with this result. */
    void batchDone(int index, ProblemSpec problem, BatchResult result);

    @Override
    void close();

    /**
     * A bar only when a person is watching standard error, where the bar and the lines are drawn;
     * a log or a pipe there gets lines. Standard output may be redirected either way (a summary
     * saved to a file while the bar runs on the terminal).
     */
    static SweepProgress choose(boolean quiet, PrintWriter err, int configurations, int maxIterations, int batches,
                                String backend) {
        if (quiet) {
            return QUIET;
        }
        WorkLeft work = new WorkLeft(configurations, maxIterations, System::nanoTime);
        return stderrIsTerminal() ? new ProgressBarDisplay(configurations, batches, backend, work)
                : new ProgressLines(err, batches, work);
    }

    /**
     * Whether this process's standard error is a terminal. Java 17 cannot tell by itself
     * (System.console() is null as soon as standard output is redirected); JLine's exec provider
     * runs {@code test -t 2} on the inherited standard error. No answer counts as no terminal.
     */
    static boolean stderrIsTerminal() {
        try {
            return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
