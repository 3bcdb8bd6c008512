package dev.gdbench.problem;

import java.util.Optional;

/**
 * An objective f: R^n -> R with what theory and the tolerance criteria need. Instances are
 * built in fp64 from a seed ({@link ProblemFactory}) so every backend sees the same numbers.
 * Methods here are the per-vector reference; backends evaluate batches through the structure
 * the problem describes in {@link #gradientForm()}, never through its concrete class.
 */
public interface Problem {
    /** Problem family (its command-line name is {@link ProblemKind#cliName()}). */
    ProblemKind kind();

    int dimension();

    double value(double[] x);

    void gradient(double[] x, double[] gradientOut);

    /** The batched gradient's structure for the backends; by default only the per-vector reference. */
    default GradientForm gradientForm() {
        return GradientForm.PER_VECTOR;
    }

    /**
     * This problem as one with a constant, exactly known Hessian (its spectrum, the curvature an
     * exact line search needs, theory's rates), or empty where the Hessian varies.
     */
    default Optional<QuadraticForm> quadraticForm() {
        return Optional.empty();
    }

    /**
     * The Hessian at x, column-major n x n, where the problem has it in closed form: what local
     * theory near x* needs for problems whose Hessian varies (quadratics have {@link #quadraticForm}).
     */
    default Optional<double[]> hessian(double[] x) {
        return Optional.empty();
    }

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
