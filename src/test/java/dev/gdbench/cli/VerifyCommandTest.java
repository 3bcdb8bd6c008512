package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gdbench.backend.cuda.CudaAvailability;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {
    @Test
    void verifyWithoutAGpuExitsThreeWithOneLine() {
        assumeFalse(CudaAvailability.check().usable(), "a GPU is usable here");
        var outcome = CliRunner.run("verify");
        assertEquals(3, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().startsWith("verify: no usable GPU: "), outcome.err());
    }

    @Test
    void infoNamesTheGpuOrWhyThereIsNone() {
        var outcome = CliRunner.run("info");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().lines().anyMatch(l -> l.startsWith("gpu ")), outcome.out());
        assertTrue(outcome.out().contains("sm_80 (SASS), sm_90 (SASS), compute_90 (PTX)"), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(l -> l.startsWith("gemm ")), outcome.out());
        if (!CudaAvailability.check().usable()) {
            assertTrue(outcome.out().contains("none usable: "), outcome.out());
        }
    }
}
