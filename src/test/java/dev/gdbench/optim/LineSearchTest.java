package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Vec;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.QuadraticForm;
import dev.gdbench.problem.Spectrum;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every step a line search accepts, checked against its acceptance inequalities recomputed here. */
class LineSearchTest {
    /** The classic 2-D Rosenbrock function, written out independently of the problem package. */
    private static final ColumnObjective ROSENBROCK = new ColumnObjective() {
        @Override
        public double value(double[] x) {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            return a * a + 100 * b * b;
        }

        @Override
        public void gradient(double[] x, double[] out) {
            double b = x[1] - x[0] * x[0];
            out[0] = -2 * (1 - x[0]) - 400 * x[0] * b;
            out[1] = 200 * b;
        }

        @Override
        public double curvature(double[] direction) {
            throw new UnsupportedOperationException();
        }
    };

    private static ColumnObjective of(Problem problem) {
        return new ColumnObjective() {
            @Override
            public double value(double[] x) {
                return problem.value(x);
            }

            @Override
            public void gradient(double[] x, double[] out) {
                problem.gradient(x, out);
            }

            @Override
            public double curvature(double[] direction) {
                return ((QuadraticForm) problem).curvature(direction);
            }
        };
    }

    private static double[] randomPoint(SplittableRandom random) {
        return new double[] {random.nextDouble(-2, 2), random.nextDouble(-1, 3)};
    }

    private static double[] gradientAt(ColumnObjective f, double[] x) {
        double[] g = new double[x.length];
        f.gradient(x, g);
        return g;
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 1e-3})
    void everyAcceptedArmijoStepSatisfiesSufficientDecrease(double initialStep) {
        double c = 1e-4;
        LineSearch armijo = new LineSearch.Armijo(c, 0.5);
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            double[] x = randomPoint(random);
            double[] g = gradientAt(ROSENBROCK, x);
            LineSearch.Step step = armijo.search(ROSENBROCK, x, g, initialStep);
            double a = step.step();
            assertTrue(a > 0, "a descent direction always admits a step");
            double gg = LineSearch.dot(g, g);
            double fx = ROSENBROCK.value(x);
            double fNew = ROSENBROCK.value(LineSearch.along(x, g, a, new double[2]));
            assertTrue(fNew <= fx - c * a * gg, "f(x - a g) <= f(x) - c a |g|^2 at " + trial);
            assertEquals(fNew, step.value(), 0.0);
            if (a < initialStep) {
                double rejected = ROSENBROCK.value(LineSearch.along(x, g, 2 * a, new double[2]));
                assertTrue(rejected > fx - c * 2 * a * gg, "the previous, twice as long, trial was rejected");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.9, 0.1})
    void everyAcceptedWolfeStepSatisfiesBothStrongWolfeInequalities(double c2) {
        double c1 = 1e-4;
        LineSearch wolfe = new LineSearch.Wolfe(c1, c2);
        SplittableRandom random = new SplittableRandom(11);
        for (double initialStep : new double[] {1.0, 1e-4}) {
            for (int trial = 0; trial < 500; trial++) {
                double[] x = randomPoint(random);
                double[] g = gradientAt(ROSENBROCK, x);
                LineSearch.Step step = wolfe.search(ROSENBROCK, x, g, initialStep);
                double a = step.step();
                assertTrue(a > 0, "trial " + trial);
                double gg = LineSearch.dot(g, g);
                double[] next = LineSearch.along(x, g, a, new double[2]);
                assertTrue(ROSENBROCK.value(next) <= ROSENBROCK.value(x) - c1 * a * gg, "sufficient decrease, trial " + trial);
                double slope = -LineSearch.dot(gradientAt(ROSENBROCK, next), g);
                assertTrue(Math.abs(slope) <= c2 * gg, "strong curvature |phi'(a)| <= c2 |phi'(0)|, trial " + trial);
                assertEquals(slope, step.slope(), 1e-12 * gg);
            }
        }
    }

    /**
     * Steepest descent with exact steps on a quadratic: f - f* shrinks by at least
     * ((kappa - 1)/(kappa + 1))^2 per step (Kantorovich), i.e. rate (kappa - 1)/(kappa + 1) in the
     * A-norm, and each new gradient is orthogonal to the previous one.
     */
    @Test
    void exactLineSearchOnAQuadraticMeetsTheSteepestDescentBound() {
        double kappa = 100;
        Problem quadratic = ProblemFactory.build(new ProblemSpec(ProblemKind.QUADRATIC, 32, kappa, Spectrum.LOGUNIFORM,
                false, null, false, null, null, 0, 0, 3));
        ColumnObjective objective = of(quadratic);
        LineSearchDescent rule = (LineSearchDescent) LineSearchDescent.EXACT.create(java.util.Map.of());
        double bound = (kappa - 1) / (kappa + 1);
        double[] x = quadratic.initialPoint();
        double[] g = gradientAt(objective, x);
        double suboptimality = quadratic.suboptimality(x, g);
        for (int t = 1; t <= 300; t++) {
            Vec xv = Vec.of(x);
            rule.update(t, rule.learningRate(), xv, Vec.of(g.clone()), new Vec[0], objective);
            double[] next = gradientAt(objective, x);
            double nextSuboptimality = quadratic.suboptimality(x, next);
            assertTrue(nextSuboptimality <= bound * bound * suboptimality * (1 + 1e-9),
                    "step " + t + ": " + nextSuboptimality / suboptimality);
            assertEquals(0, LineSearch.dot(next, g), 1e-9 * LineSearch.dot(g, g), "g_{k+1} . g_k = 0");
            g = next;
            suboptimality = nextSuboptimality;
            if (suboptimality < 1e-24) {
                break;
            }
        }
    }
}
