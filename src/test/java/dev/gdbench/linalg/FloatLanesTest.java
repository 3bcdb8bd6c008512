package dev.gdbench.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/** FloatLanes on a FloatVec, and FloatVec's whole-column reads and writes through it: the same values as get and set, inside its slice only, for any length. */
class FloatLanesTest {
    private static final int LANES = FloatLanes.LANES.length();
    private static final int OFFSET = 3;
    private static final float OUTSIDE = -7.5f;

    /** A slice of the given length at OFFSET in an array whose other elements hold OUTSIDE. */
    private static float[] storage(int length, Random random) {
        float[] values = new float[OFFSET + length + LANES];
        java.util.Arrays.fill(values, OUTSIDE);
        for (int i = 0; i < length; i++) {
            values[OFFSET + i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void vectorBoundIsTheLastMultipleOfTheLanesWithinTheLength() {
        float[] values = new float[4 * LANES];
        assertEquals(0, FloatLanes.vectorBound(new FloatVec(values, 0, LANES - 1)));
        assertEquals(LANES, FloatLanes.vectorBound(new FloatVec(values, 0, LANES)));
        assertEquals(2 * LANES, FloatLanes.vectorBound(new FloatVec(values, 1, 3 * LANES - 1)));
    }

    @Test
    void loadReadsWhatGetReadsFromTheSliceOnly() {
        float[] values = storage(2 * LANES, new Random(1));
        FloatVec vec = new FloatVec(values, OFFSET, 2 * LANES);
        double[] lanes = FloatLanes.load(vec, LANES).toArray();
        for (int l = 0; l < LANES; l++) {
            assertEquals(vec.get(LANES + l), lanes[l]);
        }
    }

    @Test
    void storeRoundsEachLaneAsSetDoesAndWritesNothingElse() {
        float[] values = storage(LANES, new Random(2));
        float[] expected = values.clone();
        double[] lanes = new double[LANES];
        for (int l = 0; l < LANES; l++) {
            lanes[l] = 1.0 / 3 + l * 1e-9;   // not representable in fp32: the rounding shows
            expected[OFFSET + l] = (float) lanes[l];
        }
        FloatLanes.store(new FloatVec(values, OFFSET, LANES), 0, DoubleVector.fromArray(FloatLanes.LANES, lanes, 0));
        assertArrayEquals(expected, values);
    }

    /** Lengths below, at and past a multiple of the lanes: the tail after the vector bound is read too. */
    @Test
    void toArrayReadsEveryElementWhateverTheLength() {
        Random random = new Random(3);
        for (int length : new int[] {1, LANES - 1, LANES, 3 * LANES + 5}) {
            float[] values = storage(length, random);
            double[] expected = new double[length];
            for (int i = 0; i < length; i++) {
                expected[i] = values[OFFSET + i];
            }
            assertArrayEquals(expected, new FloatVec(values, OFFSET, length).toArray(), "length " + length);
        }
    }

    /** Every element rounded as set rounds it, the tail after the vector bound too; the slice's neighbours untouched. */
    @Test
    void setAllRoundsEveryElementWhateverTheLength() {
        Random random = new Random(4);
        for (int length : new int[] {1, LANES - 1, LANES, 3 * LANES + 5}) {
            float[] values = storage(length, random);
            float[] expected = values.clone();
            double[] source = new double[length];
            for (int i = 0; i < length; i++) {
                source[i] = random.nextGaussian() / 3;
                expected[OFFSET + i] = (float) source[i];
            }
            new FloatVec(values, OFFSET, length).setAll(source);
            assertArrayEquals(expected, values, "length " + length);
        }
    }
}
