package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gdbench.linalg.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizersTest {
    /**
     * results.csv and the kernels' per-column hyper-parameter slots read a rule's hyperParameters()
     * in order, so each rule must hand back exactly what it was built from, named and ordered as
     * its descriptor lists them.
     */
    @Test
    void everyRuleReportsItsNameAndTheHyperParametersItWasBuiltFromInTheDescriptorsOrder() {
        for (String name : Optimizers.names()) {
            OptimizerDescriptor descriptor = Optimizers.find(name).orElseThrow();
            Map<String, Double> values = new LinkedHashMap<>();
            List<String> names = descriptor.hyperParameters();
            for (int k = 0; k < names.size(); k++) {
                values.put(names.get(k), 0.125 * (k + 1));
            }
            UpdateRule rule = descriptor.create(values);
            assertEquals(name, rule.name());
            assertEquals(names, List.copyOf(rule.hyperParameters().keySet()), name);
            assertEquals(values, rule.hyperParameters(), name);
            if (values.containsKey(HyperParameter.LEARNING_RATE)) {
                assertEquals(values.get(HyperParameter.LEARNING_RATE), rule.learningRate(), name);
            }
        }
    }

    /** A rule built with fewer values than its descriptor names would mislabel the columns. */
    @Test
    void anElementwiseRuleRejectsValuesThatDoNotMatchItsDescriptor() {
        assertThrows(IllegalArgumentException.class,
                () -> new ElementwiseRule(HeavyBall.DESCRIPTOR, 0.1) {
                    @Override
                    public int stateVectors() {
                        return 1;
                    }

                    @Override
                    public int flopsPerElement() {
                        return 4;
                    }

                    @Override
                    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {}
                });
    }
}
