package dev.gdbench.plan;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Transforms;
import java.util.Map;

/** One configuration before its problem instance exists: optimizer plus hyper-parameter values as given. */
public record ConfigurationSpec(int id, OptimizerDescriptor optimizer, Map<String, ParamValue> values,
                                Transforms transforms) {
}
