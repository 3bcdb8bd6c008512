package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.result.ResultColumns;
import dev.gdbench.result.RunMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course's worked examples, end to end through the command line and results.csv. */
class WorkedExamplesTest {
    @TempDir
    Path out;

    /**
     * gd on f = w1^2 + 5 w2^2 from (4, 2.5), lr 0.08: w1 = 4 (1 - 0.16)^30 = 0.02140, w2 = 2.5 (1 -
     * 0.8)^30 = 2.7e-21, loss = w1^2 = 0.0004580.
     */
    @Test
    void gradientDescentOnTwoByTenQuadraticEndsWhereTheHandComputationSays() throws Exception {
        var outcome = CliRunner.run("sweep", "--eigenvalues", "2,10", "--x0", "4,2.5", "--lr", "0.08",
                "--optimizers", "gd", "--max-iters", "30", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        CSVRecord row = CliRunner.readCsv(out.resolve("results.csv")).get(0);
        String[] x = row.get("x_final").split(";");
        assertEquals(0.0214, Double.parseDouble(x[0]), 0.00005);
        assertEquals(0.0000, Double.parseDouble(x[1]), 0.00005);
        assertEquals(0.000458, Double.parseDouble(row.get("final_loss")), 0.0000005);
        assertEquals("30", row.get("iterations"));
        assertEquals("max-iters", row.get("status"));
        assertEquals(0.84, Double.parseDouble(row.get("rate_predicted")), 1e-12, "max |1 - 0.08 lambda|");
        assertEquals(0.84, Double.parseDouble(row.get("rate_measured")), 1e-9);
    }

    /**
     * f = w1^2 + 10 w2^2 (eigenvalues 2, 20) with the absolute criterion f - f* < 1e-4 in 100
     * iterations: lr 0.001 and 0.01 are too slow, lr 0.1 sits on the stability edge (|1 - 0.1 * 20|
     * = 1, w2 oscillates forever), lr 1 and 10 diverge.
     */
    @Test
    void stepSizesAroundTheStabilityEdgeOfTwoByTwentyQuadratic() throws Exception {
        var outcome = CliRunner.run("sweep", "--eigenvalues", "2,20", "--x0", "4,2.5", "--lr", "0.001,0.01,0.1,1,10",
                "--optimizers", "gd", "--max-iters", "100", "--tol-abs", "1e-4", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        Map<Double, String> statusByLr = CliRunner.readCsv(out.resolve("results.csv")).stream()
                .collect(Collectors.toMap(r -> Double.parseDouble(r.get("lr")), r -> r.get("status")));
        assertEquals(Map.of(0.001, "max-iters", 0.01, "max-iters", 0.1, "max-iters", 1.0, "diverged", 10.0, "diverged"),
                statusByLr);
        for (CSVRecord r : CliRunner.readCsv(out.resolve("results.csv"))) {
            assertEquals(0.1, Double.parseDouble(r.get("lr_stability_limit")), 1e-12, "2/L with L = 20");
        }
    }

    /**
     * Rosenbrock from (-1, 1), 100 iterations at lr 0.001: gd creeps down the valley wall to
     * (-0.9127, 0.8410), f = 3.665; heavy ball with beta 0.9 in torch's convention (v = beta v + g;
     * x -= lr v, the same iterates as x' = x - lr g + beta (x - x_prev)) gets round the bend to
     * (0.2936, 0.0817), f = 0.5010. A dampened velocity (v = beta v + (1 - beta) g) would end at
     * (-0.9207, 0.8557) instead: the expected numbers are torch's convention.
     */
    @Test
    void rosenbrockFromMinusOneOneWithGradientDescentAndHeavyBall() throws Exception {
        var outcome = CliRunner.run("sweep", "--problem", "rosenbrock", "--x0", "-1,1", "--optimizers", "gd,heavyball",
                "--lr", "0.001", "--momentum", "0.9", "--max-iters", "100", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        Map<String, CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv")).stream()
                .collect(Collectors.toMap(r -> r.get("optimizer"), r -> r));
        assertEndsAt(rows.get("gd"), -0.9127, 0.8410, 3.665, 0.0005);
        assertEndsAt(rows.get("heavyball"), 0.2936, 0.0817, 0.5010, 0.00005);
    }

    private static void assertEndsAt(CSVRecord row, double x, double y, double loss, double lossTolerance) {
        String[] iterate = row.get("x_final").split(";");
        assertEquals(x, Double.parseDouble(iterate[0]), 0.00005);
        assertEquals(y, Double.parseDouble(iterate[1]), 0.00005);
        assertEquals(loss, Double.parseDouble(row.get("final_loss")), lossTolerance);
        assertEquals("100", row.get("iterations"));
    }

    @Test
    void resultsCsvHasTheDocumentedColumnsAndMetaJsonTheCommandLine() throws Exception {
        var outcome = CliRunner.run("sweep", "--dims", "8", "--kappas", "10", "--optimizers", "gd,heavyball,adam",
                "--lr-scale", "0.5,1", "--tol", "1e-3,1e-6", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        assertEquals(2 + 2 + 2, rows.size(), "gd x 2 lr, heavyball x 2 lr x optimal momentum, adam x 2 lr");
        assertEquals(ResultColumns.results(List.of("lr", "momentum", "beta1", "beta2", "eps", "lr_decay", "alpha",
                "weight_decay", "momentum_decay", "armijo_c", "backtrack", "wolfe_c2"), List.of(1e-3, 1e-6)),
                List.copyOf(rows.get(0).getParser().getHeaderNames()));
        for (CSVRecord r : rows) {
            int toLoose = Integer.parseInt(r.get("iters_to_tol_1e-03"));
            int toTight = Integer.parseInt(r.get("iters_to_tol_1e-06"));
            assertTrue(toLoose <= toTight && toTight == Integer.parseInt(r.get("iterations")), r.toString());
            assertEquals(8, r.get("x_final").split(";").length);
            assertTrue(Double.parseDouble(r.get("time_per_iter_s")) > 0);
        }
        assertTrue(Files.size(out.resolve("history.csv")) > 0);
        String meta = Files.readString(out.resolve(RunMetadata.FILE));
        assertTrue(meta.contains("\"completed\" : true"), meta);
        assertTrue(meta.contains("\"gdbench sweep --dims 8 --kappas 10"), meta);
        assertTrue(outcome.out().contains("heavyball"), "the summary table lists every optimizer");
    }
}
