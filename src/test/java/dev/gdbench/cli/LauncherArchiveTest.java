package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive is made by a small map run whose failure it ignores (a start
 * without the archive is only slower), so nothing else would notice that run breaking: here it runs
 * as the launcher gives it and has to write a whole map, figures included, whose classes the
 * archive is for.
 */
class LauncherArchiveTest {
    /** The training run's gdbench arguments in the launcher: after {@code -jar "$jar"}, up to its --out. */
    private static final Pattern TRAINING = Pattern.compile("-XX:ArchiveClassesAtExit=\\S+ -jar \"\\$jar\" (.*?) --out ",
            Pattern.DOTALL);

    @TempDir
    Path temp;

    @Test
    void theArchivesTrainingRunWritesAWholeMap() throws IOException {
        String launcher = Files.readString(Path.of("gdbench"));
        Matcher training = TRAINING.matcher(launcher);
        assertTrue(training.find(), "no training run in the launcher");
        assertTrue(launcher.contains("-Xint -XX:ArchiveClassesAtExit="), "the training run must be interpreted");
        List<String> args = new ArrayList<>(Arrays.asList(training.group(1).replace("\\\n", " ").trim().split("\\s+")));
        args.addAll(List.of("--out", temp.toString(), "-q"));

        CliRunner.Outcome outcome = CliRunner.run(args.toArray(String[]::new));

        assertEquals(0, outcome.exitCode(), args + ": " + outcome.err());
        Path folder;
        try (var maps = Files.list(temp.resolve("maps"))) {
            folder = maps.findFirst().orElseThrow();
        }
        assertTrue(Files.exists(folder.resolve("map.json")) && Files.exists(folder.resolve("map.png"))
                && Files.exists(folder.resolve("rate-difference.png")), folder.toString());
    }
}
