package dev.gdbench.optim;

/**
 * A rule that, on a quadratic, is a linear recurrence on the error e = x - x* and its state.
 * Along an eigenvector of the Hessian with eigenvalue lambda the error and each state vector are
 * scalars, and one step multiplies them by a small matrix T(lambda). The asymptotic rate of the
 * method is max over the spectrum of the spectral radius of T(lambda) (see theory.LinearRateTheory).
 */
public interface LinearIteration {
    /** T(lambda), acting on (e, state_1, ...), row-major; 1x1 or 2x2. */
    double[][] iterationMatrix(double lambda);
}
