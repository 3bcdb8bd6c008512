package dev.gdbench.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultColumnsTest {
    /** The README's table is the code's: edit the descriptions in ResultColumns and paste readmeTable() there. */
    @Test
    void readmeDocumentsTheColumnTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## results.csv\n");
        int start = readme.indexOf("| column |", section);
        int end = readme.indexOf("\n\n", start);
        assertEquals(ResultColumns.readmeTable(), readme.substring(start, end + 1),
                "README.md's results.csv table differs from ResultColumns.readmeTable(); replace it by that");
    }

    /** Existing results folders and --resume depend on these names in this order. */
    @Test
    void resultsHeaderKeepsItsNamesAndOrder() {
        assertEquals(List.of("config_id", "problem", "n", "kappa", "spectrum", "rows", "ridge", "seed", "precision",
                        "divergence", "backend", "device", "optimizer", "lr", "momentum", "schedule", "clip_norm", "clip_value",
                        "batch_size", "lr_times_L", "status", "iterations", "iters_to_tol_1e-03", "iters_to_tol_2.5E-7",
                        "final_loss", "final_suboptimality", "final_grad_norm", "final_dist_to_opt", "rate_measured",
                        "rate_predicted", "lr_stability_limit", "function_evals", "gradient_evals", "time_per_iter_s",
                        "time_per_iter_median_s", "time_per_iter_min_s", "time_per_iter_max_s", "config_iters_per_s", "bytes_per_iter", "flops_per_iter", "gb_per_s", "gflop_per_s",
                        "batch_columns", "speedup", "x_final"),
                ResultColumns.results(List.of("lr", "momentum"), List.of(1e-3, 2.5e-7)));
        assertEquals(List.of("config_id", "iteration", "loss", "suboptimality", "grad_norm", "dist_to_opt",
                "update_norm", "relative_update", "sharpness", "two_over_lr"), ResultColumns.HISTORY);
    }

    @Test
    void readmeTableGroupsColumnsThatShareADescription() {
        String[] lines = ResultColumns.readmeTable().split("\n");
        assertEquals("| `config_id` | configuration number, stable for a given command line |", lines[2]);
        assertEquals("| `precision`, `divergence`, `backend` | fp64/fp32, the `--divergence` rule (`relative:1e10`, "
                + "`norm:100`), cpu/cuda |", lines[4]);
        assertEquals("| `iters_to_tol_<tol>` | first checked iteration meeting each tolerance (empty: never) |", lines[12]);
    }

    /**
     * Each column reads its value from the right group of RunResult: every number below is distinct,
     * so a column reading a neighbour (measured for predicted, functions for gradients) shows.
     */
    @Test
    void eachColumnReadsItsOwnFieldOfTheRunResult() {
        RunResult result = new RunResult(
                new RunResult.Configuration(7, ProblemSpec.quadratic(2, 100, 3), "heavyball",
                        Map.of("lr", 0.25, "momentum", 0.5), Transforms.NONE, 0),
                new RunResult.Outcome(Status.CONVERGED, 40, new int[] {12, -1}, 1.5, 2.5e-7, 3.5e-4, 4.5e-3,
                        new double[] {0.125, -0.375}),
                new RunResult.Rates(0.75, 0.8125, 0.0625, 8.0),
                new RunResult.Evaluations(3, 41),
                new BatchThroughput(2e-6, 5e5, 640, 96, new BatchThroughput.Spread(1.5e-6, 1.25e-6, 2.75e-6)),
                new RunResult.RunContext("cpu", "", "fp64", "relative:1e10", 6));
        List<ResultColumns.Column<ResultColumns.Row>> table = ResultColumns.table(List.of("lr", "momentum"),
                List.of(1e-3, 1e-9));
        Map<String, String> cells = new LinkedHashMap<>();
        table.forEach(c -> cells.put(c.name(), String.valueOf(c.cell().apply(new ResultColumns.Row(result, 1.0)))));
        assertEquals("7", cells.get("config_id"));
        assertEquals("2", cells.get("n"));
        assertEquals("100.0", cells.get("kappa"));
        assertEquals("3", cells.get("seed"));
        assertEquals("fp64", cells.get("precision"));
        assertEquals("relative:1e10", cells.get("divergence"));
        assertEquals("cpu", cells.get("backend"));
        assertEquals("heavyball", cells.get("optimizer"));
        assertEquals("0.25", cells.get("lr"));
        assertEquals("0.5", cells.get("momentum"));
        assertEquals("", cells.get("batch_size"));
        assertEquals("2.0", cells.get("lr_times_L"));
        assertEquals("converged", cells.get("status"));
        assertEquals("40", cells.get("iterations"));
        assertEquals("12", cells.get("iters_to_tol_1e-03"));
        assertEquals("", cells.get("iters_to_tol_1e-09"));
        assertEquals("1.5", cells.get("final_loss"));
        assertEquals("2.5E-7", cells.get("final_suboptimality"));
        assertEquals("3.5E-4", cells.get("final_grad_norm"));
        assertEquals("0.0045", cells.get("final_dist_to_opt"));
        assertEquals("0.75", cells.get("rate_measured"));
        assertEquals("0.8125", cells.get("rate_predicted"));
        assertEquals("0.0625", cells.get("lr_stability_limit"));
        assertEquals("3", cells.get("function_evals"));
        assertEquals("41", cells.get("gradient_evals"));
        assertEquals("2.0E-6", cells.get("time_per_iter_s"));
        assertEquals("1.5E-6", cells.get("time_per_iter_median_s"));
        assertEquals("1.25E-6", cells.get("time_per_iter_min_s"));
        assertEquals("2.75E-6", cells.get("time_per_iter_max_s"));
        assertEquals("6", cells.get("batch_columns"));
        assertEquals("0.125;-0.375", cells.get("x_final"));
    }
}
