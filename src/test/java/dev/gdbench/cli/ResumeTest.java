package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted sweep continued with --resume ends with the rows an uninterrupted one writes. */
class ResumeTest {
    private static final List<String> SWEEP = List.of("sweep", "--dims", "8", "--kappas", "10,100,1000",
            "--optimizers", "gd,heavyball", "--lr-scale", "0.5,1", "--no-report", "--quiet");

    @TempDir
    Path temp;

    private static CliRunner.Outcome sweep(Path out, String... extra) {
        List<String> args = new ArrayList<>(SWEEP);
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    /** What a configuration's run decided, by id (timings differ between runs and are left out). */
    private static Map<Integer, String> outcomes(Path directory) throws Exception {
        Map<Integer, String> outcomes = new TreeMap<>();
        for (CSVRecord r : CliRunner.readCsv(directory.resolve("results.csv"))) {
            String before = outcomes.put(Integer.parseInt(r.get("config_id")), String.join(" ", r.get("optimizer"),
                    r.get("kappa"), r.get("lr"), r.get("status"), r.get("iterations"), r.get("final_suboptimality")));
            assertEquals(null, before, "config " + r.get("config_id") + " written twice");
        }
        return outcomes;
    }

    @Test
    void resumingAfterAnInterruptionMidBatchGivesTheUninterruptedRows() throws Exception {
        Path whole = temp.resolve("whole");
        assertEquals(0, sweep(whole).exitCode());

        // Interrupted while writing the second batch: the first batch whole, half a row of the second.
        Path cut = temp.resolve("cut");
        assertEquals(0, sweep(cut).exitCode());
        List<String> lines = Files.readAllLines(cut.resolve("results.csv"));
        int firstBatchRows = 2 + 2; // gd x 2 lr + heavyball x 2 lr x optimal momentum
        String partial = lines.get(1 + firstBatchRows).substring(0, 20);
        Files.write(cut.resolve("results.csv"), List.of(String.join("\n", lines.subList(0, 1 + firstBatchRows)) + "\n" + partial));

        var outcome = CliRunner.run(concat(SWEEP, "--out", cut.toString(), "--resume"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(outcomes(whole), outcomes(cut));
        long historyRowsWhole = Files.lines(whole.resolve("history.csv")).count();
        assertEquals(historyRowsWhole, Files.lines(cut.resolve("history.csv")).count(),
                "history of the cut batch was dropped and written once again");
    }

    @Test
    void resumingAFinishedSweepRunsNothing() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(run).exitCode());
        Map<Integer, String> before = outcomes(run);
        var outcome = CliRunner.run(concat(SWEEP.subList(0, SWEEP.size() - 1), "--out", run.toString(), "--resume"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("resuming: 0 batches to run"), outcome.err());
        assertEquals(before, outcomes(run));
    }

    @Test
    void resumingAnotherSweepsResultsIsBadInput() {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(run).exitCode());
        var outcome = CliRunner.run("sweep", "--dims", "8", "--kappas", "10,100,1000", "--optimizers", "heavyball,gd",
                "--lr-scale", "0.5,1", "--out", run.toString(), "--resume");
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().strip().lines().count() == 1 && outcome.err().contains("--resume"), outcome.err());

        var nothing = CliRunner.run("sweep", "--out", temp.resolve("empty").toString(), "--resume");
        assertEquals(2, nothing.exitCode(), nothing.err());
        assertTrue(nothing.err().contains("--resume"), nothing.err());
    }

    private static String[] concat(List<String> base, String... extra) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }
}
