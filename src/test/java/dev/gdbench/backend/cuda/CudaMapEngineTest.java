package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gdbench.backend.Backends;
import dev.gdbench.linalg.Precision;
import dev.gdbench.map.LaneRule;
import dev.gdbench.map.MapEngine;
import dev.gdbench.map.MapResult;
import dev.gdbench.map.MapTheory;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.QuadraticProblem;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.Status;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GPU map kernel against the CPU map engine, point for point: status, iterations, iterations
 * to each tolerance and f - f* exactly (the kernel rounds as the CPU does), the measured rate to
 * 1e-12 relative (only log and exp may differ by an ulp). Skipped where no GPU is usable; in the
 * surefire execution cuda-standin it runs on the CPU stand-in for the CUDA driver.
 */
class CudaMapEngineTest {
    /** log and exp of an ulp or two, through the fit's slope: see kernels/smallmap.cu. */
    static final double RATE_BOUND = 1e-12;
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 1000, 10, List.of(1e-4, 1e-10), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
    private static MapEngine gpu;

    @BeforeAll
    static void requireGpu() {
        assumeTrue(CudaAvailability.check().usable(), () -> "no usable GPU: " + CudaAvailability.check().reason());
        gpu = new CudaMapEngine((CudaBackend) Backends.cuda());
    }

    @AfterAll
    static void release() {
        if (gpu != null) {
            gpu.close();
        }
    }

    private static QuadraticProblem instance(int n, double kappa) {
        return (QuadraticProblem) ProblemFactory.build(new ProblemSpec(ProblemKind.QUADRATIC, n, kappa,
                Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0, 7));
    }

    /**
     * The two engines on the same points (Adam: momentum as beta1, beta2 = 0.999, eps = 1e-8); returns
     * the statuses seen.
     */
    private static Set<Status> assertSameMap(Problem problem, RunSettings settings, LaneRule rule, double[] lr,
                                             double[] momentum) {
        double[][] values = switch (rule) {
            case GD -> new double[][] {lr};
            case HEAVY_BALL, NESTEROV -> new double[][] {lr, momentum};
            case ADAM -> new double[][] {lr, momentum, filled(lr.length, 0.999), filled(lr.length, 1e-8)};
        };
        return assertSameMap(problem, settings, rule, values);
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        Arrays.fill(values, value);
        return values;
    }

    /** The same, point p at values[k][p], k in the rule's descriptor order. */
    private static Set<Status> assertSameMap(Problem problem, RunSettings settings, LaneRule rule, double[][] values) {
        double[] lr = values[0];
        MapResult cpu;
        try (MapEngine engine = MapEngine.cpu(2)) {
            cpu = engine.run(problem, settings, rule, values, done -> { });
        }
        int[] reported = new int[1];
        double kernelBefore = gpu.kernelSeconds().orElseThrow();
        MapResult onGpu = gpu.run(problem, settings, rule, values, done -> reported[0] += done);
        assertEquals(lr.length, reported[0], "every point reported done");
        assertTrue(gpu.kernelSeconds().orElseThrow() > kernelBefore, "the launch was timed");
        assertArrayEquals(cpu.status(), onGpu.status(), "status");
        assertArrayEquals(cpu.iterations(), onGpu.iterations(), "iterations");
        for (int t = 0; t < cpu.toTolerance().length; t++) {
            assertArrayEquals(cpu.toTolerance()[t], onGpu.toTolerance()[t], "iterations to tolerance " + t);
        }
        assertArrayEquals(cpu.suboptimality(), onGpu.suboptimality(), "f - f*");
        assertArrayEquals(cpu.ratePredicted(), onGpu.ratePredicted(), "rate predicted");
        int fitted = 0;
        for (int p = 0; p < lr.length; p++) {
            double expected = cpu.rateMeasured()[p];
            double actual = onGpu.rateMeasured()[p];
            int point = p;
            String what = rule + " " + Arrays.stream(values).map(v -> Double.toString(v[point])).toList() + ": rate measured";
            assertEquals(Double.isNaN(expected), Double.isNaN(actual), what + " " + expected + " vs " + actual);
            if (!Double.isNaN(expected)) {
                assertEquals(expected, actual, RATE_BOUND * Math.abs(expected), what);
                fitted++;
            }
        }
        assertTrue(fitted > 0, "some points have a measured rate");
        Set<Status> seen = EnumSet.noneOf(Status.class);
        for (int p = 0; p < lr.length; p++) {
            seen.add(cpu.statusAt(p));
        }
        return seen;
    }

    /**
     * 16 x 16 grids of lr/L in [0.05, 3.9] x momentum in [0, 0.999] (gd: 256 step sizes) at kappa
     * 100, n = 2 (the register kernel; every row summed term by term) and n = 12 (the general
     * kernel; fused rows on the CPUs with a vector tile of 8 or 16 rows): converged, diverged and
     * max-iters points in every grid.
     */
    @ParameterizedTest
    @CsvSource({"GD, 2", "HEAVY_BALL, 2", "NESTEROV, 2", "GD, 12", "HEAVY_BALL, 12", "NESTEROV, 12"})
    void everyPointEqualsTheCpuMap(LaneRule rule, int n) {
        QuadraticProblem problem = instance(n, 100);
        int side = 16;
        double[] lr = new double[side * side];
        double[] momentum = new double[side * side];
        for (int p = 0; p < lr.length; p++) {
            boolean gd = rule == LaneRule.GD;
            double scale = gd ? 0.05 + 3.85 * p / (lr.length - 1) : 0.05 + 3.85 * (p % side) / (side - 1);
            lr[p] = scale / problem.smoothness();
            momentum[p] = gd ? 0 : 0.999 * (p / side) / (side - 1);
        }
        assertEquals(EnumSet.allOf(Status.class), assertSameMap(problem, SETTINGS, rule, lr, momentum));
    }

