package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gdbench.linalg.FloatLanes;
import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fp32 update loops that go FloatLanes.LANES elements at a time give the same bits as the scalar
 * loop: a column of any length (a vector part and a tail) against each element stepped alone, as
 * a column of length 1, which only the scalar loop reaches. Elements outside the column's slice
 * stay untouched.
 */
class Fp32LanesTest {
    private static final int LANES = FloatLanes.LANES.length();
    private static final int[] LENGTHS = {LANES - 1, LANES, 3 * LANES + 5};
    private static final int OFFSET = 2;
    private static final int STEPS = 5;

    /** x, g and the state vectors of one column, each at OFFSET in its own array with sentinels around. */
    private record Column(float[][] arrays, int length) {
        static Column random(int vectors, int length, Random random) {
            float[][] arrays = new float[vectors][OFFSET + length + LANES];
            for (float[] array : arrays) {
                Arrays.fill(array, Float.MAX_VALUE);
                for (int i = 0; i < length; i++) {
                    array[OFFSET + i] = (float) random.nextGaussian();
                }
            }
            return new Column(arrays, length);
        }

        Column copy() {
            float[][] copies = new float[arrays.length][];
            for (int v = 0; v < arrays.length; v++) {
                copies[v] = arrays[v].clone();
            }
            return new Column(copies, length);
        }

        /** Vectors over elements [first, first + count): x, g, then the state. */
        Vec[] vectors(int first, int count) {
            Vec[] vectors = new Vec[arrays.length];
            for (int v = 0; v < arrays.length; v++) {
                vectors[v] = new FloatVec(arrays[v], OFFSET + first, count);
            }
            return vectors;
        }
    }

    private static void step(UpdateRule rule, int t, Vec[] vectors) {
        rule.update(t, rule.learningRate(), vectors[0], vectors[1], Arrays.copyOfRange(vectors, 2, vectors.length));
    }

    private static void assertLanesMatchScalarSteps(Supplier<UpdateRule> rules, Column start) {
        UpdateRule rule = rules.get();
        Column whole = start.copy();
        Column elementwise = start.copy();
        for (int t = 1; t <= STEPS; t++) {
            step(rule, t, whole.vectors(0, whole.length()));
            for (int i = 0; i < elementwise.length(); i++) {
                step(rule, t, elementwise.vectors(i, 1));
            }
        }
        for (int v = 0; v < whole.arrays().length; v++) {
            assertArrayEquals(elementwise.arrays()[v], whole.arrays()[v],
                    rule.name() + ", length " + start.length() + ", vector " + v);
        }
    }

    @Test
    void gradientDescentLanesGiveTheScalarBits() {
        Random random = new Random(1);
        for (int length : LENGTHS) {
            assertLanesMatchScalarSteps(() -> new GradientDescent(0.3), Column.random(2, length, random));
        }
    }

    @Test
    void heavyBallLanesGiveTheScalarBits() {
        Random random = new Random(4);
        for (int length : LENGTHS) {
            assertLanesMatchScalarSteps(() -> new HeavyBall(0.1, 0.9), Column.random(3, length, random));
        }
    }

    @Test
    void nesterovLanesGiveTheScalarBits() {
        Random random = new Random(5);
        for (int length : LENGTHS) {
            assertLanesMatchScalarSteps(() -> new Nesterov(0.1, 0.9), Column.random(3, length, random));
        }
    }

    /** A column whose third vector (the running squares) is non-negative, as the rules keep it. */
    private static Column withSquares(int length, Random random) {
        Column column = Column.random(3, length, random);
        float[] squares = column.arrays()[2];
        for (int i = 0; i < length; i++) {
            squares[OFFSET + i] = Math.abs(squares[OFFSET + i]);
        }
        return column;
    }

    @Test
    void rmsPropLanesGiveTheScalarBits() {
        Random random = new Random(6);
        for (int length : LENGTHS) {
            assertLanesMatchScalarSteps(() -> new RmsProp(0.01, 0.99, 1e-8), withSquares(length, random));
        }
    }

    @Test
    void adaGradLanesGiveTheScalarBits() {
        Random random = new Random(7);
        for (int length : LENGTHS) {
            assertLanesMatchScalarSteps(() -> new AdaGrad(0.1, 0.01, 1e-10), withSquares(length, random));
        }
    }

    @Test
    void adamLanesGiveTheScalarBits() {
        Random random = new Random(2);
        for (int length : LENGTHS) {
            Column start = Column.random(4, length, random);
            Arrays.fill(start.arrays()[3], OFFSET, OFFSET + length, 0);   // v = 0 before the first step
            assertLanesMatchScalarSteps(() -> new Adam(0.01, 0.9, 0.999, 1e-8), start);
        }
    }

    /** vmax above v in some elements and below in others, and one NaN, which max must keep. */
    @Test
    void amsGradLanesGiveTheScalarBitsWithTheMaximumAndANaN() {
        Random random = new Random(3);
        for (int length : LENGTHS) {
            Column start = Column.random(5, length, random);
            float[] second = start.arrays()[3];
            float[] maxSecond = start.arrays()[4];
            for (int i = 0; i < length; i++) {
                second[OFFSET + i] = Math.abs(second[OFFSET + i]);
                maxSecond[OFFSET + i] = i % 2 == 0 ? 0 : 4 * second[OFFSET + i];
            }
            maxSecond[OFFSET + length / 2] = Float.NaN;
            assertLanesMatchScalarSteps(() -> new AmsGrad(0.01, 0.9, 0.999, 1e-8), start);
        }
    }
}
