package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.Nesterov;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Batching is an implementation detail: a column of a batch must end exactly where the same
 * configuration ends alone, even as neighbours converge, diverge and are compacted away.
 */
class BatchConsistencyTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 3000, 10, List.of(1e-4, 1e-8), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    private static List<Batches.Column> mixedColumns() {
        List<Batches.Column> columns = new ArrayList<>();
        for (double lr : new double[] {0.3, 1.0, 1.9, 2.2}) { // 2.2/L diverges
            columns.add(Batches.column(GradientDescent.DESCRIPTOR, Map.of("lr", lr)));
        }
        for (double beta : new double[] {0.5, 0.9}) {
            columns.add(Batches.column(HeavyBall.DESCRIPTOR, Map.of("lr", 0.8, "momentum", beta)));
            columns.add(Batches.column(Nesterov.DESCRIPTOR, Map.of("lr", 0.8, "momentum", beta)));
        }
        columns.add(Batches.column(Adam.DESCRIPTOR, Map.of("lr", 0.05, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8)));
        columns.add(Batches.column(Adam.DESCRIPTOR, Map.of("lr", 0.01, "beta1", 0.8, "beta2", 0.99, "eps", 1e-8)));
        return columns;
    }

    private static void assertBatchEqualsColumnsAlone(ProblemSpec spec) {
        List<Batches.Column> columns = mixedColumns();
        try (CpuBackend backend = new CpuBackend()) {
            Engine engine = new Engine(backend, SETTINGS);
            List<RunResult> together = engine.run(Batches.batch(spec, columns)).results();
            assertTrue(together.stream().anyMatch(r -> r.outcome().status() == Status.DIVERGED));
            assertTrue(together.stream().anyMatch(r -> r.outcome().status() == Status.CONVERGED));
            for (int j = 0; j < columns.size(); j++) {
                RunResult alone = engine.run(Batches.batch(spec, List.of(columns.get(j)))).results().get(0);
                RunResult inBatch = together.get(j);
                String what = spec.kind() + " column " + j + " " + inBatch.configuration().optimizer();
                assertEquals(alone.outcome().status(), inBatch.outcome().status(), what);
                assertEquals(alone.outcome().iterations(), inBatch.outcome().iterations(), what);
                assertArrayEquals(alone.outcome().iterationsToTolerance(), inBatch.outcome().iterationsToTolerance(), what);
                if (alone.outcome().status() != Status.DIVERGED) {
                    assertEquals(alone.outcome().finalSuboptimality(), inBatch.outcome().finalSuboptimality(),
                            1e-12 * Math.abs(alone.outcome().finalSuboptimality()), what);
                    assertEquals(alone.outcome().finalDistance(), inBatch.outcome().finalDistance(), 1e-12 * alone.outcome().finalDistance(), what);
                    assertEquals(alone.rates().measured(), inBatch.rates().measured(), 1e-12, what);
                }
            }
        }
    }

    @Test
    void aBatchOfQuadraticConfigurationsMatchesEachConfigurationRunAlone() {
        assertBatchEqualsColumnsAlone(Batches.quadratic(40, 20, Spectrum.LOGUNIFORM, 3));
    }

    @Test
    void aBatchOfLeastSquaresConfigurationsMatchesEachConfigurationRunAlone() {
        assertBatchEqualsColumnsAlone(new ProblemSpec(ProblemKind.LEAST_SQUARES, 30, 20, Spectrum.LINEAR, false, null,
                false, null, null, 50, 0, 4));
    }

    /** fp32 storage follows the fp64 trajectory to within fp32 rounding while far from the optimum. */
    @Test
    void fp32RunTracksTheFp64Run() {
        ProblemSpec spec = Batches.quadratic(64, 10, Spectrum.LOGUNIFORM, 9);
        List<Batches.Column> columns = List.of(Batches.column(GradientDescent.DESCRIPTOR, Map.of("lr", 1.0)),
                Batches.column(HeavyBall.DESCRIPTOR, Map.of("lr", 0.5, "momentum", 0.5)));
        RunSettings fp64 = new RunSettings(Precision.FP64, 20, 10, List.of(1e-12), false, DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
        RunSettings fp32 = new RunSettings(Precision.FP32, 20, 10, List.of(1e-12), false, DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
        try (CpuBackend backend = new CpuBackend()) {
            List<RunResult> wide = new Engine(backend, fp64).run(Batches.batch(spec, columns)).results();
            List<RunResult> narrow = new Engine(backend, fp32).run(Batches.batch(spec, columns)).results();
            for (int j = 0; j < columns.size(); j++) {
                double reference = wide.get(j).outcome().finalDistance();
                assertEquals(reference, narrow.get(j).outcome().finalDistance(), 1e-5 * reference);
                assertTrue(narrow.get(j).outcome().finalDistance() != reference, "fp32 really ran in fp32");
            }
        }
    }
}
