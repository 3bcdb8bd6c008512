package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void compactNumbersDropPaddingZerosOfTheFractionOnly() {
        assertEquals("1000", SummaryTable.compact(1000));
        assertEquals("100", SummaryTable.compact(100));
        assertEquals("0.5", SummaryTable.compact(0.5));
        assertEquals("1.702", SummaryTable.compact(1.70234));
        assertEquals("1e-06", SummaryTable.compact(1e-6));
        assertEquals("2.5e+04", SummaryTable.compact(25000));
        assertEquals("-", SummaryTable.compact(Double.NaN));
    }
}
