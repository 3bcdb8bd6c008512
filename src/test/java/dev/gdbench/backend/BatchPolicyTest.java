package dev.gdbench.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fallback and splitting policy on its own: what each answer of a backend leads to, and what the user is told. */
class BatchPolicyTest {
    private static final String TOO_LARGE = "cuda: batch quadratic n=4096 x 64 configurations (fp64) needs 9.00 GB of"
            + " device memory, 4.00 GB are free; use fewer configurations per instance";
    private static final String NO_KERNELS = "cuda: no kernels for the rosenbrock problem yet; use --backend cpu";

    @Test
    void aBatchTheBackendAcceptsRunsThereWithoutANote() {
        List<String> notes = new ArrayList<>();
        assertEquals(BatchPolicy.Action.RUN, new BatchPolicy(true, notes::add).decide(Acceptance.RUN, 5));
        assertEquals(List.of(), notes);
    }

    @Test
    void aBatchThatDoesNotFitGoesInHalvesWithOneNoteForEverySplit() {
        List<String> notes = new ArrayList<>();
        BatchPolicy policy = new BatchPolicy(false, notes::add);
        assertEquals(BatchPolicy.Action.SPLIT, policy.decide(Acceptance.split(TOO_LARGE), 64));
        assertEquals(BatchPolicy.Action.SPLIT, policy.decide(Acceptance.split(TOO_LARGE.replace("64", "32")), 32));
        assertEquals(List.of("cuda: batch quadratic n=4096 x 64 configurations (fp64) needs 9.00 GB of device memory,"
                + " 4.00 GB are free: running such batches in parts that fit"), notes);
    }

    @Test
    void underAutoOneConfigurationThatDoesNotFitAndEveryRefusalRunOnTheCpuSaidOncePerReason() {
        List<String> notes = new ArrayList<>();
        BatchPolicy policy = new BatchPolicy(true, notes::add);
        assertEquals(BatchPolicy.Action.ON_CPU, policy.decide(Acceptance.split(TOO_LARGE), 1));
        assertEquals(BatchPolicy.Action.ON_CPU, policy.decide(Acceptance.fallback(NO_KERNELS), 3));
        assertEquals(BatchPolicy.Action.ON_CPU, policy.decide(Acceptance.fallback(NO_KERNELS), 7));
        assertEquals(List.of("cuda: batch quadratic n=4096 x 64 configurations (fp64) needs 9.00 GB of device memory,"
                        + " 4.00 GB are free: running such batches on the CPU",
                "cuda: no kernels for the rosenbrock problem yet: running such batches on the CPU"), notes);
    }

    @Test
    void aRequestedBackendNeverFallsBackItsReasonEndsTheSweep() {
        BatchPolicy policy = new BatchPolicy(false, note -> {
            throw new AssertionError("no note: " + note);
        });
        assertEquals(NO_KERNELS, assertThrows(BackendUnavailableException.class,
                () -> policy.decide(Acceptance.fallback(NO_KERNELS), 3)).getMessage());
        assertEquals(TOO_LARGE, assertThrows(BackendUnavailableException.class,
                () -> policy.decide(Acceptance.split(TOO_LARGE), 1)).getMessage());
    }

    /** A refusal while opening or running, which the plan could not foresee, is answered like the same one at plan time. */
    @Test
    void aFailureAtRunTimeIsTheAcceptanceItWouldHaveBeen() {
        assertEquals(Acceptance.split("cuda: b needs 0.00 GB of device memory, 0.00 GB are free; use fewer configurations"
                        + " per instance, a smaller n, or --backend cpu (batches already finished are in results.csv)"),
                Acceptance.of(new DeviceMemoryException("cuda", "b", 1, 0)));
        assertEquals(Acceptance.fallback(NO_KERNELS), Acceptance.of(new BackendUnavailableException(NO_KERNELS)));
    }
}
