package dev.gdbench.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every element-wise rule has in common: the descriptor it is registered under and its
 * hyper-parameter values, named and ordered as the descriptor lists them (lr first). A subclass
 * keeps only what is its own: the update formula (its loop reads the subclass's own fields, so
 * nothing here is called per element), its state count, its flop count and, for a linear rule,
 * its iteration matrix.
 */
abstract class ElementwiseRule implements UpdateRule {
    private final OptimizerDescriptor descriptor;
    private final double learningRate;
    private final Map<String, Double> hyperParameters;

    /**
     * @param otherValues the values of the descriptor's hyper-parameters after lr, in its order
     */
    ElementwiseRule(OptimizerDescriptor descriptor, double learningRate, double... otherValues) {
        this.descriptor = descriptor;
        this.learningRate = learningRate;
        this.hyperParameters = Collections.unmodifiableMap(valuesByName(descriptor, learningRate, otherValues));
    }

    /** The values under the descriptor's hyper-parameter names, in its order; it must list lr first and no more. */
    static Map<String, Double> valuesByName(OptimizerDescriptor descriptor, double learningRate, double... otherValues) {
        List<String> names = descriptor.hyperParameters();
        if (names.size() != 1 + otherValues.length || !names.get(0).equals(HyperParameter.LEARNING_RATE)) {
            throw new IllegalArgumentException(descriptor.name() + " takes " + names + ", lr first; got lr and "
                    + otherValues.length + " more");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(HyperParameter.LEARNING_RATE, learningRate);
        for (int k = 0; k < otherValues.length; k++) {
            values.put(names.get(k + 1), otherValues[k]);
        }
        return values;
    }

    @Override
    public final String name() {
        return descriptor.name();
    }

    @Override
    public final Optional<String> kernel() {
        return descriptor.kernel();
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    /** Every hyper-parameter but lr, which reaches the kernels through the step scalars. */
    @Override
    public Map<String, Double> kernelConstants() {
        Map<String, Double> constants = new LinkedHashMap<>(hyperParameters);
        constants.remove(HyperParameter.LEARNING_RATE);
        return constants;
    }

    @Override
    public final Map<String, Double> hyperParameters() {
        return hyperParameters;
    }
}
