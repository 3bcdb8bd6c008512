package dev.gdbench.optim;

import java.util.Map;

/**
 * A transform around another rule (optax's chained transformations): everything is the inner
 * rule's unless the wrapper says otherwise, so each wrapper states only what it changes. A
 * wrapper runs no kernel of its own (the GPU unwraps it: backend.cuda.KernelRule).
 */
abstract class ForwardingRule implements UpdateRule {
    protected final UpdateRule inner;

    ForwardingRule(UpdateRule inner) {
        this.inner = inner;
    }

    /** The rule this one wraps. */
    public UpdateRule inner() {
        return inner;
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
    public int flopsPerElement() {
        return inner.flopsPerElement();
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public double learningRateAt(int iteration) {
        return inner.learningRateAt(iteration);
    }

    @Override
    public double[] stepScalars(int iteration, double learningRate) {
        return inner.stepScalars(iteration, learningRate);
    }

    @Override
    public boolean stepScalarsVary() {
        return inner.stepScalarsVary();
    }

    @Override
    public Map<String, Double> hyperParameters() {
        return inner.hyperParameters();
    }
}
