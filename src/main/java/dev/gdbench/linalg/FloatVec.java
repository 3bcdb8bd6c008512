package dev.gdbench.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A slice {@code [offset, offset + length)} of a float array; stores round to fp32.
 *
 * <p>A scalar loop that reads floats into double arithmetic is slow: x -= lr g on 65536 elements
 * took 5.8 ns per element through {@link #get}/{@link #set} against 0.7 ns on doubles, and 0.26 ns
 * converting eight elements at a time with the Vector API. The hot element loops of fp32 runs
 * (the update rules) therefore go {@link #LANES} elements at a time through {@link #load} and
 * {@link #store}, which convert a whole vector at once and keep the arithmetic in double lanes:
 * the same operations in the same order as the scalar code, so the same bits.
 */
public final class FloatVec implements Vec {
    /** The double lanes one {@link #load} fills: the widest vector this CPU prefers. */
    public static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as {@link #LANES} has doubles: half its width. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(LANES.vectorBitSize() / 2));

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

    /** The end of the elements {@link #load} and {@link #store} cover: the largest multiple of the lanes up to the length. */
    public int vectorBound() {
        return LANES.loopBound(length);
    }

    /** Elements {@code [i, i + LANES.length())} in double lanes; {@code i + LANES.length()} must not pass the length. */
    public DoubleVector load(int i) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, values, offset + i).convertShape(VectorOperators.F2D, LANES, 0);
    }

    /** Rounds the lanes to fp32 into elements {@code [i, i + LANES.length())}, as {@link #set} rounds one. */
    public void store(int i, DoubleVector lanes) {
        ((FloatVector) lanes.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(values, offset + i);
    }

    @Override
    public double[] toArray() {
        double[] out = new double[length];
        int i = 0;
        for (int end = vectorBound(); i < end; i += LANES.length()) {
            load(i).intoArray(out, i);
        }
        for (; i < length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    @Override
    public void setAll(double[] source) {
        int i = 0;
        for (int end = vectorBound(); i < end; i += LANES.length()) {
            store(i, DoubleVector.fromArray(LANES, source, i));
        }
        for (; i < length; i++) {
            set(i, source[i]);
        }
    }
}
