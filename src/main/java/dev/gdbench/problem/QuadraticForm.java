package dev.gdbench.problem;

import java.util.Optional;

/**
 * A problem whose Hessian H is constant with an exactly known spectrum: f(x) = f* + 1/2 (x -
 * x*)^T H (x - x*). The gradient is g = H (x - x*), so f - f* = 1/2 g^T (x - x*) is exact to the
 * last bits where f(x) - f* would cancel. Theory (linear iteration rates) applies to these.
 */
public interface QuadraticForm extends Problem {
    /** The Hessian's eigenvalues, ascending, with multiplicity. */
    double[] hessianEigenvalues();

    double[] exactMinimizer();

    /** d^T H d: the curvature along d that an exact line search divides by. */
    double curvature(double[] direction);

    @Override
    default Optional<QuadraticForm> quadraticForm() {
        return Optional.of(this);
    }

    @Override
    default Optional<double[]> minimizer() {
        return Optional.of(exactMinimizer().clone());
    }

    @Override
    default double strongConvexity() {
        return hessianEigenvalues()[0];
    }

    @Override
    default double smoothness() {
        double[] eigenvalues = hessianEigenvalues();
        return eigenvalues[eigenvalues.length - 1];
    }

    /** f - f* = 1/2 g^T (x - x*). */
    @Override
    default double suboptimality(double[] x, double[] gradient) {
        double[] xStar = exactMinimizer();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += gradient[i] * (x[i] - xStar[i]);
        }
        return 0.5 * sum;
    }
}
