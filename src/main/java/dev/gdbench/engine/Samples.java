package dev.gdbench.engine;

import java.util.Arrays;

/** A growable series of (iteration, value) for one configuration: the input of the rate fit. */
final class Samples {
    private int[] iterations = new int[64];
    private double[] values = new double[64];
    private int count;

    void add(int iteration, double value) {
        if (count == iterations.length) {
            iterations = Arrays.copyOf(iterations, 2 * count);
            values = Arrays.copyOf(values, 2 * count);
        }
        iterations[count] = iteration;
        values[count] = value;
        count++;
    }

    int[] iterations() {
        return iterations;
    }

    double[] values() {
        return values;
    }

    int count() {
        return count;
    }
}
