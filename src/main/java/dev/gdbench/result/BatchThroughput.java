package dev.gdbench.result;

import dev.gdbench.cost.WorkCount;

/**
 * How fast a batch iterated: one figure for all its configurations, which results.csv repeats on
 * each of their rows. Work is {@link WorkCount}'s useful work, summed over the columns active in
 * each iteration; times are the backend's own ({@code BatchRun.secondsIterating}: CUDA events on
 * the GPU). NaN throughout for a batch that ran no iteration.
 *
 * @param secondsPerIteration              wall time per iteration, all its active columns together
 * @param configurationIterationsPerSecond iterations summed over its configurations, per second
 * @param bytesPerIteration                bytes moved per iteration, averaged over the batch's iterations
 * @param flopsPerIteration                floating-point operations per iteration, likewise
 */
public record BatchThroughput(double secondsPerIteration, double configurationIterationsPerSecond,
                              double bytesPerIteration, double flopsPerIteration) {
    /**
     * @param work                    what the iterations did, summed
     * @param iterations              iterations the batch ran (its longest column's)
     * @param configurationIterations iterations summed over its configurations
     * @param seconds                 time spent iterating
     */
    public static BatchThroughput of(WorkCount work, int iterations, long configurationIterations, double seconds) {
        if (iterations == 0) {
            return new BatchThroughput(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new BatchThroughput(seconds / iterations, configurationIterations / seconds, work.bytes() / iterations,
                work.flops() / iterations);
    }

    /** Bytes moved per second while iterating, in GB/s (10^9 bytes). */
    public double gigabytesPerSecond() {
        return bytesPerIteration / secondsPerIteration * 1e-9;
    }

    /** Floating-point operations per second while iterating, in GFLOP/s. */
    public double gigaflopsPerSecond() {
        return flopsPerIteration / secondsPerIteration * 1e-9;
    }
}
