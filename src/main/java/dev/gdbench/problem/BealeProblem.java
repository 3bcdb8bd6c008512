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

    /**
     * y^0 .. y^3 by multiplication, y^3 = (y y) y: plain roundings that the map's lanes and its GPU
     * kernel repeat bit for bit, where Math.pow's rounding is the JVM's own and CUDA's pow another.
     */
    public static double[] powers(double y) {
        double square = y * y;
        return new double[] {1, y, square, square * y};
    }

    @Override
    public double value(double[] point) {
        double[] power = powers(point[1]);
        double sum = 0;
        for (int k = 1; k <= CONSTANTS.length; k++) {
            double term = CONSTANTS[k - 1] - point[0] + point[0] * power[k];
            sum += term * term;
        }
        return sum;
    }

    /** df/dx = sum 2 t_k (y^k - 1), df/dy = sum 2 t_k k x y^(k-1), t_k = c_k - x + x y^k. */
    @Override
    public void gradient(double[] point, double[] gradientOut) {
        double x = point[0];
        double y = point[1];
        double[] power = powers(y);
        gradientOut[0] = 0;
        gradientOut[1] = 0;
        for (int k = 1; k <= CONSTANTS.length; k++) {
            double term = CONSTANTS[k - 1] - x + x * power[k];
            gradientOut[0] += 2 * term * (power[k] - 1);
            gradientOut[1] += 2 * term * k * x * power[k - 1];
        }
    }

    /**
     * H = 2 sum_k (grad t_k grad t_k^T + t_k Hess t_k), grad t_k = (y^k - 1, k x y^(k-1)), Hess t_k =
     * [[0, k y^(k-1)], [k y^(k-1), k (k-1) x y^(k-2)]]. At x* every t_k is 0, so H* = 2 J^T J.
     */
    @Override
    public Optional<double[]> hessian(double[] point) {
        double x = point[0];
        double[] power = powers(point[1]);
        double xx = 0;
        double xy = 0;
        double yy = 0;
        for (int k = 1; k <= CONSTANTS.length; k++) {
            double term = CONSTANTS[k - 1] - x + x * power[k];
            double dx = power[k] - 1;
            double dy = k * x * power[k - 1];
            xx += 2 * dx * dx;
            xy += 2 * (dx * dy + term * k * power[k - 1]);
            yy += 2 * (dy * dy + term * k * (k - 1) * x * (k >= 2 ? power[k - 2] : 0));
        }
        return Optional.of(new double[] {xx, xy, xy, yy});
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
