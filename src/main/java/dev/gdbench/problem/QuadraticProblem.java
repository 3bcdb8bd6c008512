package dev.gdbench.problem;

/**
 * f(x) = 1/2 x^T A x - b^T x with A = Q diag(lambda) Q^T symmetric positive definite and
 * b = A x*, so x* is exact and f* = -1/2 b^T x*. Gradient g = A x - b.
 */
public final class QuadraticProblem implements QuadraticForm {
    private final int n;
    private final double[] a;
    private final double[] b;
    private final double[] xStar;
    private final double[] eigenvalues;
    private final double[] x0;
    private final double fStar;

    /**
     * @param a column-major n x n, symmetric, with eigenvalues {@code eigenvalues}
     * @param xStar the minimizer; b is computed as A x*
     */
    QuadraticProblem(double[] a, double[] eigenvalues, double[] xStar, double[] x0) {
        this.n = xStar.length;
        this.a = a;
        this.eigenvalues = eigenvalues;
        this.xStar = xStar;
        this.x0 = x0;
        this.b = new double[n];
        multiply(xStar, b);
        double bx = 0;
        for (int i = 0; i < n; i++) {
            bx += b[i] * xStar[i];
        }
        this.fStar = -0.5 * bx;
    }

    private void multiply(double[] x, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            for (int i = 0; i < n; i++) {
                out[i] += a[j * n + i] * xj;
            }
        }
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.QUADRATIC;
    }

    @Override
    public int dimension() {
        return n;
    }

    /** A, column-major (symmetric, so row-major too). Shared, not copied: do not modify. */
    public double[] matrix() {
        return a;
    }

    /** b = A x*. Shared, not copied: do not modify. */
    public double[] linearTerm() {
        return b;
    }

    @Override
    public double value(double[] x) {
        double[] ax = new double[n];
        multiply(x, ax);
        double value = 0;
        for (int i = 0; i < n; i++) {
            value += 0.5 * x[i] * ax[i] - b[i] * x[i];
        }
        return value;
    }

    @Override
    public void gradient(double[] x, double[] gradientOut) {
        multiply(x, gradientOut);
        for (int i = 0; i < n; i++) {
            gradientOut[i] -= b[i];
        }
    }

    @Override
    public GradientForm gradientForm() {
        return new GradientForm.Affine(a, n, b);
    }

    @Override
    public double curvature(double[] direction) {
        double[] ad = new double[n];
        multiply(direction, ad);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += direction[i] * ad[i];
        }
        return sum;
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
