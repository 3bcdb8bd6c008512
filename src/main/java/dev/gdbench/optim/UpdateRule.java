package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.Map;
import java.util.Optional;

/**
 * An optimizer as optax sees one: per-element state (initialised to zero) plus an update that
 * maps (x, g, state) to (x', state'). One instance per configuration holds that configuration's
 * hyper-parameters, so a batch can mix step sizes and momenta column by column. Wrappers
 * (schedules, clipping) implement this same interface around another rule.
 */
public interface UpdateRule {
    /** Name as on the command line. */
    String name();

    /** Number of state vectors (each as long as x) the rule keeps per configuration. */
    int stateVectors();

    /**
     * Floating-point operations per element of one update, counting each add, multiply, divide
     * and square root once and loop invariants (bias corrections, 1 - beta) not at all; the
     * cost model ({@code cost.WorkCount}) turns it into FLOP/s.
     */
    int flopsPerElement();

    /** The base step size lr. */
    double learningRate();

    /** The step size this rule takes at an iteration (1 for the first): lr, or what a schedule makes of it. */
    default double learningRateAt(int iteration) {
        return learningRate();
    }

    /**
     * The scalars one step uses that depend on the iteration and the step size but on no element,
     * computed once per step: lr itself for most rules; adam's lr / (1 - beta1^t) and
     * sqrt(1 - beta2^t); adagrad's decayed lr; adamw's decay factor 1 - lr wd. The rule's own
     * update reads them, and the GPU backend uploads them per step and column for its kernels, so
     * both paths step with the same numbers (a schedule changes lr before they are computed).
     * The order is the one the rule's kernel reads (kernels/updates.cu).
     */
    default double[] stepScalars(int iteration, double learningRate) {
        return new double[] {learningRate};
    }

    /**
     * Whether {@link #stepScalars} changes with the iteration (bias corrections, a decay, a
     * schedule): the GPU backend then computes and uploads them for every step, else once. A rule
     * that overrides stepScalars with scalars that depend on t overrides this too.
     */
    default boolean stepScalarsVary() {
        return false;
    }

    /**
     * The update kernel family that computes exactly this rule (its descriptor's), empty for
     * rules without one; wrappers have none of their own, as they change the step (the CUDA
     * backend unwraps the ones it applies in the kernels).
     */
    default Optional<String> kernel() {
        return Optional.empty();
    }

    /**
     * The constant hyper-parameters the rule's update kernel reads, in the order of its functor's
     * Hyper slots (kernels/updates.cu): what stepScalars does not fold in. None by default.
     */
    default Map<String, Double> kernelConstants() {
        return Map.of();
    }

    /** Hyper-parameters by name, in a fixed order (lr first); results and the plan read them. */
    Map<String, Double> hyperParameters();

    /**
     * One step on one configuration, in place: x and state are updated from the gradient g at x.
     *
     * @param iteration    1 for the first step (bias corrections depend on it)
     * @param learningRate the step size for this iteration (the base lr, or what a schedule made of it)
     * @param state        at least {@link #stateVectors()} vectors, zero before the first step; a rule reads
     *                     and writes only its first stateVectors() (wrappers keep their own after them)
     */
    void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state);
}
