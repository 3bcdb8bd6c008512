package dev.gdbench.problem;

import java.util.Optional;

/**
 * The n-dimensional Rosenbrock function (the classic 2-D banana at n = 2):
 * f(x) = sum_{i < n-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, x* = (1, ..., 1), f* = 0.
 * Non-convex, so mu and L are not defined (NaN).
 */
public final class RosenbrockProblem implements Problem {
    private final double[] x0;

    RosenbrockProblem(double[] x0) {
        this.x0 = x0;
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.ROSENBROCK;
    }

    @Override
    public int dimension() {
        return x0.length;
    }

    @Override
    public double value(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double valley = x[i + 1] - x[i] * x[i];
            double offset = 1 - x[i];
            sum += 100 * valley * valley + offset * offset;
        }
        return sum;
    }

    /** df/dx_i = -400 x_i (x_{i+1} - x_i^2) - 2 (1 - x_i) + 200 (x_i - x_{i-1}^2). */
    @Override
    public void gradient(double[] x, double[] gradientOut) {
        java.util.Arrays.fill(gradientOut, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double valley = x[i + 1] - x[i] * x[i];
            gradientOut[i] += -400 * x[i] * valley - 2 * (1 - x[i]);
            gradientOut[i + 1] += 200 * valley;
        }
    }

    /**
     * Tridiagonal: d2f/dx_i^2 = 1200 x_i^2 - 400 x_{i+1} + 2 (i < n-1) + 200 (i > 0), d2f/dx_i dx_{i+1}
     * = -400 x_i. At x* = 1: 802, 1002, ..., 1002, 200 on the diagonal, -400 beside it.
     */
    @Override
    public Optional<double[]> hessian(double[] x) {
        int n = x.length;
        double[] h = new double[n * n];
        for (int i = 0; i + 1 < n; i++) {
            h[i + i * n] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[(i + 1) + (i + 1) * n] += 200;
            h[i + (i + 1) * n] = -400 * x[i];
            h[(i + 1) + i * n] = -400 * x[i];
        }
        return Optional.of(h);
    }

    @Override
    public double[] initialPoint() {
        return x0.clone();
    }

    @Override
    public double strongConvexity() {
        return Double.NaN;
    }

    @Override
    public double smoothness() {
        return Double.NaN;
    }

    @Override
    public Optional<double[]> minimizer() {
        double[] ones = new double[x0.length];
        java.util.Arrays.fill(ones, 1.0);
        return Optional.of(ones);
    }

    @Override
    public double minimum() {
        return 0;
    }
}
