package dev.gdbench.plan;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.UpdateRule;
import java.util.Map;

/**
 * A configuration resolved against its problem instance: concrete hyper-parameters and the rule.
 *
 * @param values concrete hyper-parameters by name (lr first)
 */
public record Configuration(int id, OptimizerDescriptor optimizer, Map<String, Double> values, UpdateRule rule) {
}
