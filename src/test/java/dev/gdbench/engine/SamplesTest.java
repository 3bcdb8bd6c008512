package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void shortSeriesKeepsEverySample() {
        Samples samples = new Samples();
        for (int k = 0; k < 100; k++) {
            samples.add(10 * k, k);
        }
        assertEquals(100, samples.count());
        assertEquals(990, samples.iterations()[99]);
    }

    /** A run 10x longer than the capacity keeps evenly spaced samples from start to end, in order. */
    @Test
    void longSeriesIsThinnedEvenlyAndStaysBounded() {
        Samples samples = new Samples();
        int offered = 10 * Samples.CAPACITY + 3;
        for (int k = 0; k < offered; k++) {
            samples.add(k, -k);
        }
        int count = samples.count();
        assertTrue(count <= Samples.CAPACITY && count >= Samples.CAPACITY / 2, "count " + count);
        int[] iterations = samples.iterations();
        assertEquals(0, iterations[0]);
        int spacing = iterations[1] - iterations[0];
        for (int i = 1; i < count; i++) {
            assertEquals(spacing, iterations[i] - iterations[i - 1], "even spacing at " + i);
            assertEquals(-iterations[i], samples.values()[i], 0);
        }
        assertTrue(iterations[count - 1] > offered - 1 - spacing, "reaches the end of the run");
    }
}
