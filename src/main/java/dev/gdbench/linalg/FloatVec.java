package dev.gdbench.linalg;

/** A slice {@code [offset, offset + length)} of a float array; stores round to fp32. */
public final class FloatVec implements Vec {
    private final float[] values;
    private final int offset;
    private final int length;

    public FloatVec(float[] values, int offset, int length) {
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
        values[offset + i] = (float) value;
    }
}
