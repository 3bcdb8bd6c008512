package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gdbench.result.ResultColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --threads changes how the CPU backend splits a batch's columns, never what they compute. */
class ThreadsFlagTest {
    /** Wall-clock measurements: the only columns allowed to differ between two runs. */
    private static final Set<String> TIMING = ResultColumns.TIMING;

    @TempDir
    Path temp;

    private Path sweep(int threads) {
        Path out = temp.resolve("threads-" + threads);
        CliRunner.Outcome outcome = CliRunner.run("sweep", "--backend", "cpu", "--threads", Integer.toString(threads),
                "--dims", "24", "--kappas", "10,1000", "--lr-scale", "0.3,1,1.9", "--max-iters", "400",
                "--no-report", "--quiet", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        return out;
    }

    private static List<Map<String, String>> withoutTiming(Path directory) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (CSVRecord record : CliRunner.readCsv(directory.resolve("results.csv"))) {
            Map<String, String> row = new LinkedHashMap<>(record.toMap());
            row.keySet().removeAll(TIMING);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void oneThreadAndTwoGiveBitIdenticalResults() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores to run two threads");
        Path one = sweep(1);
        Path two = sweep(2);
        List<Map<String, String>> rows = withoutTiming(one);
        assertEquals(4 * 3 * 2, rows.size()); // 4 optimizers x 3 lr x 2 kappas
        assertEquals(rows, withoutTiming(two));
        assertEquals(Files.readString(one.resolve("history.csv")), Files.readString(two.resolve("history.csv")));
        assertEquals(1, new ObjectMapper().readTree(one.resolve("meta.json").toFile()).get("cpu_threads").asInt());
        assertEquals(2, new ObjectMapper().readTree(two.resolve("meta.json").toFile()).get("cpu_threads").asInt());
    }

    @Test
    void threadCountsOutsideOneToTheCoresGetOneLineAndExitCode2() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String threads : List.of("0", "-3", Integer.toString(cores + 1))) {
            CliRunner.Outcome outcome = CliRunner.run("sweep", "--threads", threads, "--out",
                    temp.resolve("bad").toString());
            assertEquals(2, outcome.exitCode(), threads);
            assertEquals("sweep: --threads: " + threads + " is not allowed: must be in [1, " + cores + "], the cores here",
                    outcome.err().strip());
            assertTrue(Files.notExists(temp.resolve("bad").resolve("results.csv")));
        }
    }
}
