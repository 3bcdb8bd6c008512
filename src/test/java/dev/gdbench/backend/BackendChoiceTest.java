package dev.gdbench.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gdbench.backend.cuda.CudaAvailability;
import org.junit.jupiter.api.Test;

/** Without a usable GPU (CI, the build machine): auto falls back to the CPU and says why; cuda refuses in one line. */
class BackendChoiceTest {
    @Test
    void autoFallsBackToTheCpuWithOneLineSayingWhy() {
        assumeFalse(CudaAvailability.check().usable(), "a GPU is usable here");
        Backends.Choice choice = Backends.choose("auto");
        try (Backend backend = choice.backend()) {
            assertEquals("cpu", backend.name());
        }
        assertTrue(choice.reason().startsWith("auto: no usable GPU: "), choice.reason());
        assertFalse(choice.reason().contains("\n"), choice.reason());
    }

    @Test
    void cudaWithoutAUsableGpuIsUnavailableWithOneLine() {
        assumeFalse(CudaAvailability.check().usable(), "a GPU is usable here");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.choose("cuda"));
        assertTrue(e.getMessage().startsWith("--backend cuda: no usable GPU: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void askingTwiceGivesTheSameAnswer() {
        // The second touch of a JCuda class whose natives failed throws NoClassDefFoundError: the probe runs once.
        assertEquals(CudaAvailability.check(), CudaAvailability.check());
        try (Backend backend = Backends.choose("auto").backend()) {
            assertEquals(CudaAvailability.check().usable() ? "cuda" : "cpu", backend.name());
        }
    }
}
