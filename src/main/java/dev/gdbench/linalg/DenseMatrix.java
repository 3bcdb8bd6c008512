package dev.gdbench.linalg;

import java.util.Arrays;

/**
 * A column-major {@code rows x cols} matrix in fp64 or fp32 storage, as BLAS wants it. Column
 * {@code j} occupies {@code [j * rows, (j + 1) * rows)}; a batch of iterates is such a matrix
 * with one configuration per column.
 */
public abstract sealed class DenseMatrix permits DenseMatrix.Fp64, DenseMatrix.Fp32 {
    protected final int rows;
    protected final int cols;

    private DenseMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    public static DenseMatrix zeros(Precision precision, int rows, int cols) {
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " x " + cols + " exceeds one Java array");
        }
        return precision == Precision.FP64 ? new Fp64(rows, cols) : new Fp32(rows, cols);
    }

    /** A copy of a column-major fp64 array in the given precision. */
    public static DenseMatrix of(Precision precision, int rows, int cols, double[] columnMajor) {
        DenseMatrix m = zeros(precision, rows, cols);
        for (int j = 0; j < cols; j++) {
            m.column(j).setAll(Arrays.copyOfRange(columnMajor, j * rows, (j + 1) * rows));
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public abstract Precision precision();

    /** The fp64 storage itself, for the kernels of this package; null for fp32 storage. */
    double[] fp64Storage() {
        return this instanceof Fp64 fp64 ? fp64.values : null;
    }

    /** The fp32 storage itself, for the kernels of this package; null for fp64 storage. */
    float[] fp32Storage() {
        return this instanceof Fp32 fp32 ? fp32.values : null;
    }

    public abstract Vec column(int j);

    /** Copies column {@code from} over column {@code to}. */
    public abstract void copyColumn(int from, int to);

    /** Exchanges two columns. */
    public abstract void swapColumns(int first, int second);

    /**
     * Sets every column {@code j} in {@code [firstCol, endCol)} to {@code vector}: the first one
     * element by element, the others as copies of it (an fp32 element store costs a conversion).
     */
    public void fillColumns(int firstCol, int endCol, Vec vector) {
        if (firstCol >= endCol) {
            return;
        }
        Vec first = column(firstCol);
        for (int i = 0; i < rows; i++) {
            first.set(i, vector.get(i));
        }
        for (int j = firstCol + 1; j < endCol; j++) {
            copyColumn(firstCol, j);
        }
    }

    /**
     * {@code C[:, cols] = alpha op(A) B[:, cols] + beta C[:, cols]} for the columns
     * {@code [firstCol, endCol)} of B and C; {@code op(A)} is A or its transpose. All three
     * operands must share one precision.
     */
    public static void multiply(boolean transposeA, double alpha, DenseMatrix a, DenseMatrix b,
                                double beta, DenseMatrix c, int firstCol, int endCol) {
        int m = transposeA ? a.cols : a.rows;
        int k = transposeA ? a.rows : a.cols;
        if (b.rows != k || c.rows != m) {
            throw new IllegalArgumentException("shape mismatch: op(A) " + m + "x" + k
                    + ", B " + b.rows + "x" + b.cols + ", C " + c.rows + "x" + c.cols);
        }
        int n = endCol - firstCol;
        if (n <= 0) {
            return;
        }
        String ta = transposeA ? "T" : "N";
        if (a instanceof Fp64 a64 && b instanceof Fp64 b64 && c instanceof Fp64 c64) {
            Blas.get().dgemm(ta, "N", m, n, k, alpha, a64.values, 0, a.rows,
                    b64.values, firstCol * b.rows, b.rows, beta, c64.values, firstCol * c.rows, c.rows);
        } else if (a instanceof Fp32 a32 && b instanceof Fp32 b32 && c instanceof Fp32 c32) {
            Blas.get().sgemm(ta, "N", m, n, k, (float) alpha, a32.values, 0, a.rows,
                    b32.values, firstCol * b.rows, b.rows, (float) beta, c32.values, firstCol * c.rows, c.rows);
        } else {
            throw new IllegalArgumentException("mixed precisions in one product");
        }
    }

    static final class Fp64 extends DenseMatrix {
        private final double[] values;

        Fp64(int rows, int cols) {
            super(rows, cols);
            values = new double[rows * cols];
        }

        @Override
        public Precision precision() {
            return Precision.FP64;
        }

        @Override
        public Vec column(int j) {
            return new DoubleVec(values, j * rows, rows);
        }

        @Override
        public void copyColumn(int from, int to) {
            System.arraycopy(values, from * rows, values, to * rows, rows);
        }

        @Override
        public void swapColumns(int first, int second) {
            for (int i = 0; i < rows; i++) {
                var held = values[first * rows + i];
                values[first * rows + i] = values[second * rows + i];
                values[second * rows + i] = held;
            }
        }
    }

    static final class Fp32 extends DenseMatrix {
        private final float[] values;

        Fp32(int rows, int cols) {
            super(rows, cols);
            values = new float[rows * cols];
        }

        @Override
        public Precision precision() {
            return Precision.FP32;
        }

        @Override
        public Vec column(int j) {
            return new FloatVec(values, j * rows, rows);
        }

        @Override
        public void copyColumn(int from, int to) {
            System.arraycopy(values, from * rows, values, to * rows, rows);
        }

        @Override
        public void swapColumns(int first, int second) {
            for (int i = 0; i < rows; i++) {
                var held = values[first * rows + i];
                values[first * rows + i] = values[second * rows + i];
                values[second * rows + i] = held;
            }
        }
    }
}
