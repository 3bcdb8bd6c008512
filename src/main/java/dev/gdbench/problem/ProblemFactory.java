package dev.gdbench.problem;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Builds problem instances from their {@link ProblemSpec}, deterministically from the seed. */
public final class ProblemFactory {
    /** Logistic labels: y = 1 with probability sigmoid(this x.w0); large enough that most labels follow the sign. */
    static final double LABEL_SHARPNESS = 5;

    /** Power iteration stops when lambda_max changes by less than this, relatively. */
    static final double POWER_TOLERANCE = 1e-12;

    /** At most this many power iterations (the gap lambda_1/lambda_2 of random data makes it converge far sooner). */
    static final int MAX_POWER_ITERATIONS = 10_000;

    private ProblemFactory() {}

    public static Problem build(ProblemSpec spec) {
        int n = spec.eigenvalues() != null ? spec.eigenvalues().length : spec.dimension();
        // One independent stream per purpose, split in a fixed order: changing x0 never changes A.
        SplittableRandom root = new SplittableRandom(spec.seed());
        SplittableRandom rotationRandom = root.split();
        SplittableRandom minimizerRandom = root.split();
        SplittableRandom startRandom = root.split();
        SplittableRandom residualRandom = root.split();

        double[] x0 = spec.initialPoint() != null ? spec.initialPoint().clone() : Gaussian.vector(n, startRandom);
        return switch (spec.kind()) {
            case QUADRATIC, LEAST_SQUARES -> quadraticFamily(spec, n, rotationRandom, minimizerRandom, residualRandom, x0);
            case LOGISTIC -> logistic(spec.effectiveRows(), spec.ridge(), x0, rotationRandom, residualRandom);
            case ROSENBROCK -> new RosenbrockProblem(x0);
            case BEALE -> new BealeProblem(x0);
        };
    }

    private static Problem quadraticFamily(ProblemSpec spec, int n, SplittableRandom rotationRandom,
                                           SplittableRandom minimizerRandom, SplittableRandom residualRandom,
                                           double[] x0) {
        double[] lambda = spec.eigenvalues() != null
                ? spec.eigenvalues().clone()
                : spec.spectrum().eigenvalues(n, spec.kappa());
        boolean rotated = spec.eigenvalues() != null ? spec.rotate() : !spec.diagonal();
        double[] xStar = spec.minimizer() != null ? spec.minimizer().clone()
                : spec.eigenvalues() != null ? new double[n] : Gaussian.vector(n, minimizerRandom);
        double[] sortedLambda = lambda.clone();
        Arrays.sort(sortedLambda);
        if (spec.kind() == ProblemKind.LEAST_SQUARES) {
            return leastSquares(spec.effectiveRows(), lambda, sortedLambda, rotated, xStar, x0, rotationRandom,
                    residualRandom);
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = lambda[i];
        }
        if (rotated) {
            for (double[] v : Householder.randomUnitVectors(Householder.REFLECTORS, n, rotationRandom)) {
                Householder.conjugateSymmetric(a, n, v);
            }
        }
        return new QuadraticProblem(a, sortedLambda, xStar, x0);
    }

    /**
     * Synthetic, separable-ish data: rows x_i ~ N(0, I/n) (so |x_i| is about 1), a hidden w0 ~ N(0, I),
     * labels y_i = 1 with probability sigmoid(LABEL_SHARPNESS x_i.w0): mostly separable by w0, with
     * a few flipped labels near the boundary so the unregularised minimiser still exists.
     */
    private static LogisticProblem logistic(int rows, double ridge, double[] x0, SplittableRandom dataRandom,
                                            SplittableRandom labelRandom) {
        int n = x0.length;
        double[] design = Gaussian.vector(rows * n, dataRandom);
        double scale = 1 / Math.sqrt(n);
        for (int k = 0; k < design.length; k++) {
            design[k] *= scale;
        }
        double[] hidden = Gaussian.vector(n, dataRandom);
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            double margin = 0;
            for (int j = 0; j < n; j++) {
                margin += design[j * rows + i] * hidden[j];
            }
            labels[i] = labelRandom.nextDouble() < GradientForm.Activation.SIGMOID.apply(LABEL_SHARPNESS * margin) ? 1 : 0;
        }
        return new LogisticProblem(design, rows, labels, ridge, x0, largestGramEigenvalue(design, rows, n));
    }

    /**
     * lambda_max(X^T X) by power iteration from the all-ones vector, to a relative change below
     * POWER_TOLERANCE; the Rayleigh quotient approaches it from below.
     */
    static double largestGramEigenvalue(double[] design, int rows, int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1 / Math.sqrt(n));
        double estimate = 0;
        for (int iteration = 0; iteration < MAX_POWER_ITERATIONS; iteration++) {
            double[] xv = new double[rows];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < rows; i++) {
                    xv[i] += design[j * rows + i] * v[j];
                }
            }
            double[] gram = new double[n];
            double norm2 = 0;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = 0; i < rows; i++) {
                    dot += design[j * rows + i] * xv[i];
                }
                gram[j] = dot;
                norm2 += dot * dot;
            }
            double next = 0;
            for (int j = 0; j < n; j++) {
                next += v[j] * gram[j];
            }
            double norm = Math.sqrt(norm2);
            for (int j = 0; j < n; j++) {
                v[j] = gram[j] / norm;
            }
            if (Math.abs(next - estimate) <= POWER_TOLERANCE * next) {
                return next;
            }
            estimate = next;
        }
        return estimate;
    }

    /** M = U diag(sigma) V^T with sigma_i = sqrt(m lambda_i), so M^T M / m has eigenvalues lambda. */
    private static LeastSquaresProblem leastSquares(int rows, double[] lambda, double[] sortedLambda,
                                                    boolean rotated, double[] xStar, double[] x0,
                                                    SplittableRandom rotationRandom,
                                                    SplittableRandom residualRandom) {
        int n = lambda.length;
        double[] m = new double[rows * n];
        for (int i = 0; i < n; i++) {
            m[i * rows + i] = Math.sqrt(rows * lambda[i]);
        }
        double[][] right = rotated ? Householder.randomUnitVectors(Householder.REFLECTORS, n, rotationRandom) : new double[0][];
        double[][] left = rotated ? Householder.randomUnitVectors(Householder.REFLECTORS, rows, rotationRandom) : new double[0][];
        for (double[] v : right) {
            Householder.applyRight(m, rows, n, v);
        }
        for (double[] v : left) {
            Householder.applyLeft(m, rows, n, v);
        }
        // r = U_perp z: a vector in the last m - n coordinates, rotated like the columns of M.
        double[] residual = new double[rows];
        double residualNorm2 = 0;
        for (int i = n; i < rows; i++) {
            residual[i] = Gaussian.next(residualRandom);
            residualNorm2 += residual[i] * residual[i];
        }
        for (double[] v : left) {
            Householder.applyToVector(residual, v);
        }
        double[] y = residual;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < rows; i++) {
                y[i] += m[j * rows + i] * xStar[j];
            }
        }
        return new LeastSquaresProblem(m, rows, y, sortedLambda, xStar, x0, residualNorm2);
    }
}
