package dev.gdbench.problem;

import java.util.Optional;

/**
 * Ridge-regularised logistic regression on m labelled rows x_i (the rows of X, m x n) with labels
 * y_i in {0, 1}: f(w) = (1/m) sum log(1 + exp(x_i.w)) - y_i x_i.w + (ridge/2) |w|^2, gradient
 * (1/m) X^T (sigmoid(Xw) - y) + ridge w. The Hessian (1/m) X^T diag(s(1-s)) X + ridge I lies
 * between ridge I and (lambda_max(X^T X)/(4m) + ridge) I because s(1-s) <= 1/4: those are mu and
 * L. The minimiser has no closed form, so x* and f* are unknown and the criteria use |g|.
 */
public final class LogisticProblem implements Problem {
    private final int rows;
    private final int n;
    private final double[] design;
    private final double[] labels;
    private final double ridge;
    private final double[] x0;
    private final double smoothness;

    /**
     * @param design column-major rows x n
     * @param largestGramEigenvalue lambda_max(X^T X)
     */
    LogisticProblem(double[] design, int rows, double[] labels, double ridge, double[] x0, double largestGramEigenvalue) {
        this.design = design;
        this.rows = rows;
        this.n = x0.length;
        this.labels = labels;
        this.ridge = ridge;
        this.x0 = x0;
        this.smoothness = largestGramEigenvalue / (4.0 * rows) + ridge;
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.LOGISTIC;
    }

    @Override
    public int dimension() {
        return n;
    }

    public int rows() {
        return rows;
    }

    /** X, column-major rows x n. Shared, not copied: do not modify. */
    public double[] design() {
        return design;
    }

    /** y, one label in {0, 1} per row. Shared, not copied: do not modify. */
    public double[] labels() {
        return labels;
    }

    public double ridge() {
        return ridge;
    }

    /** log(1 + exp(z)) - y z, with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)) so it never overflows. */
    @Override
    public double value(double[] w) {
        double[] z = ColumnMajor.times(design, rows, n, w);
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            sum += Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i]))) - labels[i] * z[i];
        }
        double norm2 = 0;
        for (double wj : w) {
            norm2 += wj * wj;
        }
        return sum / rows + 0.5 * ridge * norm2;
    }

    @Override
    public void gradient(double[] w, double[] gradientOut) {
        gradientForm().gradient(w, gradientOut);
    }

    /** R = sigmoid(X W) - y 1^T, G = (1/m) X^T R + ridge W. */
    @Override
    public GradientForm.RowResidual gradientForm() {
        return new GradientForm.RowResidual(design, rows, n, labels, GradientForm.Activation.SIGMOID, ridge);
    }

    @Override
    public double[] initialPoint() {
        return x0.clone();
    }

    @Override
    public double strongConvexity() {
        return ridge;
    }

    @Override
    public double smoothness() {
        return smoothness;
    }

    @Override
    public Optional<double[]> minimizer() {
        return Optional.empty();
    }

    @Override
    public double minimum() {
        return Double.NaN;
    }
}
