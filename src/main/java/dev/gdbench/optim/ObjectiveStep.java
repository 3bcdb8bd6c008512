package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;

/**
 * A rule whose step needs the objective itself, not only the gradient at x (line searches). A
 * backend that finds this interface on a column's rule calls this update instead of
 * {@link UpdateRule#update}, handing it that column's objective.
 */
public interface ObjectiveStep {
    void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state, ColumnObjective objective);
}
