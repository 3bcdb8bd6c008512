package dev.gdbench.map;

import dev.gdbench.result.Status;

/**
 * What a map measured, one entry per point in the order the engine was given them.
 *
 * @param status        {@link Status#ordinal()} per point
 * @param iterations    the iteration the point stopped at (converged, diverged, or --max-iters)
 * @param toTolerance   per tolerance (in the run's order), the iteration it was first met, or -1
 * @param suboptimality f - f* when the point stopped
 * @param rateMeasured  the late-half fit of |x_k - x*| (NaN for diverged points and short runs)
 * @param ratePredicted theory's rate for the point's configuration on the instance's spectrum
 */
public record MapResult(byte[] status, int[] iterations, int[][] toTolerance, double[] suboptimality,
                        double[] rateMeasured, double[] ratePredicted) {
    public static MapResult allocate(int points, int tolerances) {
        return new MapResult(new byte[points], new int[points], new int[tolerances][points], new double[points],
                new double[points], new double[points]);
    }

    public int points() {
        return status.length;
    }

    public Status statusAt(int point) {
        return Status.values()[status[point]];
    }
}
