package dev.gdbench.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A {@link FloatVec}'s elements a vector at a time in double lanes (why: {@link FloatVec}). A
 * loop goes {@link #LANES} elements at a time up to {@link #vectorBound} and does the rest one
 * element at a time. Only touched when {@link FloatVec#LANES_ENABLED}.
 */
public final class FloatLanes {
    /** The double lanes one {@link #load} fills: the widest vector this CPU prefers. */
    public static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as {@link #LANES} has doubles: half its width. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(LANES.vectorBitSize() / 2));

    private FloatLanes() {
    }

    /** The end of the elements {@link #load} and {@link #store} cover: the largest multiple of the lanes up to the length. */
    public static int vectorBound(FloatVec vec) {
        return LANES.loopBound(vec.length());
    }

    /** Elements {@code [i, i + LANES.length())} in double lanes; {@code i + LANES.length()} must not pass the length. */
    public static DoubleVector load(FloatVec vec, int i) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, vec.storage(), vec.offset() + i)
                .convertShape(VectorOperators.F2D, LANES, 0);
    }

    /** Rounds the lanes to fp32 into elements {@code [i, i + LANES.length())}, as {@link FloatVec#set} rounds one. */
    public static void store(FloatVec vec, int i, DoubleVector lanes) {
        ((FloatVector) lanes.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(vec.storage(), vec.offset() + i);
    }

    static double[] toArray(FloatVec vec) {
        double[] out = new double[vec.length()];
        int i = 0;
        for (int end = vectorBound(vec); i < end; i += LANES.length()) {
            load(vec, i).intoArray(out, i);
        }
        for (; i < out.length; i++) {
            out[i] = vec.get(i);
        }
        return out;
    }

    static void setAll(FloatVec vec, double[] source) {
        int i = 0;
        for (int end = vectorBound(vec); i < end; i += LANES.length()) {
            store(vec, i, DoubleVector.fromArray(LANES, source, i));
        }
        for (; i < vec.length(); i++) {
            vec.set(i, source[i]);
        }
    }
}
