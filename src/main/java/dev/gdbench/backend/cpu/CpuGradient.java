package dev.gdbench.backend.cpu;

import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.linalg.Vec;
import dev.gdbench.problem.LeastSquaresProblem;
import dev.gdbench.problem.LogisticProblem;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.QuadraticProblem;

/**
 * G[:, cols] = grad f(X[:, cols]) for a range of batch columns, through the problem's structure:
 * dense products for the quadratic families and logistic regression, one vector at a time for
 * anything else. Ranges are
 * independent, so threads may run disjoint ranges at once.
 */
abstract class CpuGradient {
    abstract void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol);

    static CpuGradient of(Problem problem, Precision precision, int batchColumns) {
        if (problem instanceof QuadraticProblem quadratic) {
            return new Quadratic(quadratic, precision);
        }
        if (problem instanceof LeastSquaresProblem leastSquares) {
            return new LeastSquares(leastSquares, precision, batchColumns);
        }
        if (problem instanceof LogisticProblem logistic) {
            return new Logistic(logistic, precision, batchColumns);
        }
        return new PerColumn(problem);
    }

    static Vec negated(double[] values) {
        double[] negative = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            negative[i] = -values[i];
        }
        return Vec.of(negative);
    }

    /** G = A X - b 1^T: G is preset to -b, then one GEMM accumulates A X into it (beta = 1). */
    private static final class Quadratic extends CpuGradient {
        private final FixedMatrix a;
        private final Vec negativeB;

        Quadratic(QuadraticProblem problem, Precision precision) {
            int n = problem.dimension();
            this.a = FixedMatrix.of(DenseMatrix.of(precision, n, n, problem.matrix()), false);
            this.negativeB = negated(problem.linearTerm());
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            gradient.fillColumns(firstCol, endCol, negativeB);
            a.multiply(1.0, x, 1.0, gradient, firstCol, endCol);
        }
    }

    /**
     * The problems with m data rows (M m x n, column-major): M and M^T packed once for their two
     * products, and the m x B residual scratch between them, recomputed every time.
     */
    private abstract static class RowProducts extends CpuGradient {
        final FixedMatrix m;
        final FixedMatrix mTransposed;
        final DenseMatrix residual;
        final int rows;

        RowProducts(double[] design, int rows, int n, Precision precision, int batchColumns) {
            this.rows = rows;
            DenseMatrix matrix = DenseMatrix.of(precision, rows, n, design);
            this.m = FixedMatrix.of(matrix, false);
            this.mTransposed = FixedMatrix.of(matrix, true);
            this.residual = DenseMatrix.zeros(precision, rows, batchColumns);
        }
    }

    /** R = M X - y 1^T, then G = M^T R / m: two GEMMs. */
    private static final class LeastSquares extends RowProducts {
        private final Vec negativeY;

        LeastSquares(LeastSquaresProblem problem, Precision precision, int batchColumns) {
            super(problem.design(), problem.rows(), problem.dimension(), precision, batchColumns);
            this.negativeY = negated(problem.targets());
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            residual.fillColumns(firstCol, endCol, negativeY);
            m.multiply(1.0, x, 1.0, residual, firstCol, endCol);
            mTransposed.multiply(1.0 / rows, residual, 0.0, gradient, firstCol, endCol);
        }
    }

    /**
     * Z = M X (into the residual scratch), then R = sigmoid(Z) - y 1^T in place, element by element with
     * LogisticProblem's overflow-safe sigmoid; G is preset to ridge X and the second GEMM
     * accumulates (1/m) M^T R into it (beta = 1): G = (1/m) M^T R + ridge X.
     */
    private static final class Logistic extends RowProducts {
        private final double[] labels;
        private final double ridge;

        Logistic(LogisticProblem problem, Precision precision, int batchColumns) {
            super(problem.design(), problem.rows(), problem.dimension(), precision, batchColumns);
            this.labels = problem.labels();
            this.ridge = problem.ridge();
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            m.multiply(1.0, x, 0.0, residual, firstCol, endCol);
            for (int j = firstCol; j < endCol; j++) {
                Vec r = residual.column(j);
                for (int i = 0; i < rows; i++) {
                    r.set(i, LogisticProblem.sigmoid(r.get(i)) - labels[i]);
                }
                Vec xj = x.column(j);
                Vec gj = gradient.column(j);
                for (int i = 0; i < xj.length(); i++) {
                    gj.set(i, ridge * xj.get(i));
                }
            }
            mTransposed.multiply(1.0 / rows, residual, 1.0, gradient, firstCol, endCol);
        }
    }

    /** Any problem: its reference gradient, one column at a time. */
    private static final class PerColumn extends CpuGradient {
        private final Problem problem;

        PerColumn(Problem problem) {
            this.problem = problem;
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            double[] g = new double[x.rows()];
            for (int j = firstCol; j < endCol; j++) {
                problem.gradient(x.column(j).toArray(), g);
                gradient.column(j).setAll(g);
            }
        }
    }
}
