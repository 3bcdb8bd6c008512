package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.Sampling;
import dev.gdbench.engine.BatchProgress;
import dev.gdbench.engine.Engine;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.Transforms;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuFallbackTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 1000, 10, List.of(1e-8), false,
            RunSettings.DEFAULT_DIVERGENCE_FACTOR, RunSettings.FULL_BATCH);

    /** A backend that, like the GPU without a kernel for a rule, refuses every batch at open. */
    private static final class Refusing implements Backend {
        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public String description() {
            return "refuses everything";
        }

        @Override
        public BatchRun open(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling) {
            throw new BackendUnavailableException("cuda: no update kernel for gd; use --backend cpu");
        }

        @Override
        public void close() {
        }
    }

    private static Batch batch() {
        ProblemSpec spec = ProblemSpec.quadratic(8, 10, 1);
        var values = Map.of("lr", 1.0);
        return new Batch(spec, ProblemFactory.build(spec), List.of(
                new Configuration(0, GradientDescent.DESCRIPTOR, values, Transforms.NONE,
                        GradientDescent.DESCRIPTOR.create(values))));
    }

    @Test
    void autoRunsWhatTheGpuRefusesOnTheCpuAndSaysSoOnce() {
        List<String> notes = new ArrayList<>();
        Engine refusing = new Engine(new Refusing(), SETTINGS);
        try (CpuFallback fallback = new CpuFallback(true, SETTINGS, notes::add)) {
            BatchResult first = fallback.run(refusing, batch(), BatchProgress.NONE);
            BatchResult second = fallback.run(refusing, batch(), BatchProgress.NONE);
            assertEquals("cpu", first.results().get(0).backend());
            assertEquals(Status.CONVERGED, second.results().get(0).status());
            assertEquals(2, fallback.batches());
        }
        assertEquals(List.of("cuda: no update kernel for gd: running such batches on the CPU"), notes);
    }

    @Test
    void anExplicitBackendNeverFallsBack() {
        Engine refusing = new Engine(new Refusing(), SETTINGS);
        try (CpuFallback fallback = new CpuFallback(false, SETTINGS, line -> { })) {
            assertThrows(BackendUnavailableException.class, () -> fallback.run(refusing, batch(), BatchProgress.NONE));
        }
    }
}