    /**
     * Rosenbrock (the plane's register kernel, and n = 5 in the general one) and Beale from near x*,
     * 12 x 12 grids of lr/L* in [0.05, 3.9] (Adam: 100 times that) x momentum (Adam: beta1) in
     * [0, 0.99] for 3000 iterations: their
     * closed-form gradients and f - f* round on the GPU as on the CPU, and the rate fit is the plain
     * one of local theory.
     */
    @ParameterizedTest
    @CsvSource({"GD, BEALE, 2", "HEAVY_BALL, BEALE, 2", "NESTEROV, ROSENBROCK, 2", "HEAVY_BALL, ROSENBROCK, 2",
        "HEAVY_BALL, ROSENBROCK, 5", "ADAM, BEALE, 2", "ADAM, ROSENBROCK, 2", "ADAM, ROSENBROCK, 5"})
    void problemsWithAVaryingHessianEqualTheCpuMap(LaneRule rule, ProblemKind kind, int n) {
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = kind == ProblemKind.BEALE ? new double[] {2.6, 0.35}[i] : 1 + 0.05 * (i % 3 - 1) + 0.01 * i;
        }
        Problem problem = ProblemFactory.build(new ProblemSpec(kind, n, Double.NaN, Spectrum.LOGUNIFORM, false, null,
                false, x0, null, 0, 0, 7));
        double[] spectrum = MapTheory.spectrum(problem);
        int side = 12;
        double[] lr = new double[side * side];
        double[] momentum = new double[side * side];
        for (int p = 0; p < lr.length; p++) {
            boolean gd = rule == LaneRule.GD;
            double scale = gd ? 0.05 + 3.85 * p / (lr.length - 1) : 0.05 + 3.85 * (p % side) / (side - 1);
            // Adam's steps are about lr long whatever the curvature: 100x, for its grid to converge somewhere
            lr[p] = scale / spectrum[spectrum.length - 1] * (rule == LaneRule.ADAM ? 100 : 1);
            momentum[p] = gd ? 0 : 0.99 * (p / side) / (side - 1);
        }
        RunSettings settings = new RunSettings(Precision.FP64, 3000, 10, List.of(1e-4, 1e-10), false,
                DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
        assertTrue(assertSameMap(problem, settings, rule, lr, momentum).contains(Status.CONVERGED));
    }

    /**
     * Adam on a 12 x 12 beta1 x beta2 grid (beta1 in [0, 0.99], beta2 in [0.5, 0.9999]) at one lr,
     * and on an lr x beta1 grid (lr from 1e-3 to 1e7, log-spaced; beta2 = 0.999), at n = 2 (registers)
     * and 12 (the state buffer): the bias corrections come from the host's table of Math.pow, so
     * every point is the CPU map's. The lr of the beta grid is where the first steps (of length
     * about lr) just stop diverging for some betas: converged, diverged and max-iters points in every grid.
     */
    @ParameterizedTest
    @CsvSource({"2, 5e3", "12, 7e4"})
    void adamEqualsTheCpuMap(int n, double lr) {
        QuadraticProblem problem = instance(n, 100);
        int side = 12;
        double[][] betas = new double[4][side * side];
        double[][] rates = new double[4][side * side];
        for (int p = 0; p < side * side; p++) {
            betas[0][p] = lr;
            betas[1][p] = 0.99 * (p % side) / (side - 1);
            betas[2][p] = 0.5 + 0.4999 * (p / side) / (side - 1);
            betas[3][p] = 1e-8;
            rates[0][p] = Math.pow(10, -3 + 10.0 * (p % side) / (side - 1));
            rates[1][p] = 0.99 * (p / side) / (side - 1);
            rates[2][p] = 0.999;
            rates[3][p] = 1e-8;
        }
        assertEquals(EnumSet.allOf(Status.class), assertSameMap(problem, SETTINGS, LaneRule.ADAM, betas));
        assertEquals(EnumSet.allOf(Status.class), assertSameMap(problem, SETTINGS, LaneRule.ADAM, rates));
    }

    /**
     * 5000 checks (--check-every 1): past Samples' capacity of 4096, so the fit runs on the thinned
     * series the kernel replays from the count; absolute tolerances, one never met, and the
     * divergence rule |x| > 100.
     */
    @Test
    void longRunsThinTheirSamplesAsTheCpuDoes() {
        RunSettings settings = new RunSettings(Precision.FP64, 5000, 1, List.of(1e-3, 1e-8, 1e-300), true,
                new DivergenceRule.IterateNorm(100), RunSettings.FULL_BATCH);
        QuadraticProblem problem = instance(2, 1000);
        double[] scales = {0.01, 0.2, 1.0, 1.9, 2.5, 3.5};
        double[] betas = {0, 0.5, 0.9, 0.99};
        double[] lr = new double[scales.length * betas.length];
        double[] momentum = new double[lr.length];
        for (int p = 0; p < lr.length; p++) {
            lr[p] = scales[p % scales.length] / problem.smoothness();
            momentum[p] = betas[p / scales.length];
        }
        Set<Status> seen = assertSameMap(problem, settings, LaneRule.HEAVY_BALL, lr, momentum);
        assertTrue(seen.containsAll(List.of(Status.DIVERGED, Status.MAX_ITERS)), seen.toString());
    }
}
