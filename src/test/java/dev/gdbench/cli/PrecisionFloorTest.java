package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tolerance below what fp32 reaches is said up front, and the summary marks who ran out for it. */
class PrecisionFloorTest {
    private static final String WARNING = "fp32: --tol 1e-12 is below what fp32 reaches (the relative suboptimality "
            + "stalls near 9e-11, where steps fall under half an ulp of x): configurations that meet the other "
            + "tolerances then run to --max-iters; the summary marks them with *";

    @TempDir
    Path temp;

    private CliRunner.Outcome sweep(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--dims", "64", "--kappas", "10", "--optimizers", "gd",
                "--max-iters", "4000", "--no-report", "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRunner.Outcome outcome = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, outcome.exitCode(), outcome.err());
        return outcome;
    }

    @Test
    void fp32WithTheDefaultTolerancesSaysSoUpFrontAndTheSummaryMarksTheStalledRuns() throws Exception {
        Path out = temp.resolve("fp32");
        CliRunner.Outcome outcome = sweep(out, "--precision", "fp32");
        assertEquals(1, outcome.err().lines().filter(WARNING::equals).count(), outcome.err());
        assertEquals(List.of(1e-12), List.of(new ObjectMapper().readTree(out.resolve("meta.json").toFile())
                .get("tolerances_below_precision_floor").get(0).asDouble()));
        // gd at the smallest steps of the grid meets 1e-6 in fp32, then stalls above 1e-12 (in fp64 they converge).
        Matcher counts = Pattern.compile("(\\d+)/(\\d+)/(\\d+) \\((\\d+)\\*\\)").matcher(outcome.out());
        assertTrue(counts.find(), outcome.out());
        int maxIterations = Integer.parseInt(counts.group(3));
        int stalled = Integer.parseInt(counts.group(4));
        assertTrue(stalled >= 5 && stalled <= maxIterations, outcome.out());
        assertTrue(outcome.out().contains("(N*): N of the max-iters configurations met every tolerance but 1e-12, "
                + "below what the run's precision reaches"), outcome.out());
    }

    @Test
    void fp64AndReachableFp32TolerancesSayNothing() throws Exception {
        for (List<String> extra : List.of(List.<String>of(), List.of("--precision", "fp32", "--tol", "1e-6,1e-9"),
                List.of("--precision", "fp32", "--tol-abs", "1e-14"))) {
            Path out = temp.resolve("run" + extra.size() + extra.hashCode());
            CliRunner.Outcome outcome = sweep(out, extra.toArray(new String[0]));
            assertTrue(outcome.err().lines().noneMatch(line -> line.contains("is below what")), outcome.err());
            assertTrue(!outcome.out().contains("*)"), outcome.out());
            assertEquals(0, new ObjectMapper().readTree(out.resolve("meta.json").toFile())
                    .get("tolerances_below_precision_floor").size());
        }
    }
}
