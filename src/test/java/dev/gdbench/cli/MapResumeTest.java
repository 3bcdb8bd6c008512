package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.map.NpyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map killed while it runs (SIGTERM, as Ctrl-C's SIGINT) says how many maps it kept and the
 * command that continues it; that command runs only the others and ends with an uninterrupted
 * run's files. --resume refuses a folder made by another plan, naming the first difference.
 */
class MapResumeTest {
    private static final int MAPS = 6;
    private static final List<String> MAP = List.of("map", "--dims", "2", "--kappas", "10,30,100,300,1000,3000",
            "--optimizers", "heavyball", "--x-axis", "lr-scale=0.01:2.5:300", "--y-axis", "momentum=0:0.99:300",
            "--max-iters", "2000", "--no-report");

    @TempDir
    Path temp;

    @Test
    void aKilledMapNamesWhatItKeptAndResumeRunsTheRest() throws Exception {
        Path run = temp.resolve("run");
        List<String> command = ChildProcess.gdbench(MAP.toArray(String[]::new));
        command.addAll(List.of("--out", run.toString()));
        Path log = temp.resolve("stderr.txt");
        Process map = new ProcessBuilder(command).redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (finished(run) == 0) {
            assertTrue(map.isAlive(), "the map ended before it could be interrupted: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "no map finished in 120 s");
            Thread.sleep(20);
        }
        map.destroy();
        assertTrue(map.waitFor(60, TimeUnit.SECONDS), "the map did not stop");

        String err = Files.readString(log, StandardCharsets.UTF_8);
        Matcher notice = Pattern.compile("interrupted: (\\d+) of " + MAPS + " maps are kept in (\\S+); continue with: "
                + "gdbench (.*)").matcher(err);
        assertTrue(notice.find(), err);
        int kept = Integer.parseInt(notice.group(1));
        assertTrue(kept < MAPS, err);
        assertEquals(run.toString(), notice.group(2));
        // the notice counts maps whose files were written and handed on; the map goes on while the hook
        // runs, so one more map's files may be complete by the JVM's halt, never fewer
        long finished = finished(run);
        assertTrue(finished >= 1 && (finished == kept || finished == kept + 1), finished + " finished maps: " + err);

        var resumed = CliRunner.run(notice.group(3).split(" "));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(finished, resumed.err().lines().filter(l -> l.endsWith("(kept)")).count(), resumed.err());
        assertEquals(MAPS - finished, resumed.err().lines().filter(l -> l.startsWith("map heavyball")).count(),
                resumed.err());

        Path whole = temp.resolve("whole");
        List<String> uninterrupted = new ArrayList<>(MAP);
        uninterrupted.addAll(List.of("--out", whole.toString(), "--quiet"));
        assertEquals(0, CliRunner.run(uninterrupted.toArray(new String[0])).exitCode());
        assertEquals(Files.readString(whole.resolve("best.csv")), Files.readString(run.resolve("best.csv")));
        try (Stream<Path> folders = Files.list(whole.resolve("maps"))) {
            for (Path folder : folders.toList()) {
                Path same = run.resolve("maps").resolve(folder.getFileName());
                for (String file : List.of("iterations.npy", "rate_measured.npy", "suboptimality.npy")) {
                    assertArrayEquals(NpyFile.read(folder.resolve(file)).values(), NpyFile.read(same.resolve(file)).values(),
                            folder.getFileName() + "/" + file);
                }
            }
        }
    }

    @Test
    void resumeRefusesAnotherPlanNamingTheFirstDifference() {
        Path out = temp.resolve("small");
        List<String> small = List.of("map", "--eigenvalues", "0.1,1", "--x0", "1,1", "--optimizers", "heavyball",
                "--x-axis", "lr=0.2:3.6:6", "--y-axis", "momentum=0:0.9:4", "--max-iters", "300", "--no-report", "-q",
                "--out", out.toString());
        assertEquals(0, CliRunner.run(small.toArray(new String[0])).exitCode());
        List<String> changed = new ArrayList<>(small);
        changed.set(changed.indexOf("300"), "400");
        changed.add("--resume");
        CliRunner.Outcome refused = CliRunner.run(changed.toArray(new String[0]));
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals("map: --resume: the results in " + out + " come from another plan: --max-iters is 300 there but "
                + "400 here; resume with the command line that made them, or give another --out", refused.err().strip());
    }

    /** Maps whose files are complete: map.json is written last. */
    private static long finished(Path run) throws Exception {
        Path maps = run.resolve("maps");
        if (!Files.isDirectory(maps)) {
            return 0;
        }
        try (Stream<Path> folders = Files.list(maps)) {
            return folders.filter(f -> Files.exists(f.resolve("map.json"))).count();
        }
    }
}
