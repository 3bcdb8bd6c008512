package dev.gdbench.backend.cpu;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.Sampling;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reference backend and the fallback: the batched algorithm with dense products through the
 * JVM BLAS and the work split over columns between threads (columns are independent, so each
 * thread runs whole chunks of iterations on its own columns without synchronising).
 */
public final class CpuBackend implements Backend {
    private final int threads;
    private final ExecutorService pool;

    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, runnable -> {
            Thread thread = new Thread(runnable, "gdbench-cpu");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "cpu: " + threads + " thread" + (threads == 1 ? "" : "s") + ", products by the fastest per shape of "
                + FixedMatrix.productCandidates();
    }

    @Override
    public BatchRun open(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling) {
        return new CpuBatchRun(problem, rules, precision, sampling, pool, threads);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
