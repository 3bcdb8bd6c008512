package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueListsTest {
    @Test
    void linearRangeIncludesItsEndInDecimalArithmetic() {
        List<Double> values = ValueLists.parse("--lr-scale", "0.1:1.9:0.1");
        assertEquals(19, values.size());
        assertEquals(0.3, values.get(2), 0);
        assertEquals(1.9, values.get(18), 0);
    }

    @Test
    void logRangeHasNValuesFromATo_bWithEqualRatios() {
        List<Double> values = ValueLists.parse("--lr", "1e-3:1e1:log5");
        assertEquals(List.of(1e-3, 1e-2, 1e-1, 1e0, 1e1).size(), values.size());
        double[] expected = {1e-3, 1e-2, 1e-1, 1, 10};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], values.get(i), 1e-15 * expected[i] * 10);
        }
    }

    @Test
    void listsMixNumbersAndRanges() {
        assertEquals(List.of(0.5, 1.0, 2.0, 3.0, 7.0), ValueLists.parse("--dims", "0.5, 1:3:1 ,7"));
    }

    @Test
    void aGridAxisKeepsEachValueOnceInTheOrderFirstGiven() {
        assertEquals(List.of(2.0, 1.0, 3.0), ValueLists.parse("--kappas", "2,1,2,1:3:1"));
    }

    @Test
    void aVectorKeepsEveryEntry() {
        assertEquals(List.of(1.0, 1.0, 10.0), ValueLists.vector("--eigenvalues", "1,1,10"));
    }
}
