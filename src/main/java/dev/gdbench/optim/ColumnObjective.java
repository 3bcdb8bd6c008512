package dev.gdbench.optim;

/**
 * The objective of one batch column, for rules that evaluate it at trial points (line searches).
 * The backend implements it on the problem's reference methods and counts every evaluation,
 * because a line search is not free: results.csv reports what each configuration paid.
 */
public interface ColumnObjective {
    /** f(x); one function evaluation. */
    double value(double[] x);

    /** gradientOut = grad f(x); one gradient evaluation. */
    void gradient(double[] x, double[] gradientOut);

    /**
     * d^T H d for a problem with a constant Hessian H (quadratic families only; the command line
     * allows the exact line search nowhere else). Costs one Hessian-vector product, counted as a
     * gradient evaluation.
     */
    double curvature(double[] direction);
}
