package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;

/** optax-style wrapper: the inner rule runs with lr_t = schedule(t) lr instead of lr. */
public final class Scheduled extends ForwardingRule {
    private final Schedule schedule;

    public Scheduled(UpdateRule inner, Schedule schedule) {
        super(inner);
        this.schedule = schedule;
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

    @Override
    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {
        inner.update(iteration, schedule.factor(iteration) * learningRate, x, gradient, state);
    }
}
