package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.linalg.Precision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The verify harness without a GPU: the CPU backend stands in for the device. In fp64 it is the
 * reference itself (zero error); in fp32 it rounds storage and sums products in fp32 as the GPU
 * does, and must pass the fp32 bound with a wide margin.
 */
class VerificationTest {
    @Test
    void cpuAgainstItselfHasNoErrorAndCpuFp32PassesTheFp32Bound() {
        List<Executable> checks = new ArrayList<>();
        try (CpuBackend device = new CpuBackend(); CpuBackend reference = new CpuBackend()) {
            for (Verification.Case c : Verification.standardCases()) {
                Verification.Outcome o = Verification.run(device, reference, c);
                if (c.precision() == Precision.FP64) {
                    checks.add(() -> assertEquals(0.0, Math.max(o.iterateError(), o.lossError()), c.toString()));
                } else {
                    checks.add(() -> assertTrue(Math.max(o.iterateError(), o.lossError()) < 0.1 * o.bound(),
                            c + ": " + o.iterateError() + ", " + o.lossError() + " against " + o.bound()));
                }
            }
        }
        assertAll(checks);
    }
}
