package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A results folder holds the rows of one plan only: --resume refuses a command line that resolves
 * to another plan, a folder with results is never written into without --resume, and every sweep
 * gets a folder of its own.
 */
class ResultsFolderTest {
    private static final List<String> SWEEP = List.of("sweep", "--dims", "8", "--kappas", "10,100",
            "--optimizers", "gd,heavyball,adam", "--lr-scale", "0.5,1", "--max-iters", "2000", "--no-report", "--quiet");

    @TempDir
    Path temp;

    private static CliRunner.Outcome sweep(List<String> base, Path out, String... extra) {
        List<String> args = new ArrayList<>(base);
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    /** Every file of a folder, byte for byte. */
    private static Map<String, byte[]> contents(Path directory) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(directory)) {
            for (Path file : listing.sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " was rewritten"));
    }

    private static void assertOneLine(CliRunner.Outcome outcome, String... fragments) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        for (String fragment : fragments) {
            assertTrue(outcome.err().contains(fragment), "'" + fragment + "' missing from: " + outcome.err());
        }
    }

    /** Each kind of setting that changes a result, changed, and the flag the refusal must name. */
    static Stream<Arguments> changedSettings() {
        return Stream.of(
                Arguments.of(List.of("--kappas", "10,1000"), "--kappas"),
                Arguments.of(List.of("--dims", "9"), "--dims"),
                Arguments.of(List.of("--seeds", "2"), "--seeds"),
                Arguments.of(List.of("--spectrum", "linear"), "--spectrum"),
                Arguments.of(List.of("--diagonal"), "--diagonal"),
                Arguments.of(List.of("--lr-scale", "0.5,2"), "--lr/--lr-scale (gd)"),
                Arguments.of(List.of("--momentum", "0.5"), "--momentum (heavyball)"),
                Arguments.of(List.of("--beta2", "0.99"), "--beta2 (adam)"),
                Arguments.of(List.of("--eps", "1e-6"), "--eps (adam)"),
                Arguments.of(List.of("--schedule", "cosine"), "--schedule"),
                Arguments.of(List.of("--clip-norm", "1"), "--clip-norm"),
                Arguments.of(List.of("--max-iters", "500"), "--max-iters"),
                Arguments.of(List.of("--check-every", "5"), "--check-every"),
                Arguments.of(List.of("--precision", "fp32"), "--precision"),
                Arguments.of(List.of("--tol", "1e-6"), "--tol"),
                Arguments.of(List.of("--tol-abs", "1e-6,1e-12"), "--tol-abs"),
                Arguments.of(List.of("--divergence", "norm:100"), "--divergence"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("changedSettings")
    void resumeRefusesAChangedSettingAndRewritesNothing(List<String> change, String flag) throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(SWEEP, run).exitCode());
        Map<String, byte[]> before = contents(run);

        List<String> changed = new ArrayList<>(SWEEP);
        int at = changed.indexOf(change.get(0));
        if (at >= 0) {
            changed.subList(at, at + 2).clear();
        }
        changed.addAll(change);
        var outcome = sweep(changed, run, "--resume");

        assertOneLine(outcome, "--resume", flag + " is ");
        assertSameFiles(before, contents(run));
    }

    @Test
    void resumeAcceptsDefaultsSpelledOutAndFlagsThatDoNotChangeResults() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(SWEEP, run).exitCode());
        List<String> spelledOut = new ArrayList<>(SWEEP);
        spelledOut.remove("--quiet");
        spelledOut.addAll(List.of("--beta1", "0.9", "--divergence", "relative:1e10", "--backend", "cpu", "--threads", "1"));
        var outcome = sweep(spelledOut, run, "--resume");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("resuming: 0 batches to run"), outcome.err());
    }

    @Test
    void aFolderWithResultsIsNotWrittenIntoWithoutResume() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(SWEEP, run).exitCode());
        Map<String, byte[]> before = contents(run);
        assertOneLine(sweep(SWEEP, run), "--out", "--resume", "already holds results");
        assertSameFiles(before, contents(run));

        // A folder an older gdbench wrote (rows, no plan.json) is refused both ways.
        Files.delete(run.resolve("plan.json"));
        assertOneLine(sweep(SWEEP, run), "--out", "results.csv");
        assertOneLine(sweep(SWEEP, run, "--resume"), "--resume", "plan.json");
    }

    @Test
    void twoSweepsStartedTogetherIntoOneFolderDoNotShareIt() throws Exception {
        Path run = temp.resolve("run");
        CountDownLatch start = new CountDownLatch(1);
        Callable<CliRunner.Outcome> one = () -> {
            start.await();
            return sweep(SWEEP, run);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CliRunner.Outcome> first = pool.submit(one);
            Future<CliRunner.Outcome> second = pool.submit(one);
            start.countDown();
            List<Integer> codes = new ArrayList<>(List.of(first.get().exitCode(), second.get().exitCode()));
            codes.sort(null);
            assertEquals(List.of(0, 2), codes, first.get().err() + second.get().err());
        } finally {
            pool.shutdown();
        }
        // The folder holds exactly one sweep's rows: 2 instances x (2 gd + 2 heavy ball + 2 adam).
        assertEquals(1 + 2 * 6, Files.readAllLines(run.resolve("results.csv")).size());
    }

    @Test
    void defaultFoldersStartedInTheSameSecondAreDistinct() throws Exception {
        int sweeps = 8;
        ExecutorService pool = Executors.newFixedThreadPool(sweeps);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Path>> folders = new ArrayList<>();
            for (int i = 0; i < sweeps; i++) {
                folders.add(pool.submit(() -> {
                    start.await();
                    return OutputOptions.newRunDirectory(temp, "20261201-120000");
                }));
            }
            start.countDown();
            Set<Path> distinct = new HashSet<>();
            for (Future<Path> folder : folders) {
                assertTrue(Files.isDirectory(folder.get()));
                distinct.add(folder.get());
            }
            assertEquals(sweeps, distinct.size(), distinct.toString());
            assertTrue(distinct.contains(temp.resolve("20261201-120000")));
            assertTrue(distinct.contains(temp.resolve("20261201-120000-" + sweeps)));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void outThatCannotHoldResultsIsOneLine() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.txt"), "mine");
        assertOneLine(sweep(SWEEP, file), "--out", "is a file");
        assertEquals("mine", Files.readString(file));
        assertOneLine(CliRunner.run(concat(SWEEP, "--out=")), "--out", "empty");
        assertOneLine(sweep(SWEEP, Path.of("/proc/gdbench-cannot-be-here")), "--out", "cannot write results into");
        assertOneLine(CliRunner.run(concat(SWEEP, "--resume")), "--resume", "--out DIR");
    }

    @Test
    void resumeOnDamagedFilesIsOneLineAndKeepsThem() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(SWEEP, run).exitCode());
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', (byte) 0xc3, '"', ','};
        Files.write(run.resolve("results.csv"), garbage);
        Map<String, byte[]> before = contents(run);
        assertOneLine(sweep(SWEEP, run, "--resume"), "--resume", "results.csv");
        assertSameFiles(before, contents(run));

        Files.writeString(run.resolve("plan.json"), "{not json", StandardCharsets.UTF_8);
        assertOneLine(sweep(SWEEP, run, "--resume"), "--resume", "plan.json");
    }

    @Test
    void resumeOnAnotherBackendSaysSoInOneLine() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(SWEEP, run).exitCode());
        // As if the first instance's rows had been made on the GPU, and the second never finished.
        List<String> lines = Files.readAllLines(run.resolve("results.csv"));
        List<String> edited = new ArrayList<>(List.of(lines.get(0)));
        lines.subList(1, 7).forEach(row -> edited.add(row.replace(",cpu,", ",cuda,")));
        Files.write(run.resolve("results.csv"), edited);

        List<String> loud = new ArrayList<>(SWEEP);
        loud.remove("--quiet");
        var outcome = sweep(loud, run, "--resume");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("resume: the kept rows were made on cuda, the rest run on cpu"), outcome.err());
        List<String> backends = CliRunner.readCsv(run.resolve("results.csv")).stream().map(r -> r.get("backend")).toList();
        assertEquals(List.of("cuda", "cuda", "cuda", "cuda", "cuda", "cuda", "cpu", "cpu", "cpu", "cpu", "cpu", "cpu"),
                backends);
        assertFalse(outcome.err().contains("Exception"), outcome.err());
    }

    private static String[] concat(List<String> base, String... extra) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }
}
