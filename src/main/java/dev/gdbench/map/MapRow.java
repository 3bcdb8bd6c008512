package dev.gdbench.map;

import dev.gdbench.problem.Problem;
import java.util.Map;

/**
 * Points of a map that share a problem instance: all of them, or one row of a map whose y axis is
 * kappa (quadratics only).
 *
 * @param firstPoint where the row's points start in the map (point = iy * nx + ix)
 * @param values     per hyper-parameter of the optimizer, in its descriptor's order (lr first), the
 *                   value at each point: an axis's, or the fixed value repeated
 * @param fixed      the hyper-parameters that no axis varies, resolved on this instance
 */
public record MapRow(Problem problem, int firstPoint, double[][] values, Map<String, Double> fixed) {
    public int points() {
        return values[0].length;
    }
}
