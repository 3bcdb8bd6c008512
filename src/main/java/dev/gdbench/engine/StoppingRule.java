package dev.gdbench.engine;

import dev.gdbench.plan.RunSettings;
import dev.gdbench.result.Status;

/**
 * When a configuration stops, decided at each measurement from scalars: the engine asks it for
 * every column of a batch and the map engine (map.SmallProblemEngine) for every lane, so both
 * decide alike.
 */
public final class StoppingRule {
    private final RunSettings settings;

    public StoppingRule(RunSettings settings) {
        this.settings = settings;
    }

    /**
     * Records tolerances met at this iteration and decides whether the configuration stops:
     * converged when every tolerance is met; diverged when non-finite or past the run's divergence
     * rule; null while it runs on.
     *
     * @param progress    the suboptimality, or |g| where f* is unknown
     * @param start       the same at iteration 0
     * @param toTolerance per tolerance, the iteration it was first met or -1; updated here
     */
    public Status judge(double progress, double start, double gradientNorm, double iterateNorm, int iteration,
                        int[] toTolerance) {
        if (!Double.isFinite(progress) || !Double.isFinite(gradientNorm)
                || settings.divergence().exceeded(progress, start, iterateNorm)) {
            return Status.DIVERGED;
        }
        double criterion = settings.absoluteTolerance() ? progress : progress / start;
        if (start == 0) {
            criterion = 0; // started at the optimum
        }
        boolean all = true;
        for (int t = 0; t < toTolerance.length; t++) {
            if (toTolerance[t] < 0 && criterion <= settings.tolerances().get(t)) {
                toTolerance[t] = iteration;
            }
            all &= toTolerance[t] >= 0;
        }
        return all ? Status.CONVERGED : null;
    }
}
