package dev.gdbench.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.QuadraticProblem;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.report.StabilityMapFigure;
import dev.gdbench.result.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a map measures agrees with what theory draws on it. */
class MapTheoryTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 3000, 10, List.of(1e-6, 1e-12), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
    private static final QuadraticProblem PROBLEM = (QuadraticProblem) ProblemFactory.build(new ProblemSpec(
            ProblemKind.QUADRATIC, 2, 100, Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0, 1));

    @TempDir
    Path temp;

    private static StabilityMap heavyBallMap() {
        MapAxis x = MapAxis.parse("--x-axis", "lr-scale=0.05:4:80");
        MapAxis y = MapAxis.parse("--y-axis", "momentum=0:0.95:20");
        double[] lr = new double[x.size() * y.size()];
        double[] momentum = new double[lr.length];
        for (int iy = 0; iy < y.size(); iy++) {
            for (int ix = 0; ix < x.size(); ix++) {
                lr[iy * x.size() + ix] = x.values()[ix] / PROBLEM.smoothness();
                momentum[iy * x.size() + ix] = y.values()[iy];
            }
        }
        return MapRunner.run(LaneRule.HEAVY_BALL, "kappa=100", x, y, List.of(new MapRow(PROBLEM, 0, new double[][] {lr, momentum}, Map.of())),
                SETTINGS, 2, done -> { });
    }

    /** Left of the limit 2(1 + beta)/L nothing diverges, right of it everything does, but within one cell of it. */
    @Test
    void theStabilityLimitSeparatesConvergedFromDivergedPoints() {
        StabilityMap map = heavyBallMap();
        double cell = map.x().values()[1] - map.x().values()[0];
        int checked = 0;
        for (int iy = 0; iy < map.y().size(); iy++) {
            double limit = map.stabilityLimit()[iy];
            assertEquals(2 * (1 + map.y().values()[iy]), limit, 1e-9, "heavy ball's limit at L = 1");
            for (int ix = 0; ix < map.x().size(); ix++) {
                double s = map.x().values()[ix];
                Status status = map.result().statusAt(iy * map.x().size() + ix);
                if (Math.abs(s - limit) <= cell) {
                    continue;
                }
                assertEquals(s > limit, status == Status.DIVERGED, "lr-scale " + s + " momentum " + map.y().values()[iy]
                        + " is " + status + ", limit " + limit);
                checked++;
            }
        }
        assertTrue(checked > 1400, "only " + checked + " points away from the limit");
    }

    /** At Polyak's tuning the measured rate is theory's (sqrt kappa - 1)/(sqrt kappa + 1) within 1%. */
    @Test
    void theRateMeasuredAtTheOptimumIsTheory() {
        Map<String, Double> optimal = HeavyBall.DESCRIPTOR.optimalTuning().orElseThrow()
                .optimal(PROBLEM.strongConvexity(), PROBLEM.smoothness());
        MapResult result = new SmallProblemEngine(PROBLEM, SETTINGS).run(LaneRule.HEAVY_BALL,
                new double[][] {{optimal.get(HyperParameter.LEARNING_RATE)}, {optimal.get(HyperParameter.MOMENTUM)}},
                1, done -> { });
        assertEquals(Status.CONVERGED, result.statusAt(0));
        assertEquals(9.0 / 11, result.ratePredicted()[0], 1e-9);
        assertEquals(result.ratePredicted()[0], result.rateMeasured()[0], 0.01 * result.ratePredicted()[0]);
    }

    /**
     * Rosenbrock has no global L; near x* it is the quadratic of H* = [[802, -400], [-400, 200]], L* =
     * 501 + sqrt(250601), mu* = 501 - sqrt(250601), kappa* = 2508. Started 1e-3 from x*, heavy ball at
     * that quadratic's Polyak tuning converges at its rate r = (sqrt kappa* - 1)/(sqrt kappa* + 1): the
     * Hessian along the path differs from H* by O(1200 |x - x*|), 1e-3 relative at the start and
     * 1e-8 over the fit's window, so the linear rate is reached. The fit is sweep's plain one (no
     * Jordan correction where sweep has no theory), which on the double root r of Polyak's tuning
     * reads k r^k as the rate (k2/k1)^(1/(k2 - k1)) r over its window [k1, k2] = [K/2, K]: the
     * tolerance is that bias plus 0.1% for what is left of the nonlinear terms.
     */
    @Test
    void onRosenbrockTheRateAtTheLocalOptimumIsLocalTheorys() {
        Problem rosenbrock = ProblemFactory.build(new ProblemSpec(ProblemKind.ROSENBROCK, 2, Double.NaN,
                Spectrum.LOGUNIFORM, false, null, false, new double[] {1.001, 0.999}, null, 0, 0, 1));
        double[] spectrum = MapTheory.spectrum(rosenbrock);
        assertEquals(501 - Math.sqrt(250601), spectrum[0], 1e-12);
        assertEquals(501 + Math.sqrt(250601), spectrum[1], 1e-10);
        Map<String, Double> optimal = HeavyBall.DESCRIPTOR.optimalTuning().orElseThrow().optimal(spectrum[0], spectrum[1]);
        MapResult result = new SmallProblemEngine(rosenbrock, SETTINGS).run(LaneRule.HEAVY_BALL,
                new double[][] {{optimal.get(HyperParameter.LEARNING_RATE)}, {optimal.get(HyperParameter.MOMENTUM)}},
                1, done -> { });
        double rootKappa = Math.sqrt(spectrum[1] / spectrum[0]);
        double theory = (rootKappa - 1) / (rootKappa + 1);
        assertEquals(Status.CONVERGED, result.statusAt(0));
        assertEquals(theory, result.ratePredicted()[0], 1e-12);
        int stopped = result.iterations()[0];
        double jordanBias = Math.pow(2, 2.0 / stopped);
        assertEquals(theory, result.rateMeasured()[0], theory * (jordanBias - 1 + 1e-3));
    }

    /** A local map's folder keeps what its theory is (map.json's "theory"), and its figures are drawn from it. */
    @Test
    void aLocalMapSaysSoInItsFilesAndFigures() throws Exception {
        Problem beale = ProblemFactory.build(new ProblemSpec(ProblemKind.BEALE, 2, Double.NaN, Spectrum.LOGUNIFORM,
                false, null, false, new double[] {2.9, 0.45}, null, 0, 0, 1));
        double smoothness = MapTheory.spectrum(beale)[1];
        MapAxis x = MapAxis.parse("--x-axis", "lr-scale=0.1:3:8");
        MapAxis y = MapAxis.parse("--y-axis", "momentum=0:0.9:4");
        double[] lr = new double[x.size() * y.size()];
        double[] momentum = new double[lr.length];
        for (int p = 0; p < lr.length; p++) {
            lr[p] = x.values()[p % x.size()] / smoothness;
            momentum[p] = y.values()[p / x.size()];
        }
        StabilityMap map = MapRunner.run(LaneRule.HEAVY_BALL, "beale", x, y,
                List.of(new MapRow(beale, 0, new double[][] {lr, momentum}, Map.of())), SETTINGS, 1, done -> { });
        // H* = [[3.15625, -11.4375], [-11.4375, 46.125]]: trace 49.28125, determinant 14.765625
        double root = Math.sqrt(49.28125 * 49.28125 - 4 * 14.765625);
        assertEquals(String.format(java.util.Locale.ROOT, "local, at the minimum x*: L* = %.6g, mu* = %.6g",
                (49.28125 + root) / 2, (49.28125 - root) / 2), map.theory());
        assertEquals(2 * (1 + 0.9), map.stabilityLimit()[3], 1e-9, "heavy ball's limit in units of 1/L*");
        Path folder = temp.resolve("beale");
        MapFiles.write(folder, map);
        assertEquals(map.theory(), MapFiles.read(folder).theory());
        StabilityMapFigure.write(folder);
        assertTrue(Files.size(folder.resolve(StabilityMapFigure.ITERATIONS + ".png")) > 1000);
    }

    /** The figures need the map's folder and nothing else: written, read back, drawn. */
    @Test
    void figuresAreDrawnFromTheGridFilesAlone() throws Exception {
        StabilityMap map = heavyBallMap();
        Path folder = temp.resolve("map");
        MapFiles.write(folder, map);
        StabilityMap read = MapFiles.read(folder);
        assertEquals(map.optimizer(), read.optimizer());
        assertEquals(map.x().label(), read.x().label());
        for (int p = 0; p < map.result().points(); p++) {
            assertEquals(map.result().status()[p], read.result().status()[p]);
            assertEquals(map.result().toTolerance()[0][p], read.result().toTolerance()[0][p]);
            assertEquals(map.result().rateMeasured()[p], read.result().rateMeasured()[p]);
        }
        StabilityMapFigure.write(folder);
        var image = javax.imageio.ImageIO.read(folder.resolve(StabilityMapFigure.ITERATIONS + ".png").toFile());
        // 80 x 20 points scaled to 6 pixels each, inside the margins.
        assertTrue(image.getWidth() > 480 && image.getHeight() > 120, image.getWidth() + " x " + image.getHeight());
        assertTrue(Files.size(folder.resolve(StabilityMapFigure.RATE_DIFFERENCE + ".png")) > 1000);
    }
}
