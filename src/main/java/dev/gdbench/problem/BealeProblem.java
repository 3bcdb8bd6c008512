package dev.gdbench.problem;

import java.util.Optional;

/**
 * Beale's function on R^2: f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2,
 * x* = (3, 0.5), f* = 0. Non-convex, so mu and L are not defined (NaN).
 */
public final class BealeProblem implements Problem {
    /** The constants c_k of the three terms (c_k - x + x y^k)^2, k = 1, 2, 3. */
    private static final double[] CONSTANTS = {1.5, 2.25, 2.625};

    private final double[] x0;

    BealeProblem(double[] x0) {
        this.x0 = x0;
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.BEALE;
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double value(double[] point) {
        double sum = 0;
        for (int k = 1; k <= CONSTANTS.length; k++) {
            double term = CONSTANTS[k - 1] - point[0] + point[0] * Math.pow(point[1], k);
            sum += term * term;
        }
        return sum;
    }

    /** df/dx = sum 2 t_k (y^k - 1), df/dy = sum 2 t_k k x y^(k-1), t_k = c_k - x + x y^k. */
    @Override
    public void gradient(double[] point, double[] gradientOut) {
        double x = point[0];
        double y = point[1];
        gradientOut[0] = 0;
        gradientOut[1] = 0;
        for (int k = 1; k <= CONSTANTS.length; k++) {
            double term = CONSTANTS[k - 1] - x + x * Math.pow(y, k);
            gradientOut[0] += 2 * term * (Math.pow(y, k) - 1);
            gradientOut[1] += 2 * term * k * x * Math.pow(y, k - 1);
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
        return Optional.of(new double[] {3, 0.5});
    }

    @Override
    public double minimum() {
        return 0;
    }
}
