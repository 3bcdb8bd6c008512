package dev.gdbench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Threads that take a sweep's batches from one queue until it is empty: one per GPU of --devices
 * (one without). A failure stops the others from taking new batches; the batches they are running
 * finish (and are written), then the first failure propagates as it was thrown, so Main gives it
 * its exit code.
 */
final class BatchWorkers {
    private BatchWorkers() {}

    static <T> void forEach(List<T> items, int workers, Consumer<T> work) {
        ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(items);
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "gdbench-batch-worker");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    try {
                        for (T item = queue.poll(); item != null && !failed.get(); item = queue.poll()) {
                            work.accept(item);
                        }
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            Throwable first = null;
            for (Future<?> worker : running) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                }
            }
            if (first instanceof RuntimeException e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
        } catch (InterruptedException e) {
            failed.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while batches ran", e);
        } finally {
            pool.shutdown();
        }
    }
}
