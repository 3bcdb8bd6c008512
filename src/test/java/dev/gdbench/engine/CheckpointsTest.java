package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckpointsTest {
    /** The schedule is next() walked from 0: checks every 10, log-spaced history points, and the last iteration. */
    @Test
    void scheduleListsEveryStopFromZeroToMaxIterations() {
        Checkpoints checkpoints = new Checkpoints(10, 35);
        int[] schedule = checkpoints.schedule();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30, 32, 35}, schedule);
        for (int k = 0; k + 1 < schedule.length; k++) {
            assertEquals(schedule[k + 1], checkpoints.next(schedule[k]));
        }
    }

    @Test
    void aRunOfNoIterationsStopsOnlyAtZero() {
        assertArrayEquals(new int[] {0}, new Checkpoints(10, 0).schedule());
    }
}
