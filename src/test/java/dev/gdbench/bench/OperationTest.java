package dev.gdbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationTest {
    /** On the GPU the one-core products and the FMA peak fail by design; bench must not count them as failures there. */
    @Test
    void theOneCoreProductsAndTheFmaPeakAreCpuMeasuresOnly() {
        for (Operation operation : Operation.values()) {
            boolean cpuOnly = operation == Operation.GEMMONECORE || operation == Operation.PACKEDGEMMONECORE
                    || operation == Operation.FMAPEAK || operation == Operation.FMAPEAKONECORE;
            assertTrue(operation.appliesTo("cpu"), operation.label());
            assertEquals(!cpuOnly, operation.appliesTo("cuda"), operation.label());
        }
    }

    @Test
    void benchmarksAreFoundByTheirMethodName() {
        assertEquals(Optional.of(Operation.GEMMONECORE), Operation.find("dev.gdbench.bench.Ceilings.MatrixProduct.gemmOneCore"));
        assertFalse(Operation.find("dev.gdbench.cli.FailingBenchmark.fails").isPresent());
    }
}
