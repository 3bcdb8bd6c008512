package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar belongs to standard error's terminal: a JVM whose standard output is redirected but
 * whose standard error is a terminal (a pseudo-terminal made by util-linux script) gets the bar;
 * one whose standard error goes to a file gets lines.
 */
class StderrTerminalTest {
    @TempDir
    Path temp;

    /** Prints, on standard error, which progress display a sweep would choose here. */
    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        try (SweepProgress progress = SweepProgress.choose(false, err, 1, 10, 1, "cpu")) {
            err.println("progress=" + progress.getClass().getSimpleName());
        }
    }

    /** Runs {@link #main} in a fresh JVM on a pseudo-terminal, with {@code redirect} after its command. */
    private String probe(String redirect) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + StderrTerminalTest.class.getName() + " " + redirect;
        Path typescript = temp.resolve("typescript");
        Process script = new ProcessBuilder("script", "-q", "-e", "-c", command, typescript.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("script-out").toFile()).start();
        assertEquals(0, script.waitFor(), Files.readString(temp.resolve("script-out")));
        return Files.readString(typescript);
    }

    private static boolean scriptAvailable() {
        try {
            return new ProcessBuilder("script", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void stdoutRedirectedWithStderrOnATerminalStillGetsTheBar() throws Exception {
        assumeTrue(scriptAvailable(), "needs util-linux script for a pseudo-terminal");
        assertTrue(probe("> " + temp.resolve("stdout")).contains("progress=ProgressBarDisplay"));
    }

    @Test
    void stderrRedirectedGetsLines() throws Exception {
        assumeTrue(scriptAvailable(), "needs util-linux script for a pseudo-terminal");
        Path stderr = temp.resolve("stderr");
        probe("2> " + stderr);
        assertEquals("progress=ProgressLines", Files.readString(stderr).strip());
    }

    @Test
    void underTheTestRunnerStderrIsAPipe() {
        assertEquals(false, SweepProgress.stderrIsTerminal());
    }
}
