package dev.gdbench.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
