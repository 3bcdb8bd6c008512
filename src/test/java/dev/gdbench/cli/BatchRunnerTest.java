package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.backend.Sampling;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.engine.BatchProgress;
import dev.gdbench.engine.Engine;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.Transforms;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchRunnerTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 1000, 10, List.of(1e-8), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

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

    /**
     * The CPU backend under another name, with a device memory that holds at most two columns:
     * wider batches are refused at open, as the GPU refuses a batch that does not fit.
     */
    private static final class TwoColumnDevice implements Backend {
        private final CpuBackend cpu = new CpuBackend();
        private final List<Integer> opened = new ArrayList<>();

        @Override
        public String name() {
            return "small-device";
        }

        @Override
        public String description() {
            return "fits two columns";
        }

        @Override
        public BatchRun open(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling) {
            if (rules.size() > 2) {
                throw new DeviceMemoryException("small-device", "batch of " + rules.size(), rules.size() * 100L, 200L);
            }
            opened.add(rules.size());
            return cpu.open(problem, rules, precision, sampling);
        }

        @Override
        public void close() {
            cpu.close();
        }
    }

    private static Batch batch() {
        return batch(1);
    }

    /** gd on one quadratic at step sizes 1/L .. (columns)/L / columns, all stable. */
    private static Batch batch(int columns) {
        ProblemSpec spec = ProblemSpec.quadratic(8, 10, 1);
        Problem problem = ProblemFactory.build(spec);
        List<Configuration> configurations = new ArrayList<>();
        for (int j = 0; j < columns; j++) {
            var values = Map.of("lr", (j + 1.0) / columns / problem.smoothness());
            configurations.add(new Configuration(10 + j, GradientDescent.DESCRIPTOR, values, Transforms.NONE,
                    GradientDescent.DESCRIPTOR.create(values)));
        }
        return new Batch(spec, problem, configurations);
    }

    @Test
    void aBatchThatDoesNotFitRunsInPartsOnTheSameBackendWithTheSameResults() {
        List<String> notes = new ArrayList<>();
        Batch batch = batch(5);
        BatchResult whole;
        try (CpuBackend cpu = new CpuBackend()) {
            whole = new Engine(cpu, SETTINGS).run(batch, BatchProgress.NONE);
        }
        try (TwoColumnDevice device = new TwoColumnDevice();
             BatchRunner runner = new BatchRunner(false, SETTINGS, 1, notes::add)) {
            BatchResult parts = runner.run(new Engine(device, SETTINGS), batch, BatchProgress.NONE);
            // 5 -> 2 + 3 -> 2 + (1 + 2): two splits, every part on the device.
            assertEquals(List.of(2, 1, 2), device.opened);
            assertEquals(2, runner.batchesSplit());
            assertEquals(0, runner.batchesOnCpu());
            assertEquals(List.of(10, 11, 12, 13, 14), parts.results().stream().map(r -> r.configuration().id()).toList());
            for (int j = 0; j < 5; j++) {
                RunResult got = parts.results().get(j);
                assertEquals("small-device", got.context().backend());
                assertEquals(whole.results().get(j).outcome().iterations(), got.outcome().iterations());
                assertArrayEquals(whole.results().get(j).outcome().finalIterate(), got.outcome().finalIterate(), 0.0);
            }
            assertEquals(whole.history().size(), parts.history().size());
        }
        assertEquals(List.of("small-device: batch of 5 needs 0.00 GB of device memory, 0.00 GB are free:"
                + " running such batches in parts that fit"), notes);
    }

    @Test
    void autoRunsWhatTheGpuRefusesOnTheCpuAndSaysSoOnce() {
        List<String> notes = new ArrayList<>();
        Engine refusing = new Engine(new Refusing(), SETTINGS);
        try (BatchRunner fallback = new BatchRunner(true, SETTINGS, 1, notes::add)) {
            BatchResult first = fallback.run(refusing, batch(), BatchProgress.NONE);
            BatchResult second = fallback.run(refusing, batch(), BatchProgress.NONE);
            assertEquals("cpu", first.results().get(0).context().backend());
            assertEquals(Status.CONVERGED, second.results().get(0).outcome().status());
            assertEquals(2, fallback.batchesOnCpu());
        }
        assertEquals(List.of("cuda: no update kernel for gd: running such batches on the CPU"), notes);
    }

    @Test
    void anExplicitBackendNeverFallsBack() {
        Engine refusing = new Engine(new Refusing(), SETTINGS);
        try (BatchRunner fallback = new BatchRunner(false, SETTINGS, 1, line -> { })) {
            assertThrows(BackendUnavailableException.class, () -> fallback.run(refusing, batch(), BatchProgress.NONE));
        }
    }
}
