package dev.gdbench.cli;

import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One bar redrawn on the terminal: configurations done / total, elapsed, time left (from the work
 * left, not from the configurations done), batch and backend.
 */
final class ProgressBarDisplay implements SweepProgress {
    /** Redraws at most this often; faster only costs terminal output. */
    private static final int UPDATE_INTERVAL_MS = 200;

    private final ProgressBar bar;
    private final int batches;
    private final String backend;
    private final WorkLeft work;

    ProgressBarDisplay(int configurations, int batches, String backend, WorkLeft work) {
        this.batches = batches;
        this.backend = backend;
        this.work = work;
        bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(configurations)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(UPDATE_INTERVAL_MS).setUnit(" configs", 1)
                .setEtaFunction(state -> work.timeLeft()).build();
        bar.setExtraMessage(message(1));
    }

    @Override
    public void iterated(int configurations, int iterations) {
        work.iterated(configurations, iterations);
    }

    @Override
    public void decided(int configurations, int unusedIterations) {
        work.decided(configurations, unusedIterations);
        bar.stepBy(configurations);
    }

    @Override
    public void batchDone(int index, ProblemSpec problem, BatchResult result) {
        bar.setExtraMessage(message(Math.min(index + 1, batches)));
    }

    private String message(int batch) {
        return String.format(Locale.ROOT, "batch %d/%d on %s", batch, batches, backend);
    }

    @Override
    public void close() {
        bar.close();
    }
}
