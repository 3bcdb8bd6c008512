package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.Map;

/** optax-style wrapper: the inner rule runs with lr_t = schedule(t) lr instead of lr. */
public final class Scheduled implements UpdateRule {
    private final UpdateRule inner;
    private final Schedule schedule;

    public Scheduled(UpdateRule inner, Schedule schedule) {
        this.inner = inner;
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int stateVectors() {
        return inner.stateVectors();
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public double learningRateAt(int iteration) {
        return schedule.factor(iteration) * inner.learningRateAt(iteration);
    }

    /** The inner rule's, at the scheduled step size (the lr that update hands it). */
    @Override
    public double[] stepScalars(int iteration, double learningRate) {
        return inner.stepScalars(iteration, schedule.factor(iteration) * learningRate);
    }

    /** A schedule changes lr with t (the constant one is never wrapped: Transforms.wrap). */
    @Override
    public boolean stepScalarsVary() {
        return true;
    }

    /** The rule the schedule wraps. */
    public UpdateRule inner() {
        return inner;
    }

    @Override
    public Map<String, Double> hyperParameters() {
        return inner.hyperParameters();
    }

    /** The schedule scales lr once per step, not per element. */
    @Override
    public int flopsPerElement() {
        return inner.flopsPerElement();
    }

    @Override
    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {
        inner.update(iteration, schedule.factor(iteration) * learningRate, x, gradient, state);
    }
}
