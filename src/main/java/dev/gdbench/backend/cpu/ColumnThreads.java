package dev.gdbench.backend.cpu;

import dev.gdbench.linalg.ColumnSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The CPU backend's threads over a batch's slots: a body runs on contiguous chunks of them at once,
 * one per thread, when each chunk gets at least {@link #MIN_PARALLEL_WORK}; otherwise on the
 * calling thread.
 */
final class ColumnThreads {
    /**
     * Below this many floating-point operations per task a chunk runs on the calling thread:
     * handing work to another thread costs tens of microseconds, more than a small problem's
     * whole chunk.
     */
    static final long MIN_PARALLEL_WORK = 1L << 21;

    private final ExecutorService pool;
    private final int threads;

    ColumnThreads(ExecutorService pool, int threads) {
        this.pool = pool;
        this.threads = threads;
    }

    /** Runs the body over slots [0, count), each costing {@code workPerSlot}, and waits for every chunk. */
    void run(int count, long workPerSlot, ColumnSplit.Range body) {
        int tasks = (int) Math.min(Math.min(threads, count), Math.max(1, workPerSlot * count / MIN_PARALLEL_WORK));
        if (tasks <= 1) {
            body.run(0, count);
            return;
        }
        List<Callable<Void>> chunks = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int first = (int) ((long) count * t / tasks);
            int end = (int) ((long) count * (t + 1) / tasks);
            chunks.add(() -> {
                body.run(first, end);
                return null;
            });
        }
        invokeAll(chunks);
    }

    /** These threads as the product planner sees them: products chunked as a batch's gradients are, at this work per column. */
    ColumnSplit split(long workPerColumn) {
        return new ColumnSplit() {
            @Override
            public int threads() {
                return threads;
            }

            @Override
            public void run(int columns, Range body) {
                ColumnThreads.this.run(columns, workPerColumn, body);
            }
        };
    }

    private void invokeAll(List<Callable<Void>> chunks) {
        try {
            for (Future<Void> future : pool.invokeAll(chunks)) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
