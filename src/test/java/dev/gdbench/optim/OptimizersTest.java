package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Values that do not line up with the descriptor's names, lr first, would mislabel the columns. */
    @Test
    void anElementwiseRuleTakesExactlyTheValuesItsDescriptorNames() {
        assertThrows(IllegalArgumentException.class, () -> ElementwiseRule.valuesByName(HeavyBall.DESCRIPTOR, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> ElementwiseRule.valuesByName(HeavyBall.DESCRIPTOR, 0.1, 0.9, 0.5));
        OptimizerDescriptor momentumFirst = new OptimizerDescriptor("momentum-first", "lr listed second",
                List.of(HyperParameter.MOMENTUM, HyperParameter.LEARNING_RATE), Map.of(), p -> null, Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> ElementwiseRule.valuesByName(momentumFirst, 0.1, 0.9));
    }
}
