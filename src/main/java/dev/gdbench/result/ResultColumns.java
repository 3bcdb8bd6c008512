package dev.gdbench.result;

import java.util.ArrayList;
import java.util.List;

/** Column names of results.csv and history.csv, in order; the README documents each. */
public final class ResultColumns {
    private ResultColumns() {}

    /** Prefix of the iterations-to-tolerance columns; readers find the tolerances by it. */
    public static final String TOLERANCE_PREFIX = "iters_to_tol_";

    public static final List<String> HISTORY = List.of("config_id", "iteration", "loss", "suboptimality",
            "grad_norm", "dist_to_opt", "update_norm", "relative_update", "sharpness", "two_over_lr");

    public static List<String> results(List<String> hyperParameters, List<Double> tolerances) {
        List<String> columns = new ArrayList<>(List.of("config_id", "problem", "n", "kappa", "spectrum", "rows", "ridge",
                "seed", "precision", "divergence", "backend", "device", "optimizer"));
        columns.addAll(hyperParameters);
        columns.addAll(List.of("schedule", "clip_norm", "clip_value", "batch_size"));
        columns.add("lr_times_L");
        columns.addAll(List.of("status", "iterations"));
        for (double tolerance : tolerances) {
            columns.add(toleranceColumn(tolerance));
        }
        columns.addAll(List.of("final_loss", "final_suboptimality", "final_grad_norm", "final_dist_to_opt",
                "rate_measured", "rate_predicted", "lr_stability_limit", "function_evals", "gradient_evals",
                "time_per_iter_s", "config_iters_per_s", "bytes_per_iter", "flops_per_iter", "gb_per_s", "gflop_per_s",
                "batch_columns", "speedup",
                "x_final"));
        return columns;
    }

    /** {@code iters_to_tol_1e-06}: powers of ten written short, anything else in full. */
    public static String toleranceColumn(double tolerance) {
        double exponent = Math.log10(tolerance);
        String text = Math.abs(exponent - Math.rint(exponent)) < 1e-12 && Math.pow(10, Math.rint(exponent)) == tolerance
                ? String.format(java.util.Locale.ROOT, "1e%+03d", (int) Math.rint(exponent))
                : Double.toString(tolerance);
        return TOLERANCE_PREFIX + text;
    }
}
