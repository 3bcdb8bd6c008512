package dev.gdbench.map;

import dev.gdbench.optim.HyperParameter;
import java.util.List;

/**
 * One map as written and read back: the grid (x varies fastest: point = iy * nx + ix), what each
 * point measured, and theory's overlay, computed when the map ran so that figures need the map's
 * folder alone.
 *
 * @param instance       the problem instance, e.g. {@code quadratic n=2 kappa=100 seed=1}
 * @param stabilityLimit where the lr axis has one: per value of the other axis, the largest stable
 *                       step (LinearRateTheory.stabilityLimit) in the lr axis's units; else empty
 * @param optimum        theory's optimal (x, y) where both axes are its parameters; else empty
 * @param theory         empty where theory is exact (a quadratic); else what it is, e.g. local at the
 *                       minimum (MapTheory.scope): the figures and map.json say so
 */
public record StabilityMap(String optimizer, String instance, MapAxis x, MapAxis y, List<Double> tolerances,
                           int maxIterations, MapResult result, double[] stabilityLimit, double[] optimum,
                           String theory) {
    /** A map with exact theory (a quadratic's). */
    public StabilityMap(String optimizer, String instance, MapAxis x, MapAxis y, List<Double> tolerances,
                        int maxIterations, MapResult result, double[] stabilityLimit, double[] optimum) {
        this(optimizer, instance, x, y, tolerances, maxIterations, result, stabilityLimit, optimum, "");
    }

    /** Whether theory's overlay is that of the Hessian at the minimum, not of the whole problem. */
    public boolean localTheory() {
        return !theory.isEmpty();
    }
    /** Whether the step size is the x axis (else the y axis, or neither when stabilityLimit is empty). */
    public boolean stepOnX() {
        return HyperParameter.LEARNING_RATE.equals(x.parameter().hyperParameter());
    }

    /** The index of the loosest tolerance: the one whose iterations the map's image shows. */
    public int loosestTolerance() {
        int loosest = 0;
        for (int t = 1; t < tolerances.size(); t++) {
            if (tolerances.get(t) > tolerances.get(loosest)) {
                loosest = t;
            }
        }
        return loosest;
    }
}
