package dev.gdbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class UpdateBenchmarkTest {
    /** JMH reads @Param values as constants, so the list is written out: a rule added to the registry and not here fails. */
    @Test
    void benchmarksEveryRuleWithAnUpdateKernelInRegistryOrder() throws NoSuchFieldException {
        Param optimizers = UpdateBenchmark.class.getField("optimizer").getAnnotation(Param.class);
        assertEquals(Optimizers.withKernels().stream().map(OptimizerDescriptor::name).toList(), List.of(optimizers.value()));
    }
}
