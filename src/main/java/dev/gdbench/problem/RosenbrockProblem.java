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
