package dev.gdbench.engine;

import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.result.Status;

/**
 * When a configuration stops, decided at each measurement from scalars: the engine asks it for
 * every column of a batch and the map engine (map.SmallProblemEngine) for every lane, so both
 * decide alike.
 */
public final class StoppingRule {
    private final DivergenceRule divergence;
    private final boolean absoluteTolerance;
    /** The settings' tolerances unboxed once: judge runs for every column or lane at every check. */
    private final double[] tolerances;

    public StoppingRule(RunSettings settings) {
        this.divergence = settings.divergence();
        this.absoluteTolerance = settings.absoluteTolerance();
        this.tolerances = settings.tolerances().stream().mapToDouble(Double::doubleValue).toArray();
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
                || divergence.exceeded(progress, start, iterateNorm)) {
            return Status.DIVERGED;
        }
        double criterion = absoluteTolerance ? progress : progress / start;
        if (start == 0) {
            criterion = 0; // started at the optimum
        }
        boolean all = true;
        for (int t = 0; t < toTolerance.length; t++) {
            if (toTolerance[t] < 0 && criterion <= tolerances[t]) {
                toTolerance[t] = iteration;
            }
            all &= toTolerance[t] >= 0;
        }
        return all ? Status.CONVERGED : null;
    }

    /**
     * Whether {@link #judge} would return null and record nothing: finite, within the divergence
     * rule, started away from the optimum and above {@code loosestUnmet}, the loosest tolerance not
     * yet met, in judge's arithmetic. The map engine asks this for every lane at every check and
     * judges only the others; scalar on purpose: a vector form inlined into the engine's checkpoint
     * loop was cut off by C2's inlining budget mid-expression and then boxed its vectors on every
     * call, the Vector API's allocating fallback for good. A NaN anywhere is never quiet, so judge
     * decides it.
     */
    public boolean quiet(double progress, double start, double gradientNorm, double iterateNorm, double loosestUnmet) {
        double criterion = absoluteTolerance ? progress : progress / start;
        return Double.isFinite(progress) && Double.isFinite(gradientNorm)
                && !divergence.exceeded(progress, start, iterateNorm) && start != 0 && criterion > loosestUnmet;
    }

    /**
     * The loosest tolerance not yet met: what {@link #quiet} compares with. NaN when none is left
     * unmet (judge converges such a configuration), so that no comparison clears it.
     */
    public double loosestUnmet(int[] toTolerance) {
        double loosest = Double.NaN;
        for (int t = 0; t < toTolerance.length; t++) {
            if (toTolerance[t] < 0) {
                loosest = Double.isNaN(loosest) ? tolerances[t] : Math.max(loosest, tolerances[t]);
            }
        }
        return loosest;
    }
}
