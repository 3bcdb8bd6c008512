package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** The layout the README documents: the terminal prints the same cells as report.html, padded. */
    @Test
    void terminalLayoutIsTheDocumentedOne(@TempDir Path temp) throws Exception {
        RunData run = RunData.read(Fixtures.copySmallRun(temp.resolve("run")));
        String[] lines = SummaryTable.of(run.results(), run.tolerances(), run.headlineTolerance()).render().split("\n");
        assertEquals("optimizer       n    kappa    best lr      lr*L momentum iters@1e-06  status     rate meas  "
                + "rate pred  conv/div/max", lines[0]);
        assertEquals("-".repeat(lines[0].length()), lines[1]);
        assertEquals(2 + 4 * 3, lines.length);
    }
}
