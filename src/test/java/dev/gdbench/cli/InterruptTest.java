package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed while it runs (SIGTERM, as Ctrl-C's SIGINT: both run the JVM's shutdown hooks)
 * says how many batches it kept and the command that continues it, and that command ends with
 * the rows of an uninterrupted run.
 */
class InterruptTest {
    private static final int SEEDS = 16;
    private static final int CONFIGURATIONS_PER_BATCH = 3;
    private static final List<String> SWEEP = List.of("sweep", "--dims", "48", "--kappas", "1000",
            "--seeds", "1:" + SEEDS + ":1", "--optimizers", "gd", "--lr-scale", "0.5,1,1.5", "--max-iters", "20000",
            "--no-report");

    @TempDir
    Path temp;

    @Test
    void aKilledSweepNamesWhatItKeptAndHowToResume() throws Exception {
        Path run = temp.resolve("run");
        List<String> command = ChildProcess.gdbench(SWEEP.toArray(String[]::new));
        command.addAll(List.of("--out", run.toString()));
        Path log = temp.resolve("stderr.txt");
        Process sweep = new ProcessBuilder(command).redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path results = run.resolve("results.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(results) && Files.readAllLines(results).size() > 1 + 2 * CONFIGURATIONS_PER_BATCH)) {
            assertTrue(sweep.isAlive(), "the sweep ended before it could be interrupted: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no batch finished in 120 s");
            Thread.sleep(20);
        }
        sweep.destroy();
        assertTrue(sweep.waitFor(60, TimeUnit.SECONDS), "the sweep did not stop");

        String err = Files.readString(log, StandardCharsets.UTF_8);
        Matcher notice = Pattern.compile("interrupted: (\\d+) of " + SEEDS + " batches are kept in (\\S+); continue with: "
                + "gdbench (.*)").matcher(err);
        assertTrue(notice.find(), err);
        int kept = Integer.parseInt(notice.group(1));
        assertTrue(kept >= 1 && kept < SEEDS, err);
        assertEquals(run.toString(), notice.group(2));
        // The notice counts batches whose rows were flushed. The sweep goes on computing while the
        // hook runs, so one more batch may land between the count and the JVM's halt, never fewer.
        long wholeBatches = CliRunner.readCsv(results).stream().filter(CSVRecord::isConsistent).count()
                / CONFIGURATIONS_PER_BATCH;
        assertTrue(wholeBatches == kept || wholeBatches == kept + 1, wholeBatches + " whole batches: " + err);

        var resumed = CliRunner.run(notice.group(3).split(" "));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming: " + (SEEDS - wholeBatches) + " batches to run"), resumed.err());

        Path whole = temp.resolve("whole");
        List<String> uninterrupted = new ArrayList<>(SWEEP);
        uninterrupted.addAll(List.of("--out", whole.toString(), "--quiet"));
        assertEquals(0, CliRunner.run(uninterrupted.toArray(new String[0])).exitCode());
        assertEquals(outcomes(whole), outcomes(run));
    }

    private static Map<Integer, String> outcomes(Path directory) throws Exception {
        Map<Integer, String> outcomes = new TreeMap<>();
        for (CSVRecord r : CliRunner.readCsv(directory.resolve("results.csv"))) {
            outcomes.put(Integer.parseInt(r.get("config_id")), String.join(" ", r.get("seed"), r.get("lr"),
                    r.get("status"), r.get("iterations"), r.get("final_suboptimality")));
        }
        return outcomes;
    }
}
