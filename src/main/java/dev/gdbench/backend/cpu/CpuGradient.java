package dev.gdbench.backend.cpu;

import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.linalg.Vec;
import dev.gdbench.problem.GradientForm;
import dev.gdbench.problem.Problem;

/**
 * G[:, cols] = grad f(X[:, cols]) for a range of batch columns, as the problem's
 * {@link GradientForm} describes it: dense products for the affine and row-residual forms, one
 * vector at a time for the rest. Ranges are independent, so threads may run disjoint ranges at once.
 */
abstract class CpuGradient {
    abstract void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol);

    static CpuGradient of(Problem problem, Precision precision, int batchColumns) {
        return problem.gradientForm().match(affine -> new Affine(affine, precision),
                rows -> new RowResidual(rows, precision, batchColumns), () -> new PerColumn(problem));
    }

    static Vec negated(double[] values) {
        double[] negative = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            negative[i] = -values[i];
        }
        return Vec.of(negative);
    }

    /** G = A X - b 1^T: G is preset to -b, then one GEMM accumulates A X into it (beta = 1). */
    private static final class Affine extends CpuGradient {
        private final FixedMatrix a;
        private final Vec negativeB;

        Affine(GradientForm.Affine form, Precision precision) {
            int n = form.dimension();
            this.a = FixedMatrix.of(DenseMatrix.of(precision, n, n, form.matrix()), false);
            this.negativeB = negated(form.offset());
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            gradient.fillColumns(firstCol, endCol, negativeB);
            a.multiply(1.0, x, 1.0, gradient, firstCol, endCol);
        }
    }

    /**
     * R = act(M X) - y 1^T into an m x B scratch, then G = (1/m) M^T R (+ ridge X): M and M^T
     * packed once for their two products. Without an activation R is preset to -y and the first
     * GEMM accumulates into it (beta = 1); with one, Z = M X and R = act(Z) - y element by element.
     * With a ridge, G is preset to ridge X and the second GEMM accumulates into it.
     * The element loops read a column into an array and write it back whole (Vec.toArray,
     * Vec.setAll): in fp32 those convert a vector at a time, get and set one element at a time.
     */
    private static final class RowResidual extends CpuGradient {
        private final GradientForm.RowResidual form;
        private final FixedMatrix m;
        private final FixedMatrix mTransposed;
        private final DenseMatrix residual;
        private final Vec negativeTargets;

        RowResidual(GradientForm.RowResidual form, Precision precision, int batchColumns) {
            this.form = form;
            DenseMatrix matrix = DenseMatrix.of(precision, form.rows(), form.dimension(), form.design());
            this.m = FixedMatrix.of(matrix, false);
            this.mTransposed = FixedMatrix.of(matrix, true);
            this.residual = DenseMatrix.zeros(precision, form.rows(), batchColumns);
            this.negativeTargets = negated(form.targets());
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            int rows = form.rows();
            if (form.activation() == GradientForm.Activation.IDENTITY) {
                residual.fillColumns(firstCol, endCol, negativeTargets);
                m.multiply(1.0, x, 1.0, residual, firstCol, endCol);
            } else {
                m.multiply(1.0, x, 0.0, residual, firstCol, endCol);
                double[] targets = form.targets();
                for (int j = firstCol; j < endCol; j++) {
                    Vec r = residual.column(j);
                    double[] z = r.toArray();
                    for (int i = 0; i < rows; i++) {
                        z[i] = form.activation().apply(z[i]) - targets[i];
                    }
                    r.setAll(z);
                }
            }
            if (form.hasRidge()) {
                for (int j = firstCol; j < endCol; j++) {
                    double[] ridgeTerm = x.column(j).toArray();
                    for (int i = 0; i < ridgeTerm.length; i++) {
                        ridgeTerm[i] *= form.ridge();
                    }
                    gradient.column(j).setAll(ridgeTerm);
                }
            }
            mTransposed.multiply(1.0 / rows, residual, form.hasRidge() ? 1.0 : 0.0, gradient, firstCol, endCol);
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
