package dev.gdbench.problem;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Builds problem instances from their {@link ProblemSpec}, deterministically from the seed. */
public final class ProblemFactory {
    private ProblemFactory() {}

    public static Problem build(ProblemSpec spec) {
        int n = spec.eigenvalues() != null ? spec.eigenvalues().length : spec.dimension();
        // One independent stream per purpose, split in a fixed order: changing x0 never changes A.
        SplittableRandom root = new SplittableRandom(spec.seed());
        SplittableRandom rotationRandom = root.split();
        SplittableRandom minimizerRandom = root.split();
        SplittableRandom startRandom = root.split();
        SplittableRandom residualRandom = root.split();

        double[] lambda = spec.eigenvalues() != null
                ? spec.eigenvalues().clone()
                : spec.spectrum().eigenvalues(n, spec.kappa());
        boolean rotated = spec.eigenvalues() != null ? spec.rotate() : !spec.diagonal();
        double[] xStar = spec.minimizer() != null ? spec.minimizer().clone()
                : spec.eigenvalues() != null ? new double[n] : Gaussian.vector(n, minimizerRandom);
        double[] x0 = spec.initialPoint() != null ? spec.initialPoint().clone() : Gaussian.vector(n, startRandom);
        double[] sortedLambda = lambda.clone();
        Arrays.sort(sortedLambda);

        return switch (spec.kind()) {
            case QUADRATIC -> {
                double[] a = new double[n * n];
                for (int i = 0; i < n; i++) {
                    a[i * n + i] = lambda[i];
                }
                if (rotated) {
                    for (double[] v : Householder.randomUnitVectors(Householder.REFLECTORS, n, rotationRandom)) {
                        Householder.conjugateSymmetric(a, n, v);
                    }
                }
                yield new QuadraticProblem(a, sortedLambda, xStar, x0);
            }
            case LEAST_SQUARES -> leastSquares(spec.effectiveRows(), lambda, sortedLambda, rotated,
                    xStar, x0, rotationRandom, residualRandom);
        };
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
