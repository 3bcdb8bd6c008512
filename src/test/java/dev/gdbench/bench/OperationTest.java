package dev.gdbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationTest {
    /** On the GPU the one-core products fail by design; bench must not count them as failures there. */
    @Test
    void theOneCoreProductsAreCpuMeasuresOnly() {
        for (Operation operation : Operation.values()) {
            boolean oneCore = operation == Operation.GEMMONECORE || operation == Operation.PACKEDGEMMONECORE;
            assertTrue(operation.appliesTo("cpu"), operation.label());
            assertEquals(!oneCore, operation.appliesTo("cuda"), operation.label());
        }
    }

    @Test
    void benchmarksAreFoundByTheirMethodName() {
        assertEquals(Optional.of(Operation.GEMMONECORE), Operation.find("dev.gdbench.bench.Ceilings.MatrixProduct.gemmOneCore"));
        assertFalse(Operation.find("dev.gdbench.cli.FailingBenchmark.fails").isPresent());
    }
}
