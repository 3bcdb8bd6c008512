package dev.gdbench.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.engine.Engine;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.QuadraticProblem;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import dev.gdbench.theory.LinearRateTheory;
import dev.gdbench.theory.RatePrediction;
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
    private static final RunSettings LONG_SETTINGS = new RunSettings(Precision.FP64, 3000, 10, List.of(1e-4, 1e-10),
            false, DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    @ParameterizedTest
    @CsvSource({"GD, 2, 10", "HEAVY_BALL, 2, 100", "NESTEROV, 2, 100", "HEAVY_BALL, 12, 30", "NESTEROV, 20, 30",
        "GD, 20, 10", "HEAVY_BALL, 64, 10"})
    void everyPointEqualsTheBatchedEngine(LaneRule rule, int n, double kappa) {
        ProblemSpec spec = instance(n, kappa);
        QuadraticProblem problem = (QuadraticProblem) ProblemFactory.build(spec);
        List<double[]> grid = new ArrayList<>();
        for (double scale : new double[] {0.05, 0.6, 1.5, 2.1, 3.9}) {
            for (double beta : rule.hasMomentum() ? new double[] {0, 0.3, 0.8, 0.97, 0.999} : new double[] {0}) {
                grid.add(rule.hasMomentum() ? new double[] {scale / problem.smoothness(), beta}
                        : new double[] {scale / problem.smoothness()});
            }
        }
        grid.add(rule.hasMomentum() ? new double[] {0.9, 0.5} : new double[] {0.9}); // a partial last group on any lane count but 1, 2 and 13
        assertEveryPointEqualsSweep(rule, spec, problem, grid);
    }

    /**
     * Adam's lanes: per point its own beta1 and beta2, so its own bias corrections at every step
     * (lanes sharing a beta share the Math.pow), theory none (rate_predicted NaN, a plain rate fit).
     */
    @ParameterizedTest
    @CsvSource({"2, 100", "12, 30", "64, 10"})
    void adamPointsEqualTheBatchedEngine(int n, double kappa) {
        ProblemSpec spec = instance(n, kappa);
        QuadraticProblem problem = (QuadraticProblem) ProblemFactory.build(spec);
        List<double[]> grid = new ArrayList<>();
        for (double lr : new double[] {0.003, 0.05, 0.3, 1e9}) {
            for (double beta1 : new double[] {0, 0.5, 0.9}) {
                for (double beta2 : new double[] {0.9, 0.999}) {
                    grid.add(new double[] {lr, beta1, beta2, 1e-8});
                }
            }
        }
        grid.add(new double[] {0.1, 0.8, 0.99, 1e-3});
        assertEveryPointEqualsSweep(LaneRule.ADAM, spec, problem, grid);
    }

    /**
     * Rosenbrock (n = 2, and n-D where each g_i gathers two terms) and Beale: the lane gradient is
     * the problem's closed form in its own order, f - f* is f(x) - f* as sweep takes it, the rate fit
     * is sweep's plain one; only the predicted rate is the map's own, local theory's at x*. Starts
     * near x* and 3000 iterations, so that the grid has converged points (gd on Beale only: at
     * Rosenbrock's kappa* = 2508 it needs far more), and steps far past 2/L* for diverged ones.
     */
    @ParameterizedTest
    @CsvSource({"GD, BEALE, 2", "HEAVY_BALL, BEALE, 2", "NESTEROV, BEALE, 2", "HEAVY_BALL, ROSENBROCK, 2",
        "NESTEROV, ROSENBROCK, 2", "HEAVY_BALL, ROSENBROCK, 5", "NESTEROV, ROSENBROCK, 12",
        "ADAM, ROSENBROCK, 2", "ADAM, BEALE, 2"})
    void pointsOfProblemsWithAVaryingHessianEqualTheBatchedEngine(LaneRule rule, ProblemKind kind, int n) {
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = kind == ProblemKind.BEALE ? new double[] {2.6, 0.35}[i] : 1 + 0.05 * (i % 3 - 1) + 0.01 * i;
        }
        ProblemSpec spec = new ProblemSpec(kind, n, Double.NaN, Spectrum.LOGUNIFORM, false, null, false, x0, null, 0, 0, 7);
        Problem problem = ProblemFactory.build(spec);
        double[] spectrum = MapTheory.spectrum(problem);
        double smoothness = spectrum[spectrum.length - 1];
        List<double[]> grid = new ArrayList<>();
        if (rule == LaneRule.ADAM) {
            for (double lr : new double[] {0.001, 0.01, 0.1, 1e9}) {
                for (double beta1 : new double[] {0, 0.9}) {
                    grid.add(new double[] {lr, beta1, 0.999, 1e-8});
                }
            }
        } else {
            for (double scale : new double[] {0.3, 1, 1.9, 2.1, 3.9, 50}) {
                for (double beta : rule.hasMomentum() ? new double[] {0, 0.5, 0.9, 0.97} : new double[] {0}) {
                    grid.add(rule.hasMomentum() ? new double[] {scale / smoothness, beta} : new double[] {scale / smoothness});
                }
            }
        }
        assertEveryPointEqualsSweep(rule, spec, problem, grid, LONG_SETTINGS);
    }

    private static ProblemSpec instance(int n, double kappa) {
        return new ProblemSpec(ProblemKind.QUADRATIC, n, kappa, Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0, 7);
    }

    /** grid: per point its hyper-parameters in the rule's descriptor order. */
    private static void assertEveryPointEqualsSweep(LaneRule rule, ProblemSpec spec, Problem problem,
                                                    List<double[]> grid) {
        assertEveryPointEqualsSweep(rule, spec, problem, grid, SETTINGS);
    }

    private static void assertEveryPointEqualsSweep(LaneRule rule, ProblemSpec spec, Problem problem,
                                                    List<double[]> grid, RunSettings settings) {
        int parameters = rule.descriptor().hyperParameters().size();
        double[][] values = new double[parameters][grid.size()];
        for (int p = 0; p < grid.size(); p++) {
            for (int k = 0; k < parameters; k++) {
                values[k][p] = grid.get(p)[k];
            }
        }

        MapResult map = new SmallProblemEngine(problem, settings).run(rule, values, 2, done -> { });

        List<Configuration> configurations = new ArrayList<>();
        for (int p = 0; p < grid.size(); p++) {
            var hyperParameters = rule.rule(grid.get(p)).hyperParameters();
            configurations.add(new Configuration(p, rule.descriptor(), hyperParameters, Transforms.NONE,
                    rule.descriptor().create(hyperParameters)));
        }
        List<RunResult> rows;
        try (CpuBackend backend = new CpuBackend(1)) {
            rows = new Engine(backend, settings).run(new Batch(spec, problem, configurations)).results();
        }
        Set<Status> seen = EnumSet.noneOf(Status.class);
        for (int p = 0; p < grid.size(); p++) {
            RunResult row = rows.get(p);
            String what = rule + " n=" + problem.dimension() + " " + configurations.get(p).values();
            seen.add(row.outcome().status());
            assertEquals(row.outcome().status(), map.statusAt(p), what);
            assertEquals(row.outcome().iterations(), map.iterations()[p], what);
            int[] toTolerance = new int[settings.tolerances().size()];
            for (int t = 0; t < toTolerance.length; t++) {
                toTolerance[t] = map.toTolerance()[t][p];
            }
            assertArrayEquals(row.outcome().iterationsToTolerance(), toTolerance, what);
            if (row.outcome().status() != Status.DIVERGED) { // a diverged row's last values are infinite or NaN anyway
                assertEquals(row.outcome().finalSuboptimality(), map.suboptimality()[p], what);
            }
            assertEquals(row.rates().measured(), map.rateMeasured()[p], what);
            // sweep has no theory where the Hessian varies; the map predicts by the Hessian at x* there
            double predicted = problem.quadraticForm().isPresent() ? row.rates().predicted()
                    : LinearRateTheory.predict(configurations.get(p).rule(), MapTheory.spectrum(problem))
                            .map(RatePrediction::rate).orElse(Double.NaN);
            assertEquals(predicted, map.ratePredicted()[p], what);
        }
        assertTrue(seen.contains(Status.DIVERGED) && seen.contains(Status.CONVERGED), "grid too easy: " + seen);
    }
}
