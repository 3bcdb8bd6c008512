package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards of a sweep run apart and merged are the sweep run whole; a set that is not one sweep's is refused. */
class MergeTest {
    @TempDir
    static Path runs;
    static Path whole;
    static List<Path> shards = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void runTheSweepWholeAndInThreeShards() {
        whole = runs.resolve("whole");
        assertEquals(0, ShardedRuns.sweep(whole).exitCode());
        for (int i = 0; i < 3; i++) {
            Path shard = runs.resolve("shard-" + i);
            var outcome = ShardedRuns.sweep(shard, "--shard", i + "/3");
            assertEquals(0, outcome.exitCode(), outcome.err());
            shards.add(shard);
        }
    }

    private static CliRunner.Outcome merge(Path out, List<Path> directories, String... extra) {
        List<String> args = new ArrayList<>(List.of("merge", "--no-report", "--quiet", "--out", out.toString()));
        directories.forEach(d -> args.add(d.toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    @Test
    void threeShardsMergedEqualTheUnshardedSweepCellForCell() throws Exception {
        Path merged = temp.resolve("merged");
        // Given out of order: the merged rows still come in plan order.
        var outcome = merge(merged, List.of(shards.get(2), shards.get(0), shards.get(1)));
        assertEquals(0, outcome.exitCode(), outcome.err());
        ShardedRuns.assertSameAsUnsharded(whole, merged);

        Map<?, ?> meta = new ObjectMapper().readValue(merged.resolve("meta.json").toFile(), Map.class);
        assertEquals(true, meta.get("completed"));
        assertEquals(24, meta.get("configurations"));
        assertEquals(6, meta.get("batches"));
        List<?> parts = (List<?>) meta.get("shards");
        assertEquals(3, parts.size());
        for (Object part : parts) {
            Map<?, ?> shard = (Map<?, ?>) part;
            assertEquals("cpu", shard.get("backend"));
            assertTrue(((Map<?, ?>) shard.get("machine")).containsKey("cores"), shard.toString());
        }
        assertEquals("2/3", ((Map<?, ?>) ((Map<?, ?>) parts.get(0)).get("shard")).get("shard"));
    }

    @Test
    void eachShardRecordsItsShardAndTheWholePlanAndOnlyThatShardResumesIt() throws Exception {
        Map<?, ?> plan = (Map<?, ?>) new ObjectMapper().readValue(shards.get(1).resolve("plan.json").toFile(), Map.class)
                .get("settings");
        assertEquals("1/3", plan.get("--shard"));
        assertEquals("6", plan.get("instances"), "the whole plan's 6 instances, not the shard's 2");
        var other = ShardedRuns.sweep(shards.get(1), "--shard", "2/3", "--resume");
        assertEquals(2, other.exitCode());
        assertTrue(other.err().contains("--shard is 1/3 there but 2/3 here"), other.err());
        var same = ShardedRuns.sweep(shards.get(1), "--shard", "1/3", "--resume");
        assertEquals(0, same.exitCode(), same.err());
    }

    @Test
    void aMissingShardIsNamedAndNothingIsWritten() {
        Path merged = temp.resolve("merged");
        var outcome = merge(merged, List.of(shards.get(0), shards.get(2)));
        assertEquals(2, outcome.exitCode());
        assertEquals("merge: DIR: shard 1/3 not given (give every shard's folder); merge what there is with "
                + "--allow-partial\n", outcome.err());
        assertFalse(Files.exists(merged));
    }

    @Test
    void aDuplicatedShardIsNamed() throws Exception {
        Path copy = temp.resolve("copy-of-shard-0");
        copyFolder(shards.get(0), copy);
        var outcome = merge(temp.resolve("merged"), List.of(shards.get(0), shards.get(1), shards.get(2), copy));
        assertEquals(2, outcome.exitCode());
        assertEquals("merge: DIR: shard 0/3 is given twice: " + shards.get(0) + " and " + copy + "\n", outcome.err());
        assertFalse(Files.exists(temp.resolve("merged")));
    }

    @Test
    void aShardOfAnotherPlanIsNamedWithTheFirstDifference() {
        Path foreign = temp.resolve("foreign");
        List<String> args = new ArrayList<>(List.of("sweep"));
        ShardedRuns.SWEEP_OPTIONS.forEach(option -> args.add(option.equals("10,100,1000") ? "10,100,1001" : option));
        args.addAll(List.of("--shard", "2/3", "--out", foreign.toString()));
        assertEquals(0, CliRunner.run(args.toArray(new String[0])).exitCode());
        var outcome = merge(temp.resolve("merged"), List.of(shards.get(0), shards.get(1), foreign));
        assertEquals(2, outcome.exitCode());
        assertEquals("merge: DIR: " + foreign + " is a shard of another plan than " + shards.get(0) + ": --kappas is "
                + "10,100,1000 there but 10,100,1001 here\n", outcome.err());
    }

    @Test
    void aWholeSweepIsNotAShard() {
        var outcome = merge(temp.resolve("merged"), List.of(whole));
        assertEquals(2, outcome.exitCode());
        assertEquals("merge: DIR: " + whole + " is a whole sweep, not a shard (its plan.json has no --shard)\n",
                outcome.err());
    }

    @Test
    void anInterruptedShardIsNamedWithTheBatchesItLacks() throws Exception {
        Path cut = temp.resolve("cut");
        copyFolder(shards.get(1), cut);
        List<String> lines = Files.readAllLines(cut.resolve("results.csv"));
        // Its first batch whole (4 rows), its second cut after one row and a half.
        Files.writeString(cut.resolve("results.csv"), String.join("\n", lines.subList(0, 6)) + "\n"
                + lines.get(6).substring(0, 30));
        var outcome = merge(temp.resolve("merged"), List.of(shards.get(0), cut, shards.get(2)));
        assertEquals(2, outcome.exitCode());
        assertEquals("merge: DIR: " + cut + " (shard 1/3) lacks 1 of its 2 batches (4; continue it with its command "
                + "line and --resume); merge what there is with --allow-partial\n", outcome.err());
    }

    @Test
    void aPartialMergeSaysWhatIsMissingAndResumingItWithTheWholeCommandCompletesIt() throws Exception {
        Path merged = temp.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge", "--no-report", "--out", merged.toString(),
                shards.get(0).toString(), shards.get(2).toString(), "--allow-partial"));
        var outcome = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("merge: partial: shard 1/3 not given: 2 of 6 batches and 8 of 24 "
                + "configurations are missing"), outcome.err());
        Map<?, ?> meta = new ObjectMapper().readValue(merged.resolve("meta.json").toFile(), Map.class);
        assertEquals(false, meta.get("completed"));
        assertEquals(16, meta.get("configurations"));

        var resumed = ShardedRuns.sweep(merged, "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        ShardedRuns.assertSameAsUnsharded(whole, merged, true);
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
