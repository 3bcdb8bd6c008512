package dev.gdbench.result;

import dev.gdbench.cost.WorkCount;
import java.util.Arrays;

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
 * @param spread                           the time per iteration of each run of iterations between checks:
 *                                         median, least and greatest
 */
public record BatchThroughput(double secondsPerIteration, double configurationIterationsPerSecond,
                              double bytesPerIteration, double flopsPerIteration, Spread spread) {
    /** Median, least and greatest of a set of times per iteration (NaN for an empty set). */
    public record Spread(double median, double min, double max) {
        public static Spread of(double[] values) {
            if (values.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int half = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
            return new Spread(median, sorted[0], sorted[sorted.length - 1]);
        }
    }

    /**
     * @param work                    what the iterations did, summed
     * @param iterations              iterations the batch ran (its longest column's)
     * @param configurationIterations iterations summed over its configurations
     * @param seconds                 time spent iterating
     * @param chunkSecondsPerIteration the time per iteration of each run of iterations between two checks
     */
    public static BatchThroughput of(WorkCount work, int iterations, long configurationIterations, double seconds,
                                     double[] chunkSecondsPerIteration) {
        if (iterations == 0) {
            return new BatchThroughput(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Spread.of(new double[0]));
        }
        return new BatchThroughput(seconds / iterations, configurationIterations / seconds, work.bytes() / iterations,
                work.flops() / iterations, Spread.of(chunkSecondsPerIteration));
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
