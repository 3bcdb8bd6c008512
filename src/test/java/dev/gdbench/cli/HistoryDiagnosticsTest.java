package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.result.ResultColumns;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history.csv diagnostics against gd on f = w^2 (eigenvalue 2) from w = 4, where every step is known. */
class HistoryDiagnosticsTest {
    @TempDir
    Path out;

    private List<CSVRecord> history(String... schedule) throws Exception {
        String[] base = {"sweep", "--eigenvalues", "2", "--x0", "4", "--lr", "0.1", "--optimizers", "gd",
                "--max-iters", "40", "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + schedule.length);
        System.arraycopy(schedule, 0, args, base.length, schedule.length);
        var outcome = CliRunner.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("history.csv"));
        assertEquals(ResultColumns.HISTORY, List.copyOf(rows.get(0).getParser().getHeaderNames()));
        return rows;
    }

    /**
     * w_k = 4 (1 - 0.2)^k, so the step into w_k has |dx| = 0.2 * 4 * 0.8^(k-1) = 0.8^k and
     * |dx|/|w_{k-1}| = 0.2; the sharpness is L = 2 and the edge 2/lr = 20.
     */
    @Test
    void updateNormsAndTheSharpnessAgainstTheEdgeFollowTheHandComputation() throws Exception {
        List<CSVRecord> rows = history();
        assertTrue(rows.size() > 10, "log-spaced samples plus checks");
        for (CSVRecord row : rows) {
            int k = Integer.parseInt(row.get("iteration"));
            assertEquals("2.0", row.get("sharpness"));
            assertEquals(20.0, Double.parseDouble(row.get("two_over_lr")), 1e-13);
            if (k == 0) {
                assertEquals("", row.get("update_norm"), "no step yet");
                continue;
            }
            assertEquals(Math.pow(0.8, k), Double.parseDouble(row.get("update_norm")), 1e-13 * Math.pow(0.8, k));
            assertEquals(0.2, Double.parseDouble(row.get("relative_update")), 1e-13);
        }
    }

    /** Halving lr every 5 steps: the edge for the next step k + 1 is 2 / (0.1 * 0.5^floor(k / 5)). */
    @Test
    void theEdgeFollowsTheScheduledStepSize() throws Exception {
        for (CSVRecord row : history("--schedule", "step:5,0.5")) {
            int k = Integer.parseInt(row.get("iteration"));
            assertEquals(20.0 * Math.pow(2, k / 5), Double.parseDouble(row.get("two_over_lr")), 1e-9, "iteration " + k);
        }
    }
}
