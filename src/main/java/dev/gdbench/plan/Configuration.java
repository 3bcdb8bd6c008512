package dev.gdbench.plan;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Transforms;
import dev.gdbench.optim.UpdateRule;
import java.util.Map;

/**
 * A configuration resolved against its problem instance: concrete hyper-parameters and the rule.
 *
 * @param values     concrete hyper-parameters by name (lr first)
 * @param transforms clipping and schedule around the optimizer; {@code rule} already includes them
 */
public record Configuration(int id, OptimizerDescriptor optimizer, Map<String, Double> values, Transforms transforms,
                            UpdateRule rule) {
}
