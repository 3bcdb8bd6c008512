package dev.gdbench.engine;

import java.util.Arrays;

/**
 * A series of (iteration, value) for one configuration: the input of the rate fit. Memory stays
 * bounded on long runs: when {@link #CAPACITY} samples are held, every other one is dropped and
 * from then on only every second offered sample is kept, so the series always spans the whole run
 * evenly (the fit needs its late half, never every sample).
 */
public final class Samples {
    /** Enough for a smooth late-half fit (at least CAPACITY/4 points in it), small enough for thousands of columns. */
    public static final int CAPACITY = 4096;

    private final int[] iterations = new int[CAPACITY];
    private final double[] values = new double[CAPACITY];
    private int count;
    private int stride = 1;
    private long offered;

    public void add(int iteration, double value) {
        // stride is a power of two, so a mask takes the remainder: a long division here cost the map
        // engine, which offers a sample per lane per check, about a quarter of its time
        if ((offered++ & (stride - 1)) != 0) {
            return;
        }
        if (count == CAPACITY) {
            for (int i = 0; i < CAPACITY / 2; i++) {
                iterations[i] = iterations[2 * i];
                values[i] = values[2 * i];
            }
            count = CAPACITY / 2;
            stride *= 2;
            if (((offered - 1) & (stride - 1)) != 0) {
                return;
            }
        }
        iterations[count] = iteration;
        values[count] = value;
        count++;
    }

    /** Empties the series, so one instance serves configuration after configuration. */
    public void clear() {
        count = 0;
        stride = 1;
        offered = 0;
    }

    public int[] iterations() {
        return Arrays.copyOf(iterations, count);
    }

    public double[] values() {
        return Arrays.copyOf(values, count);
    }

    public int count() {
        return count;
    }
}
