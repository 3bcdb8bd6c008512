package dev.gdbench.problem;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a problem's gradient of a whole batch X (n x B, one configuration per column) is taken, as
 * data: the matrices, vectors and element-wise steps around its products. The CPU gradient, the
 * GPU gradient and the cost model each interpret this description, so a backend knows forms, not
 * problem classes, and a new problem whose gradient is one of these forms is one class.
 * {@link #match} makes every interpreter handle every form: a form added here fails to compile
 * wherever one is forgotten.
 */
public sealed interface GradientForm {
    /** Only the per-vector reference gradient {@link Problem#gradient}, one column at a time. */
    GradientForm PER_VECTOR = new PerVector();

    /** Calls the function for this form. */
    <T> T match(Function<Affine, T> affine, Function<RowResidual, T> rowResidual, Supplier<T> perVector);

    /**
     * G = A X - b 1^T.
     *
     * @param matrix    A, column-major n x n; shared, not copied: do not modify
     * @param dimension n
     * @param offset    b; shared, not copied
     */
    record Affine(double[] matrix, int dimension, double[] offset) implements GradientForm {
        @Override
        public <T> T match(Function<Affine, T> affine, Function<RowResidual, T> rowResidual, Supplier<T> perVector) {
            return affine.apply(this);
        }
    }

    /** What is applied to M X before the targets are subtracted. */
    enum Activation {
        IDENTITY,
        /** 1/(1 + exp(-z)), evaluated on the side where exp cannot overflow. */
        SIGMOID;

        public double apply(double z) {
            if (this == IDENTITY) {
                return z;
            }
            if (z >= 0) {
                return 1 / (1 + Math.exp(-z));
            }
            double e = Math.exp(z);
            return e / (1 + e);
        }
    }

    /**
     * An average over m data rows: R = act(M X) - y 1^T, then G = (1/m) M^T R + ridge X. Mini-batch
     * gradients average a subset of the rows; the ridge term is no data row and is never sampled.
     *
     * @param design    M, column-major rows x n; shared, not copied: do not modify
     * @param targets   y, one per row; shared, not copied
     * @param ridge     0 for no ridge term
     */
    record RowResidual(double[] design, int rows, int dimension, double[] targets, Activation activation, double ridge)
            implements GradientForm {
        @Override
        public <T> T match(Function<Affine, T> affine, Function<RowResidual, T> rowResidual, Supplier<T> perVector) {
            return rowResidual.apply(this);
        }

        public boolean hasRidge() {
            return ridge != 0;
        }

        /** g = (1/m) M^T (act(M x) - y) + ridge x. */
        public void gradient(double[] x, double[] gradientOut) {
            double[] r = ColumnMajor.times(design, rows, dimension, x);
            for (int i = 0; i < rows; i++) {
                r[i] = activation.apply(r[i]) - targets[i];
            }
            for (int j = 0; j < dimension; j++) {
                gradientOut[j] = ridgeTerm(ColumnMajor.columnDot(design, rows, j, r) / rows, x[j]);
            }
        }

        /**
         * The gradient with the average over {@code sample} only (rows in increasing order). Summed in
         * the order of {@link #gradient}, so over every row it is the full gradient to the last bit.
         */
        public void sampledGradient(double[] x, int[] sample, double[] gradientOut) {
            double[] r = ColumnMajor.sampledTimes(design, rows, dimension, sample, x);
            for (int k = 0; k < sample.length; k++) {
                r[k] = activation.apply(r[k]) - targets[sample[k]];
            }
            for (int j = 0; j < dimension; j++) {
                gradientOut[j] = ridgeTerm(ColumnMajor.sampledColumnDot(design, rows, sample, j, r) / sample.length, x[j]);
            }
        }

        /** Without a ridge nothing is added: 0 x would turn an infinite component into NaN. */
        private double ridgeTerm(double average, double xj) {
            return hasRidge() ? average + ridge * xj : average;
        }
    }

    /** See {@link #PER_VECTOR}. */
    final class PerVector implements GradientForm {
        private PerVector() {}

        @Override
        public <T> T match(Function<Affine, T> affine, Function<RowResidual, T> rowResidual, Supplier<T> perVector) {
            return perVector.get();
        }
    }
}
