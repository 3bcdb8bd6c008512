package dev.gdbench.linalg;

/**
 * A slice {@code [offset, offset + length)} of a float array; stores round to fp32.
 *
 * <p>A scalar loop that reads floats into double arithmetic and stores floats is slow: x -= lr g
 * on 65536 elements took 5.8 ns per element through {@link #get}/{@link #set} against 0.7 ns on
 * doubles, and 0.26 ns converting eight elements at a time with the Vector API. So where the JVM
 * has jdk.incubator.vector ({@link #LANES_ENABLED}), the hot element loops of fp32 runs go a
 * vector at a time through {@link FloatLanes}, with the arithmetic still in double: the same
 * operations in the same order as the scalar code, so the same bits.
 */
public final class FloatVec implements Vec {
    /**
     * Whether {@link FloatLanes} may be used. It refers to jdk.incubator.vector, which the JVM
     * lacks unless started with --add-modules=jdk.incubator.vector (./gdbench does), so code
     * reaches it only behind this flag, from methods whose own signatures do not name the module.
     */
    public static final boolean LANES_ENABLED = ProductCandidate.VECTOR_API;

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

    float[] storage() {
        return values;
    }

    int offset() {
        return offset;
    }

    @Override
    public double[] toArray() {
        return LANES_ENABLED ? FloatLanes.toArray(this) : Vec.super.toArray();
    }

    @Override
    public void setAll(double[] source) {
        if (LANES_ENABLED) {
            FloatLanes.setAll(this, source);
        } else {
            Vec.super.setAll(source);
        }
    }
}
