package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gdbench.ChildClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/peers/run's NumPy part, end to end on a tiny instance: peers must reproduce gdbench's
 * iterates before they are timed, and a deliberately wrong result must fail the run. Skipped
 * where python3 with NumPy is missing.
 */
class PeersDriverTest {
    private static final String DRIVER = "bench/peers/run";
    private static final long TIMEOUT_SECONDS = 120;

    record Outcome(int exitCode, String output) {
    }

    @BeforeAll
    static void needsNumpy() throws Exception {
        assumeTrue(run(List.of("python3", "-c", "import numpy")).exitCode() == 0, "python3 with NumPy is not installed");
    }

    /** gdbench as this test run has it: the compiled classes, not the packaged jar (not built yet in mvn verify). */
    private static String gdbenchCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " --add-modules=jdk.incubator.vector -cp "
                + ChildClassPath.of(Main.class) + " " + Main.class.getName();
    }

    private static Outcome run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "driver timed out");
        return new Outcome(process.exitValue(), output);
    }

    private static Outcome driver(Path out, String... extra) throws Exception {
        return driverOn("gd:24:3", out, extra);
    }

    private static Outcome driverOn(String work, Path out, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", DRIVER, "--work", work, "--iterations", "5",
                "--gdbench", gdbenchCommand(), "--out", out.toString()));
        command.addAll(List.of(extra));
        return run(command);
    }

    @Test
    void numpyPeersMatchGdbenchAndAreTimedSideBySide(@TempDir Path out) throws Exception {
        Outcome outcome = driver(out);
        assertEquals(0, outcome.exitCode(), outcome.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("peers.csv"));
        assertEquals(List.of("numpy loops", "numpy batched"), rows.stream().map(r -> r.get("peer")).toList());
        for (CSVRecord row : rows) {
            assertEquals("gd iteration n=24 B=3", row.get("work"));
            for (String column : List.of("time_per_iter_s", "gdbench_time_per_iter_s", "ratio")) {
                assertTrue(Double.parseDouble(row.get(column)) > 0, column + " in " + row);
            }
            assertTrue(Double.parseDouble(row.get("max_rel_difference")) <= 1e-9, row.toString());
        }
    }

    @Test
    void aWrongPeerResultFailsTheCheck(@TempDir Path out) throws Exception {
        Outcome outcome = driver(out, "--inject-error", "numpy batched");
        assertEquals(1, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("numpy batched on gd iteration n=24 B=3: MISMATCH"), outcome.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("peers.csv"));
        assertEquals(List.of("numpy loops"), rows.stream().map(r -> r.get("peer")).toList());
    }

    /**
     * fp32 peers iterate in float32 and are held to fp32 rounding's bound, 2 x 4 (kappa + K) sqrt(n)
     * 2^-24 relative (2.5e-4 here), not fp64's 1e-9: the error injected above, which fails the fp64
     * check, passes.
     */
    @Test
    void fp32PeersAreCheckedAgainstTheFp32RoundingBound(@TempDir Path out) throws Exception {
        Outcome outcome = driverOn("gd:24:3:fp32", out, "--inject-error", "numpy batched");
        assertEquals(0, outcome.exitCode(), outcome.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("peers.csv"));
        assertEquals(List.of("numpy loops", "numpy batched"), rows.stream().map(r -> r.get("peer")).toList());
        double bound = 2 * 4 * (100 + 5) * Math.sqrt(24) * Math.pow(2, -24);
        for (CSVRecord row : rows) {
            assertEquals("gd iteration n=24 B=3 fp32", row.get("work"));
            assertTrue(Double.parseDouble(row.get("max_rel_difference")) <= bound, row.toString());
        }
        assertTrue(Double.parseDouble(rows.get(1).get("max_rel_difference")) >= 0.9e-6, rows.get(1).toString());
    }
}
