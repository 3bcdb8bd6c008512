package dev.gdbench.cli;

import dev.gdbench.engine.BatchProgress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The time a sweep has left, from the work left rather than from configurations done: the
 * configurations of a batch are decided late and together, and batches differ in cost by orders
 * of magnitude, so counting configurations promises the end long before it comes. Work is
 * counted in configuration-iterations. Every configuration still to run may need all of
 * {@code --max-iters}; a decided one's unused iterations leave the work. Time left = work left x
 * the seconds per configuration-iteration so far: an upper bound in work (configurations may
 * still converge early), which falls as they are decided, and is 0 at the end. Called from the
 * sweep's thread and read from the progress bar's, hence synchronized.
 */
final class WorkLeft implements BatchProgress {
    private final LongSupplier nanoTime;
    private final long start;
    private long done;
    private long left;

    /**
     * @param configurations configurations this run has to run
     * @param nanoTime       the clock (System::nanoTime; a synthetic one in tests)
     */
    WorkLeft(long configurations, int maxIterations, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.left = configurations * maxIterations;
    }

    @Override
    public synchronized void iterated(int configurations, int iterations) {
        long work = (long) configurations * iterations;
        done += work;
        left -= work;
    }

    @Override
    public synchronized void decided(int configurations, int unusedIterations) {
        left -= (long) configurations * unusedIterations;
    }

    /** Configuration-iterations that may still have to run. */
    synchronized long iterationsLeft() {
        return left;
    }

    synchronized double elapsedSeconds() {
        return (nanoTime.getAsLong() - start) * 1e-9;
    }

    /** Empty until some work has been timed. */
    synchronized Optional<Duration> timeLeft() {
        if (done == 0) {
            return left == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        double seconds = elapsedSeconds() * left / done;
        return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
    }
}
