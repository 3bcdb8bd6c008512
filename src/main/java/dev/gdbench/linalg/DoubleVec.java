package dev.gdbench.linalg;

/** A slice {@code [offset, offset + length)} of a double array. */
public final class DoubleVec implements Vec {
    private final double[] values;
    private final int offset;
    private final int length;

    public DoubleVec(double[] values, int offset, int length) {
        this.values = values;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public double get(int i) {
        return values[offset + i];
    }

    @Override
    public void set(int i, double value) {
        values[offset + i] = value;
    }
}
