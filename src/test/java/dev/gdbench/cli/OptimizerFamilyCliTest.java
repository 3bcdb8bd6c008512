package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The adaptive family through the command line: torch defaults where no flag is given, lists where one is. */
class OptimizerFamilyCliTest {
    @TempDir
    Path out;

    @Test
    void adaptiveRulesTakeTorchDefaultsAndExpandGivenLists() throws Exception {
        var outcome = CliRunner.run("sweep", "--dims", "4", "--kappas", "10", "--lr", "0.01",
                "--optimizers", "adagrad,rmsprop,adamw,amsgrad", "--alpha", "0.9,0.99", "--max-iters", "20",
                "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        assertEquals(List.of("adagrad", "rmsprop", "rmsprop", "adamw", "amsgrad"),
                rows.stream().map(r -> r.get("optimizer")).toList());
        Map<String, String> epsilonByOptimizer = rows.stream()
                .collect(Collectors.toMap(r -> r.get("optimizer"), r -> r.get("eps"), (a, b) -> a));
        assertEquals(Map.of("adagrad", "1.0E-10", "rmsprop", "1.0E-8", "adamw", "1.0E-8", "amsgrad", "1.0E-8"),
                epsilonByOptimizer);
        assertEquals(List.of("0.9", "0.99"), rows.subList(1, 3).stream().map(r -> r.get("alpha")).toList());
        assertEquals("0.01", rows.get(3).get("weight_decay"));
        assertEquals("0.0", rows.get(0).get("lr_decay"));
        assertEquals("", rows.get(4).get("weight_decay"), "amsgrad has no weight decay");
    }

    /** nadam takes torch's psi 4e-3 unless --momentum-decay lists others; a negative one is refused. */
    @Test
    void nadamMomentumDecayIsAnAxis() throws Exception {
        var outcome = CliRunner.run("sweep", "--dims", "4", "--kappas", "10", "--lr", "0.01", "--optimizers", "nadam,adam",
                "--momentum-decay", "0,0.004", "--max-iters", "20", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        assertEquals(List.of("nadam:0.0", "nadam:0.004", "adam:"),
                rows.stream().map(r -> r.get("optimizer") + ":" + r.get("momentum_decay")).toList());
        for (CSVRecord row : rows) {
            assertTrue(Double.parseDouble(row.get("final_suboptimality")) < 1e3, row.toString());
        }

        var refused = CliRunner.run("sweep", "--dims", "4", "--kappas", "10", "--optimizers", "nadam",
                "--momentum-decay", "-1", "--out", out.resolve("refused").toString());
        assertEquals(2, refused.exitCode());
        assertEquals("sweep: --momentum-decay: -1.0 is not allowed: values must be finite and >= 0 (or 'optimal')",
                refused.err().strip());
    }

    /**
     * Exact line search meets the steepest-descent bound (kappa - 1)/(kappa + 1) on the measured rate,
     * and every configuration reports what it evaluated: gd one gradient per iteration plus x0,
     * exact one more curvature product per iteration, armijo and wolfe their trial evaluations.
     */
    @Test
    void lineSearchesRunThroughTheBatchAndCountTheirEvaluations() throws Exception {
        var outcome = CliRunner.run("sweep", "--dims", "16", "--kappas", "10,100", "--optimizers", "gd",
                "--line-search", "none,exact,armijo,wolfe", "--lr", "1.0", "--tol", "1e-10", "--max-iters", "20000",
                "--check-every", "1", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        assertEquals(8, rows.size());
        for (CSVRecord r : rows) {
            double kappa = Double.parseDouble(r.get("kappa"));
            long iterations = Long.parseLong(r.get("iterations"));
            long functions = Long.parseLong(r.get("function_evals"));
            long gradients = Long.parseLong(r.get("gradient_evals"));
            assertEquals("converged", r.get("status"), r.toString());
            switch (r.get("optimizer")) {
                case "gd" -> {
                    assertEquals(0, functions);
                    assertEquals(iterations + 1, gradients);
                }
                case "gd-exact" -> {
                    assertEquals(0, functions);
                    assertEquals(2 * iterations + 1, gradients);
                    assertTrue(Double.parseDouble(r.get("rate_measured")) <= (kappa - 1) / (kappa + 1), r.toString());
                    assertEquals("", r.get("lr"));
                }
                case "gd-armijo" -> {
                    assertTrue(functions >= 2 * iterations, "f(x) and at least one trial per step");
                    assertEquals(iterations + 1, gradients);
                }
                case "gd-wolfe" -> assertTrue(functions >= 2 * iterations && gradients >= 2 * iterations + 1);
                default -> throw new AssertionError(r.toString());
            }
        }
    }

    /**
     * f = w^2 (eigenvalue 2) from w = 4, lr 0.1 halved every 10 steps: w = 4 (1 - 0.2)^10 (1 - 0.1)^10
     * after 20 steps. The schedule is recorded, and theory claims no rate for a scheduled rule.
     */
    @Test
    void scheduleIsAppliedAndRecordedAndTheoryStaysSilentForIt() throws Exception {
        var outcome = CliRunner.run("sweep", "--eigenvalues", "2", "--x0", "4", "--lr", "0.1", "--optimizers", "gd",
                "--schedule", "step:10,0.5", "--clip-value", "100", "--max-iters", "20", "--out", out.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        CSVRecord row = CliRunner.readCsv(out.resolve("results.csv")).get(0);
        assertEquals(4 * Math.pow(0.8, 10) * Math.pow(0.9, 10), Double.parseDouble(row.get("x_final")), 1e-15);
        assertEquals("step:10,0.5", row.get("schedule"));
        assertEquals("100.0", row.get("clip_value"));
        assertEquals("", row.get("clip_norm"));
        assertEquals("", row.get("rate_predicted"));
        assertEquals("", row.get("lr_stability_limit"));
    }

    /** Combinations that cannot run exit 2 with one line naming the flag. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--problem rosenbrock --lr 0.01 --optimizers gd --line-search exact|--line-search",
        "--optimizers gd --line-search armijo --lr 1 --schedule invsqrt|--line-search",
        "--optimizers gd --line-search wolfe --lr 1 --clip-norm 1|--line-search",
        "--optimizers adam --line-search armijo --lr 1|--line-search",
        "--problem logistic --optimizers gd-wolfe --lr 1 --batch-size 4|--batch-size",
        "--optimizers gd --lr 0.1 --batch-size 4|--batch-size",
        "--problem rosenbrock --optimizers gd|--lr-scale",
        "--problem beale --optimizers gd --lr optimal|--lr",
        "--problem rosenbrock --optimizers heavyball --lr 0.001|--momentum",
    })
    void combinationsThatCannotRunExitTwoNamingTheFlag(String arguments, String flag) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", "--max-iters", "10", "--out",
                out.toString()));
        args.addAll(List.of(arguments.split(" ")));
        var outcome = CliRunner.run(args.toArray(new String[0]));
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains(flag + ":"), outcome.err());
    }
}
