package dev.gdbench.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.cost.WorkCount;
import org.junit.jupiter.api.Test;

/** A batch's time per iteration comes with the spread over its runs between checks. */
class BatchThroughputTest {
    @Test
    void spreadIsTheMedianAndRangeOfTheChunks() {
        BatchThroughput throughput = BatchThroughput.of(new WorkCount(80, 40), 10, 30, 2e-3,
                new double[] {4e-4, 1e-4, 3e-4, 2e-4});
        assertEquals(2e-4, throughput.secondsPerIteration(), 1e-18);
        assertEquals(new BatchThroughput.Spread(2.5e-4, 1e-4, 4e-4), throughput.spread());
        assertEquals(new BatchThroughput.Spread(3e-4, 1e-4, 4e-4), BatchThroughput.Spread.of(new double[] {4e-4, 3e-4, 1e-4}));
    }

    @Test
    void aBatchThatDidNotIterateHasNoSpread() {
        BatchThroughput.Spread spread = BatchThroughput.of(WorkCount.NONE, 0, 0, 0, new double[0]).spread();
        assertEquals(Double.NaN, spread.median());
        assertEquals(Double.NaN, spread.max());
    }
}
