package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.report.Plotting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html from sweep and from gdbench report, and what a sweep shows while it runs. */
class ReportCommandTest {
    private static final String[] SMALL_SWEEP = {"sweep", "--dims", "8", "--kappas", "10,100", "--optimizers",
            "gd,heavyball", "--lr-scale", "0.5,1,2.5", "--max-iters", "500"};

    @TempDir
    Path temp;

    private CliRunner.Outcome sweep(Path out, String... extra) {
        String[] args = new String[SMALL_SWEEP.length + 2 + extra.length];
        System.arraycopy(SMALL_SWEEP, 0, args, 0, SMALL_SWEEP.length);
        args[SMALL_SWEEP.length] = "--out";
        args[SMALL_SWEEP.length + 1] = out.toString();
        System.arraycopy(extra, 0, args, SMALL_SWEEP.length + 2, extra.length);
        return CliRunner.run(args);
    }

    @Test
    void sweepWritesTheReportAndFiguresUnlessToldNot() {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        Path run = temp.resolve("run");
        var outcome = sweep(run);
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(Files.exists(run.resolve("report.html")));
        assertTrue(Files.exists(run.resolve("figures/heatmap.png")));
        assertTrue(outcome.err().contains("report: " + run.resolve("report.html")), outcome.err());

        Path bare = temp.resolve("bare");
        assertEquals(0, sweep(bare, "--no-report").exitCode());
        assertTrue(Files.exists(bare.resolve("results.csv")));
        assertFalse(Files.exists(bare.resolve("report.html")));
        assertFalse(Files.exists(bare.resolve("figures")));
    }

    /** Sharpness and 2/lr are one picture (the stability edge), not two flat diagnostics. */
    @Test
    void sharpnessIsDrawnAgainstTheStabilityEdge() {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        Path run = temp.resolve("run");
        assertEquals(0, sweep(run).exitCode());
        assertTrue(Files.exists(run.resolve("figures/diagnostics-stability.png")));
        assertTrue(Files.exists(run.resolve("figures/diagnostics-update_norm.png")));
        assertFalse(Files.exists(run.resolve("figures/diagnostics-sharpness.png")));
        assertFalse(Files.exists(run.resolve("figures/diagnostics-two_over_lr.png")));
    }

    @Test
    void progressIsALinePerBatchOffTerminalAndNothingWhenQuiet() {
        var outcome = sweep(temp.resolve("run"), "--no-report");
        assertTrue(outcome.err().contains("[1/2] quadratic n=8 kappa=10") && outcome.err().contains("[2/2]"),
                outcome.err());
        var quiet = sweep(temp.resolve("quiet"), "--quiet");
        assertEquals("", quiet.err());
        assertEquals("", quiet.out());
    }

    /** Logistic regression has no condition number: its progress line names what it has, never kappa=NaN. */
    @Test
    void progressNamesAProblemWithoutKappaByWhatItHas() {
        var outcome = CliRunner.run("sweep", "--problem", "logistic", "--dims", "16", "--optimizers", "gd",
                "--lr-scale", "1", "--max-iters", "50", "--no-report", "--out", temp.resolve("logistic").toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("[1/1] logistic n=16 m=32 seed=1: 1 configs"), outcome.err());
        assertFalse(outcome.err().contains("kappa"), outcome.err());
    }

    @Test
    void reportRedrawsAnExistingDirectoryWithoutRunningIt() throws Exception {
        Path run = temp.resolve("run");
        sweep(run, "--no-report");
        String results = Files.readString(run.resolve("results.csv"));
        var outcome = CliRunner.run("report", run.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(Files.readString(run.resolve("report.html")).contains("<table class=\"summary\">"));
        assertEquals(results, Files.readString(run.resolve("results.csv")), "nothing re-ran");
    }

    @Test
    void reportComparesSeveralDirectoriesOnOnePage() throws Exception {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        sweep(temp.resolve("a"), "--no-report");
        sweep(temp.resolve("b"), "--no-report");
        Path page = temp.resolve("both.html");
        var outcome = CliRunner.run("report", temp.resolve("a").toString(), temp.resolve("b").toString(), "--out",
                page.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        String html = Files.readString(page);
        assertTrue(html.contains("a/figures/heatmap.png") && html.contains("b/figures/heatmap.png"));
    }

    @Test
    void reportOfAMissingDirectoryIsBadInput() {
        var outcome = CliRunner.run("report", temp.resolve("nowhere").toString());
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode());
        assertTrue(outcome.err().contains("is not a directory"), outcome.err());
    }

    @Test
    void outNamingADirectoryIsBadInputInOneLine() {
        Path run = temp.resolve("run");
        assertEquals(0, sweep(run, "--no-report", "-q").exitCode());
        var outcome = CliRunner.run("report", run.toString(), run.toString(), "--out", temp.toString());
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode(), outcome.err());
        assertEquals("report: --out: " + temp + " is a directory; --out names the page to write, e.g. "
                + temp.resolve("report.html"), outcome.err().strip());
        assertFalse(Files.exists(temp.resolve("report.html")));
    }
}
