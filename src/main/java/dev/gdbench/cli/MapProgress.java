package dev.gdbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a long map on standard error: a line every {@link #INTERVAL_SECONDS} with the points
 * decided, the rate and the time left at that rate. Short maps finish before the first line.
 */
final class MapProgress implements AutoCloseable {
    static final int INTERVAL_SECONDS = 2;

    private final AtomicLong done = new AtomicLong();
    private final long points;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService clock;

    /** @param err where lines go, or null for none (--quiet) */
    MapProgress(PrintWriter err, long points) {
        this.points = points;
        if (err == null) {
            clock = null;
            return;
        }
        clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gdbench-map-progress");
            thread.setDaemon(true);
            return thread;
        });
        clock.scheduleAtFixedRate(() -> {
            err.println(line(done.get(), seconds()));
            err.flush();
        }, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    void add(int decided) {
        done.addAndGet(decided);
    }

    String line(long decided, double seconds) {
        double perSecond = decided / Math.max(seconds, 1e-9);
        String left = decided == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", (points - decided) / perSecond);
        return String.format(Locale.ROOT, "map: %d of %d points (%.0f%%), %.0f points/s, about %s left", decided, points,
                100.0 * decided / points, perSecond, left);
    }

    private double seconds() {
        return (System.nanoTime() - start) * 1e-9;
    }

    String elapsed() {
        return String.format(Locale.ROOT, "%.2f s", seconds());
    }

    @Override
    public void close() {
        if (clock != null) {
            clock.shutdownNow();
        }
    }
}
