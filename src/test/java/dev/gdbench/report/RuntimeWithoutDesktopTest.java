package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Java runtime without java.desktop (a jlink image, as carried to the GPU machines): a
 * sweep still runs, writes its CSVs and a page, and says in one line why there are no figures.
 */
class RuntimeWithoutDesktopTest {
    private static final String MODULES = "java.base,java.sql,java.management,jdk.management,jdk.unsupported,"
            + "jdk.incubator.vector";

    @Test
    void sweepWithoutTheDesktopModuleSkipsFiguresInOneLine(@TempDir Path temp) throws Exception {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Assumptions.assumeTrue(Files.isExecutable(jlink), "this JDK has no jlink");
        Path runtime = temp.resolve("jre");
        assertEquals(0, run(List.of(jlink.toString(), "--add-modules", MODULES, "--output", runtime.toString()),
                temp.resolve("jlink.log")), "jlink");

        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = temp.resolve("run");
        Path log = temp.resolve("sweep.log");
        int code = run(List.of(runtime.resolve("bin/java").toString(), "--add-modules=jdk.incubator.vector", "-cp",
                classPath, "dev.gdbench.cli.Main", "sweep", "--dims", "8", "--kappas", "10", "--optimizers", "gd",
                "--lr", "0.5", "--out", out.toString()), log);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, code, output);
        assertTrue(output.contains("figures skipped: this Java runtime has no java.desktop module"), output);
        assertTrue(Files.size(out.resolve("results.csv")) > 0);
        assertTrue(Files.exists(out.resolve("report.html")));
    }

    private static int run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command.get(0));
        return process.exitValue();
    }
}
