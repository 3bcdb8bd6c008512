package dev.gdbench.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.engine.Engine;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.QuadraticProblem;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A map point is the sweep row of its configuration, bit for bit: the same gradient product, the
 * same update, the same checks and the same rate fit. Sizes cover the product's two kinds of rows
 * (n = 2: all summed term by term; 12 and 20: fused tiles and a tail on AVX2 and AVX-512 alike; 64:
 * whole tiles), and the grids hold converged, diverged and max-iters points, more than one group
 * of lanes and a partial last group.
 */
class MapEqualsSweepTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 400, 10, List.of(1e-4, 1e-10), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    @ParameterizedTest
    @CsvSource({"GD, 2, 10", "HEAVY_BALL, 2, 100", "NESTEROV, 2, 100", "HEAVY_BALL, 12, 30", "NESTEROV, 20, 30",
        "GD, 20, 10", "HEAVY_BALL, 64, 10"})
    void everyPointEqualsTheBatchedEngine(LaneRule rule, int n, double kappa) {
        ProblemSpec spec = new ProblemSpec(ProblemKind.QUADRATIC, n, kappa, Spectrum.LOGUNIFORM, false, null, false,
                null, null, 0, 0, 7);
        QuadraticProblem problem = (QuadraticProblem) ProblemFactory.build(spec);
        List<double[]> grid = new ArrayList<>();
        for (double scale : new double[] {0.05, 0.6, 1.5, 2.1, 3.9}) {
            for (double beta : rule.hasMomentum() ? new double[] {0, 0.3, 0.8, 0.97, 0.999} : new double[] {0}) {
                grid.add(new double[] {scale / problem.smoothness(), beta});
            }
        }
        grid.add(new double[] {0.9, 0.5}); // a partial last group on any lane count but 1, 2 and 13
        double[] lr = grid.stream().mapToDouble(p -> p[0]).toArray();
        double[] momentum = grid.stream().mapToDouble(p -> p[1]).toArray();

        MapResult map = new SmallProblemEngine(problem, SETTINGS).run(rule, lr, momentum, 2, done -> { });

        List<Configuration> configurations = new ArrayList<>();
        for (int p = 0; p < lr.length; p++) {
            var values = rule.rule(lr[p], momentum[p]).hyperParameters();
            configurations.add(new Configuration(p, rule.descriptor(), values, Transforms.NONE,
                    rule.descriptor().create(values)));
        }
        List<RunResult> rows;
        try (CpuBackend backend = new CpuBackend(1)) {
            rows = new Engine(backend, SETTINGS).run(new Batch(spec, problem, configurations)).results();
        }
        Set<Status> seen = EnumSet.noneOf(Status.class);
        for (int p = 0; p < lr.length; p++) {
            RunResult row = rows.get(p);
            String what = rule + " n=" + n + " lr=" + lr[p] + " " + HyperParameter.MOMENTUM + "=" + momentum[p];
            seen.add(row.outcome().status());
            assertEquals(row.outcome().status(), map.statusAt(p), what);
            assertEquals(row.outcome().iterations(), map.iterations()[p], what);
            int[] toTolerance = new int[SETTINGS.tolerances().size()];
            for (int t = 0; t < toTolerance.length; t++) {
                toTolerance[t] = map.toTolerance()[t][p];
            }
            assertArrayEquals(row.outcome().iterationsToTolerance(), toTolerance, what);
            if (row.outcome().status() != Status.DIVERGED) { // a diverged row's last values are infinite or NaN anyway
                assertEquals(row.outcome().finalSuboptimality(), map.suboptimality()[p], what);
            }
            assertEquals(row.rates().measured(), map.rateMeasured()[p], what);
            assertEquals(row.rates().predicted(), map.ratePredicted()[p], what);
        }
        assertTrue(seen.contains(Status.DIVERGED) && seen.contains(Status.CONVERGED), "grid too easy: " + seen);
    }
}
