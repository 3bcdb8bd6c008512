package dev.gdbench.problem;

import java.util.Optional;

/**
 * An objective f: R^n -> R with what theory and the tolerance criteria need. Instances are
 * built in fp64 from a seed ({@link ProblemFactory}) so every backend sees the same numbers.
 * Methods here are the per-vector reference; backends evaluate batches through the structure
 * of the concrete type (a dense product for {@link QuadraticProblem}, for instance).
 */
public interface Problem {
    /** Problem family (its command-line name is {@link ProblemKind#cliName()}). */
    ProblemKind kind();

    int dimension();

    double value(double[] x);

    void gradient(double[] x, double[] gradientOut);

    double[] initialPoint();

    /** Strong-convexity constant mu (smallest Hessian eigenvalue), NaN when unknown. */
    double strongConvexity();

    /** Smoothness constant L (largest Hessian eigenvalue), NaN when unknown. */
    double smoothness();

    /** The minimizer x*, when known exactly. */
    Optional<double[]> minimizer();

    /** f* = f(x*), NaN when unknown. */
    double minimum();

    /**
     * f(x) - f*. The default subtracts, which cancels below about 1e-16 |f*|; quadratic problems
     * override it with the exact form 1/2 g^T (x - x*).
     */
    default double suboptimality(double[] x, double[] gradient) {
        return value(x) - minimum();
    }

    default double kappa() {
        return smoothness() / strongConvexity();
    }
}
