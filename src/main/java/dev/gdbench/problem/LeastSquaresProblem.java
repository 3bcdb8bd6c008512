package dev.gdbench.problem;

/**
 * f(x) = 1/(2m) ||M x - y||^2 with M = U diag(sigma) V^T (m x n) of prescribed singular values,
 * so the Hessian H = M^T M / m has eigenvalues sigma_i^2 / m exactly. y = M x* + r with r
 * orthogonal to the range of M, so x* is the exact minimizer and f* = |r|^2 / (2m) > 0.
 * Gradient g = M^T (M x - y) / m.
 */
public final class LeastSquaresProblem implements QuadraticForm {
    private final int rows;
    private final int n;
    private final double[] m;
    private final double[] y;
    private final double[] xStar;
    private final double[] eigenvalues;
    private final double[] x0;
    private final double fStar;

    LeastSquaresProblem(double[] m, int rows, double[] y, double[] eigenvalues, double[] xStar,
                        double[] x0, double residualNorm2) {
        this.m = m;
        this.rows = rows;
        this.n = xStar.length;
        this.y = y;
        this.eigenvalues = eigenvalues;
        this.xStar = xStar;
        this.x0 = x0;
        this.fStar = residualNorm2 / (2.0 * rows);
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.LEAST_SQUARES;
    }

    @Override
    public int dimension() {
        return n;
    }

    public int rows() {
        return rows;
    }

    /** M, column-major rows x n. Shared, not copied: do not modify. */
    public double[] design() {
        return m;
    }

    /** y. Shared, not copied: do not modify. */
    public double[] targets() {
        return y;
    }

    private double[] residual(double[] x) {
        double[] r = ColumnMajor.times(m, rows, n, x);
        for (int i = 0; i < rows; i++) {
            r[i] -= y[i];
        }
        return r;
    }

    @Override
    public double value(double[] x) {
        double[] r = residual(x);
        double sum = 0;
        for (double ri : r) {
            sum += ri * ri;
        }
        return sum / (2.0 * rows);
    }

    @Override
    public void gradient(double[] x, double[] gradientOut) {
        gradientForm().gradient(x, gradientOut);
    }

    /** R = M X - y 1^T, G = M^T R / m. */
    @Override
    public GradientForm.RowResidual gradientForm() {
        return new GradientForm.RowResidual(m, rows, n, y, GradientForm.Activation.IDENTITY, 0);
    }

    /** d^T (M^T M / m) d = |M d|^2 / m. */
    @Override
    public double curvature(double[] direction) {
        double[] md = ColumnMajor.times(m, rows, n, direction);
        double sum = 0;
        for (double value : md) {
            sum += value * value;
        }
        return sum / rows;
    }

    @Override
    public double[] initialPoint() {
        return x0.clone();
    }

    @Override
    public double[] hessianEigenvalues() {
        return eigenvalues.clone();
    }

    @Override
    public double[] exactMinimizer() {
        return xStar;
    }

    @Override
    public double minimum() {
        return fStar;
    }
}
