package dev.gdbench.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProblemTest {
    private static final ProblemSpec ROTATED_QUADRATIC = new ProblemSpec(ProblemKind.QUADRATIC, 24, 50,
            Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0, 7);
    private static final ProblemSpec ROTATED_LEAST_SQUARES = new ProblemSpec(ProblemKind.LEAST_SQUARES, 12, 30,
            Spectrum.LINEAR, false, null, false, null, null, 31, 0, 3);

    /** Central differences (f(x + h e_i) - f(x - h e_i)) / 2h: error O(h^2) for smooth f. */
    private static void assertGradientMatchesFiniteDifferences(Problem problem) {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[problem.dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble(-2, 2);
        }
        double[] gradient = new double[x.length];
        problem.gradient(x, gradient);
        double h = 1e-5;
        for (int i = 0; i < x.length; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            double difference = (problem.value(plus) - problem.value(minus)) / (2 * h);
            assertEquals(difference, gradient[i], 1e-7 * Math.max(1, Math.abs(difference)),
                    problem.kind() + " gradient component " + i);
        }
    }

    /** Central differences of the gradient, (g(x + h e_j) - g(x - h e_j)) / 2h, against the closed-form Hessian. */
    private static void assertHessianMatchesFiniteDifferences(Problem problem, double[] x) {
        int n = x.length;
        double[] hessian = problem.hessian(x).orElseThrow();
        double h = 1e-6;
        for (int j = 0; j < n; j++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[j] += h;
            minus[j] -= h;
            double[] gPlus = new double[n];
            double[] gMinus = new double[n];
            problem.gradient(plus, gPlus);
            problem.gradient(minus, gMinus);
            for (int i = 0; i < n; i++) {
                double difference = (gPlus[i] - gMinus[i]) / (2 * h);
                assertEquals(difference, hessian[i + j * n], 1e-6 * Math.max(1, Math.abs(difference)),
                        problem.kind() + " Hessian (" + i + ", " + j + ") at " + Arrays.toString(x));
            }
        }
    }

    /** Rosenbrock (2-D and 5-D) and Beale: the Hessian is the gradient's derivative, and at x* the textbook matrix. */
    @Test
    void theClassicFunctionsHaveTheirClosedFormHessians() {
        Problem rosenbrock = ProblemFactory.build(new ProblemSpec(ProblemKind.ROSENBROCK, 5, Double.NaN,
                Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0, 3));
        Problem beale = ProblemFactory.build(new ProblemSpec(ProblemKind.BEALE, 2, Double.NaN, Spectrum.LOGUNIFORM,
                false, null, false, null, null, 0, 0, 3));
        assertHessianMatchesFiniteDifferences(rosenbrock, new double[] {-1.2, 1, 0.3, 2, -0.5});
        assertHessianMatchesFiniteDifferences(rosenbrock, new double[] {1, 1, 1, 1, 1});
        assertHessianMatchesFiniteDifferences(beale, new double[] {1.7, -0.4});
        assertHessianMatchesFiniteDifferences(beale, new double[] {3, 0.5});
        Problem plane = ProblemFactory.build(new ProblemSpec(ProblemKind.ROSENBROCK, 2, Double.NaN,
                Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0, 3));
        assertArrayEquals(new double[] {802, -400, -400, 200}, plane.hessian(new double[] {1, 1}).orElseThrow());
        // 2 J^T J with J's rows (y^k - 1, k x y^(k-1)) at (3, 0.5): (-0.5, 3), (-0.75, 3), (-0.875, 2.25)
        assertArrayEquals(new double[] {3.15625, -11.4375, -11.4375, 46.125}, beale.hessian(new double[] {3, 0.5})
                .orElseThrow(), 1e-12);
    }

    /** The family is the enum itself, so callers switch on it instead of parsing a name back. */
    @Test
    void everyInstanceReportsTheKindItWasBuiltAs() {
        for (ProblemKind kind : ProblemKind.values()) {
            ProblemSpec spec = new ProblemSpec(kind, 2, 10, Spectrum.LOGUNIFORM, false, null, false, null, null, 0,
                    kind == ProblemKind.LOGISTIC ? 1e-3 : 0, 5);
            assertEquals(kind, ProblemFactory.build(spec).kind(), kind.cliName());
        }
    }

    @Test
    void quadraticGradientMatchesCentralFiniteDifferences() {
        assertGradientMatchesFiniteDifferences(ProblemFactory.build(ROTATED_QUADRATIC));
    }

    @Test
    void leastSquaresGradientMatchesCentralFiniteDifferences() {
        assertGradientMatchesFiniteDifferences(ProblemFactory.build(ROTATED_LEAST_SQUARES));
    }

    /** trace(A) = sum lambda and trace(A^2) = |A|_F^2 = sum lambda^2 hold only if the rotation kept the spectrum. */
    @Test
    void rotatedQuadraticKeepsItsPrescribedSpectrumExactly() {
        QuadraticProblem problem = (QuadraticProblem) ProblemFactory.build(ROTATED_QUADRATIC);
        int n = problem.dimension();
        double[] a = problem.matrix();
        double trace = 0;
        double frobenius2 = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
            for (int j = 0; j < n; j++) {
                frobenius2 += a[i * n + j] * a[i * n + j];
                assertEquals(a[i * n + j], a[j * n + i], 1e-15, "A is symmetric");
            }
        }
        double[] lambda = problem.hessianEigenvalues();
        assertEquals(Arrays.stream(lambda).sum(), trace, 1e-12);
        assertEquals(Arrays.stream(lambda).map(l -> l * l).sum(), frobenius2, 1e-12);
        assertEquals(1.0 / 50, lambda[0], 1e-17, "mu = 1/kappa is an eigenvalue");
        assertEquals(1.0, lambda[n - 1], 0, "L = 1 is an eigenvalue");
        assertEquals(50, problem.kappa(), 1e-12);
        double offDiagonal = Math.abs(a[1]) + Math.abs(a[n]) + Math.abs(a[2 * n + 5]);
        assertTrue(offDiagonal > 1e-3, "the rotation made A dense");
    }

    @Test
    void minimizerHasZeroGradientAndKnownMinimum() {
        for (ProblemSpec spec : new ProblemSpec[] {ROTATED_QUADRATIC, ROTATED_LEAST_SQUARES}) {
            Problem problem = ProblemFactory.build(spec);
            double[] xStar = problem.minimizer().orElseThrow();
            double[] gradient = new double[xStar.length];
            problem.gradient(xStar, gradient);
            for (double g : gradient) {
                assertEquals(0, g, 1e-12, spec.kind() + ": grad f(x*) = 0");
            }
            assertEquals(problem.value(xStar), problem.minimum(), 1e-12, spec.kind() + ": f* = f(x*)");
        }
        assertTrue(ProblemFactory.build(ROTATED_LEAST_SQUARES).minimum() > 0,
                "least squares has a residual orthogonal to the range, so f* > 0");
    }

    /** H = M^T M / m has the prescribed eigenvalues: trace(H) and |H|_F^2 as closed forms. */
    @Test
    void leastSquaresHessianHasThePrescribedSpectrum() {
        LeastSquaresProblem problem = (LeastSquaresProblem) ProblemFactory.build(ROTATED_LEAST_SQUARES);
        int n = problem.dimension();
        int m = problem.rows();
        double[] design = problem.design();
        double[][] hessian = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int r = 0; r < m; r++) {
                    hessian[i][j] += design[i * m + r] * design[j * m + r] / m;
                }
            }
        }
        double trace = 0;
        double frobenius2 = 0;
        for (int i = 0; i < n; i++) {
            trace += hessian[i][i];
            for (int j = 0; j < n; j++) {
                frobenius2 += hessian[i][j] * hessian[i][j];
            }
        }
        double[] lambda = problem.hessianEigenvalues();
        assertEquals(Arrays.stream(lambda).sum(), trace, 1e-12);
        assertEquals(Arrays.stream(lambda).map(l -> l * l).sum(), frobenius2, 1e-12);
        assertEquals(30, problem.kappa(), 1e-12);
    }

    @Test
    void quadraticSuboptimalityIsExactWhereSubtractionCancels() {
        ProblemSpec spec = new ProblemSpec(ProblemKind.QUADRATIC, 8, 10, Spectrum.LINEAR, false, null, false,
                null, null, 0, 0, 5);
        Problem problem = ProblemFactory.build(spec);
        double[] x = problem.minimizer().orElseThrow();
        x[0] += 1e-9; // f - f* about 1e-18 |f*|: f(x) - f* is pure rounding here
        double[] gradient = new double[x.length];
        problem.gradient(x, gradient);
        double exact = problem.suboptimality(x, gradient);
        double[] e = new double[x.length];
        e[0] = 1e-9;
        double[] he = new double[x.length];
        QuadraticProblem quadratic = (QuadraticProblem) problem;
        for (int j = 0; j < x.length; j++) {
            he[j] = quadratic.matrix()[j] * 1e-9; // H e for e = 1e-9 e_0: first column of A
        }
        double closedForm = 0.5 * 1e-9 * he[0];
        assertEquals(closedForm, exact, 1e-6 * closedForm, "1/2 g.(x - x*) = 1/2 e^T H e");
    }

    @Test
    void explicitEigenvaluesGiveTheWorkedExampleFunction() {
        ProblemSpec spec = new ProblemSpec(ProblemKind.QUADRATIC, 0, Double.NaN, Spectrum.LOGUNIFORM, false,
                new double[] {2, 10}, false, new double[] {4, 2.5}, null, 0, 0, 1);
        Problem problem = ProblemFactory.build(spec);
        double[] x = {4, 2.5};
        assertEquals(4 * 4 + 5 * 2.5 * 2.5, problem.value(x), 1e-12, "f = w1^2 + 5 w2^2");
        assertArrayEquals(new double[] {0, 0}, problem.minimizer().orElseThrow());
        assertArrayEquals(x, problem.initialPoint());
        assertEquals(0, problem.minimum(), 0);
    }

    @Test
    void sameSeedGivesTheSameInstanceAndAnotherSeedAnother() {
        QuadraticProblem first = (QuadraticProblem) ProblemFactory.build(ROTATED_QUADRATIC);
        QuadraticProblem again = (QuadraticProblem) ProblemFactory.build(ROTATED_QUADRATIC);
        assertArrayEquals(first.matrix(), again.matrix(), 0);
        assertArrayEquals(first.initialPoint(), again.initialPoint(), 0);
        ProblemSpec otherSeed = new ProblemSpec(ProblemKind.QUADRATIC, 24, 50, Spectrum.LOGUNIFORM, false, null,
                false, null, null, 0, 0, 8);
        QuadraticProblem other = (QuadraticProblem) ProblemFactory.build(otherSeed);
        assertTrue(Math.abs(other.matrix()[1] - first.matrix()[1]) > 1e-6);
    }

    @Test
    void spectraIncludeBothEndpoints() {
        for (Spectrum spectrum : Spectrum.values()) {
            double[] lambda = spectrum.eigenvalues(9, 1000);
            assertEquals(1e-3, lambda[0], 0, spectrum + " mu");
            assertEquals(1, lambda[8], 0, spectrum + " L");
        }
        assertEquals(Math.sqrt(1e-3), Spectrum.LOGUNIFORM.eigenvalues(3, 1000)[1], 1e-15);
        assertEquals(1e-3, Spectrum.CLUSTERED.eigenvalues(4, 1000)[1], 0);
        assertEquals(1, Spectrum.CLUSTERED.eigenvalues(4, 1000)[2], 0);
    }

    private static ProblemSpec spec(ProblemKind kind, int n, int rows, double ridge, double[] x0) {
        return new ProblemSpec(kind, n, Double.NaN, Spectrum.LOGUNIFORM, false, null, false, x0, null, rows, ridge, 5);
    }

    @Test
    void logisticGradientMatchesCentralFiniteDifferences() {
        assertGradientMatchesFiniteDifferences(ProblemFactory.build(spec(ProblemKind.LOGISTIC, 6, 40, 0.01, null)));
    }

    @Test
    void rosenbrockGradientMatchesCentralFiniteDifferences() {
        assertGradientMatchesFiniteDifferences(ProblemFactory.build(spec(ProblemKind.ROSENBROCK, 5, 0, 0, null)));
    }

    @Test
    void bealeGradientMatchesCentralFiniteDifferences() {
        assertGradientMatchesFiniteDifferences(ProblemFactory.build(spec(ProblemKind.BEALE, 2, 0, 0, null)));
    }

    /** (1 - (-1))^2 + 100 (1 - 1)^2 = 4; gradient (-2 * 2 - 400 (-1) * 0, 200 * 0) = (-4, 0); zero at x* = (1, 1). */
    @Test
    void rosenbrockByHandAndAtItsMinimizer() {
        Problem rosenbrock = ProblemFactory.build(spec(ProblemKind.ROSENBROCK, 2, 0, 0, new double[] {-1, 1}));
        assertEquals(4.0, rosenbrock.value(new double[] {-1, 1}), 0.0);
        double[] g = new double[2];
        rosenbrock.gradient(new double[] {-1, 1}, g);
        assertArrayEquals(new double[] {-4, 0}, g, 0.0);
        double[] ones = rosenbrock.minimizer().orElseThrow();
        assertArrayEquals(new double[] {1, 1}, ones, 0.0);
        assertEquals(0.0, rosenbrock.value(ones), 0.0);
        rosenbrock.gradient(ones, g);
        assertArrayEquals(new double[] {0, 0}, g, 0.0);
        assertTrue(Double.isNaN(rosenbrock.smoothness()), "non-convex: no L");
    }

    /** At (1, 1): terms 1.5, 2.25, 2.625, so f = 2.25 + 5.0625 + 6.890625; zero with zero gradient at (3, 0.5). */
    @Test
    void bealeByHandAndAtItsMinimizer() {
        Problem beale = ProblemFactory.build(spec(ProblemKind.BEALE, 2, 0, 0, new double[] {1, 1}));
        assertEquals(14.203125, beale.value(new double[] {1, 1}), 1e-15);
        double[] xStar = beale.minimizer().orElseThrow();
        assertArrayEquals(new double[] {3, 0.5}, xStar, 0.0);
        assertEquals(0.0, beale.value(xStar), 0.0);
        double[] g = new double[2];
        beale.gradient(xStar, g);
        assertArrayEquals(new double[] {0, 0}, g, 0.0);
    }

    /** X'X = [[1, 1], [1, 2]] has lambda_max = (3 + sqrt 5)/2; diag(9, 1) has 9. */
    @Test
    void powerIterationFindsTheLargestGramEigenvalue() {
        assertEquals((3 + Math.sqrt(5)) / 2, ProblemFactory.largestGramEigenvalue(new double[] {1, 0, 1, 1}, 2, 2), 1e-11);
        assertEquals(9, ProblemFactory.largestGramEigenvalue(new double[] {3, 0, 0, 0, 1, 0}, 3, 2), 1e-11);
    }

    /**
     * The logistic Hessian's Rayleigh quotients, by central differences of the gradient, lie in
     * [mu, L] = [ridge, lambda_max(X'X)/(4m) + ridge] everywhere; at w = 0, where s(1 - s) = 1/4
     * exactly, f = log 2 and the quotients reach close to L.
     */
    @Test
    void logisticCurvatureLiesBetweenRidgeAndItsSmoothnessBound() {
        Problem logistic = ProblemFactory.build(spec(ProblemKind.LOGISTIC, 8, 64, 0.05, null));
        assertEquals(0.05, logistic.strongConvexity(), 0.0);
        assertTrue(logistic.minimizer().isEmpty() && Double.isNaN(logistic.minimum()), "x* has no closed form");
        assertEquals(Math.log(2), logistic.value(new double[8]), 1e-15);
        SplittableRandom random = new SplittableRandom(2);
        double largestAtZero = 0;
        for (int trial = 0; trial < 200; trial++) {
            double[] w = new double[8];
            double[] d = new double[8];
            for (int i = 0; i < 8; i++) {
                w[i] = trial % 2 == 0 ? 0 : random.nextDouble(-3, 3);
                d[i] = random.nextDouble(-1, 1);
            }
            double h = 1e-5;
            double[] plus = new double[8];
            double[] minus = new double[8];
            double[] gPlus = new double[8];
            double[] gMinus = new double[8];
            for (int i = 0; i < 8; i++) {
                plus[i] = w[i] + h * d[i];
                minus[i] = w[i] - h * d[i];
            }
            logistic.gradient(plus, gPlus);
            logistic.gradient(minus, gMinus);
            double dHd = 0;
            double dd = 0;
            for (int i = 0; i < 8; i++) {
                dHd += d[i] * (gPlus[i] - gMinus[i]) / (2 * h);
                dd += d[i] * d[i];
            }
            double quotient = dHd / dd;
            assertTrue(quotient >= 0.05 * (1 - 1e-6) && quotient <= logistic.smoothness() * (1 + 1e-6), "" + quotient);
            if (trial % 2 == 0) {
                largestAtZero = Math.max(largestAtZero, quotient);
            }
        }
        assertTrue(largestAtZero > 0.5 * logistic.smoothness(), "the bound is attained at w = 0 along the top direction");
    }
}
