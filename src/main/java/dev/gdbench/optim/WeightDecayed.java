package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weight decay as a transform around any rule, as optax chains add_decayed_weights: coupled, an
 * L2 term the rule sees in its gradient (g + wd x, torch's weight_decay of SGD, Adam, NAdam, ...),
 * or decoupled, a shrink of x before the rule's step (x *= 1 - lr_t wd, torch AdamW's, with
 * lr_t the step size of this iteration, scheduled or not). Clipping wraps outside it, as torch
 * clips the gradient before the optimizer adds the decay.
 */
public final class WeightDecayed extends ForwardingRule {
    /** How the decay enters the step. */
    public enum Coupling {
        COUPLED, DECOUPLED
    }

    private final String name;
    private final double weightDecay;
    private final Coupling coupling;
    private final Map<String, Double> hyperParameters;

    /** @param name the rule's name with its decay (adamw for adam decoupled; the inner rule's own otherwise) */
    public WeightDecayed(String name, UpdateRule inner, double weightDecay, Coupling coupling) {
        super(inner);
        this.name = name;
        this.weightDecay = weightDecay;
        this.coupling = coupling;
        Map<String, Double> values = new LinkedHashMap<>(inner.hyperParameters());
        values.put(HyperParameter.WEIGHT_DECAY, weightDecay);
        this.hyperParameters = java.util.Collections.unmodifiableMap(values);
    }

    public double weightDecay() {
        return weightDecay;
    }

    public Coupling coupling() {
        return coupling;
    }

    @Override
    public String name() {
        return name;
    }

    /** Coupled: one more vector, g + wd x, for the inner rule to read (the batch keeps the true gradient). */
    @Override
    public int stateVectors() {
        return inner.stateVectors() + (coupling == Coupling.COUPLED ? 1 : 0);
    }

    /** Coupled: a multiply and an add per element; decoupled: one scaling. */
    @Override
    public int flopsPerElement() {
        return inner.flopsPerElement() + (coupling == Coupling.COUPLED ? 2 : 1);
    }

    /** The inner rule's, then, decoupled, the shrink factor 1 - lr wd (last: the CUDA backend moves it to its slot). */
    @Override
    public double[] stepScalars(int iteration, double learningRate) {
        double[] scalars = inner.stepScalars(iteration, learningRate);
        if (coupling == Coupling.COUPLED) {
            return scalars;
        }
        double[] withDecay = java.util.Arrays.copyOf(scalars, scalars.length + 1);
        withDecay[scalars.length] = 1 - learningRate * weightDecay;
        return withDecay;
    }

    @Override
    public Map<String, Double> hyperParameters() {
        return hyperParameters;
    }

    @Override
    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {
        if (coupling == Coupling.DECOUPLED) {
            double shrink = 1 - learningRate * weightDecay;
            for (int i = 0; i < x.length(); i++) {
                x.set(i, x.get(i) * shrink);
            }
            inner.update(iteration, learningRate, x, gradient, state);
            return;
        }
        // The inner rule reads only its own first stateVectors() vectors, so the decayed gradient sits right after them.
        Vec decayed = state[inner.stateVectors()];
        for (int i = 0; i < x.length(); i++) {
            decayed.set(i, gradient.get(i) + weightDecay * x.get(i));
        }
        inner.update(iteration, learningRate, x, decayed, state);
    }
}
