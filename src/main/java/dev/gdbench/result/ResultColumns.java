package dev.gdbench.result;

import dev.gdbench.optim.Optimizers;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The one table of results.csv's and history.csv's columns: each column's name, what it means
 * and how a row's cell is obtained. The writer writes from it, the report and --resume read by
 * its names, and the README's "results.csv" table is rendered from it ({@link #readmeTable()},
 * which a test holds the README to). Cells are written round-trippable; NaN (not applicable) as
 * an empty field, infinities as inf / -inf.
 */
public final class ResultColumns {
    private ResultColumns() {}

    /**
     * One column. Consecutive columns with the same description are documented in one README row.
     *
     * @param cell the field written for a row
     */
    public record Column<R>(String name, String description, Function<R, Object> cell) {
    }

    /** What one results.csv row is written from. */
    public record Row(RunResult result, double speedup) {
    }

    /** The columns that say how fast a batch ran: all that may differ between two runs of one sweep on one backend. */
    public static final Set<String> TIMING = Set.of("time_per_iter_s", "time_per_iter_median_s",
            "time_per_iter_min_s", "time_per_iter_max_s", "config_iters_per_s", "gb_per_s", "gflop_per_s");

    /** Prefix of the iterations-to-tolerance columns; readers find the tolerances by it. */
    public static final String TOLERANCE_PREFIX = "iters_to_tol_";

    private static final String INSTANCE = "the instance (`kappa`, `spectrum` for the quadratic families, `rows` for "
            + "least squares and logistic, `ridge` for logistic)";
    private static final String RUN = "fp64/fp32, the `--divergence` rule (`relative:1e10`, `norm:100`), cpu/cuda";
    private static final String CONFIGURATION = "the configuration (empty where it does not apply)";
    private static final String TRANSFORMS = "the transforms around the rule (`constant` and empty: none)";
    private static final String TOLERANCE = "first checked iteration meeting each tolerance (empty: never)";
    private static final String FINAL = "at the end";
    private static final String RATES = "fitted and theoretical linear rate (empty where undefined)";
    private static final String EVALUATIONS = "evaluations the configuration paid for: one gradient at x0 and one per "
            + "iteration, plus a line search's trials (exact: one d'Ad product per step, counted as a gradient); "
            + "convergence checks are not counted";
    private static final String WORK = "the batch's useful work per iteration (see the next line), averaged over its "
            + "iterations";
    private static final String SPREAD = "the spread of the batch's time per iteration: median, least and greatest "
            + "over its runs of iterations between two checks (runs get cheaper as configurations are decided and "
            + "leave the batch, and the first ones include the JIT's warm-up)";
    private static final String RATE_OF_WORK = "the batch's bytes moved and floating-point operations per second while "
            + "iterating, counted by the same cost model as `gdbench bench` (`cost.WorkCount`: compulsory traffic and "
            + "arithmetic as written, summed over the columns active in each iteration: useful work; on the GPU frozen "
            + "columns stay in the product under a mask and are not counted)";

    public static final Column<Row> CONFIG_ID = column("config_id",
            "configuration number, stable for a given command line", r -> r.result().configuration().id());
    public static final Column<Row> N = column("n", INSTANCE, r -> dimension(r.result()));
    public static final Column<Row> KAPPA = column("kappa", INSTANCE, r -> number(r.result().configuration().problem().effectiveKappa()));
    public static final Column<Row> SEED = column("seed", INSTANCE, r -> r.result().configuration().problem().seed());
    public static final Column<Row> BACKEND = column("backend", RUN, r -> r.result().context().backend());
    public static final Column<Row> DEVICE = column("device",
            "the GPU's ordinal that ran the row (see `--devices`); empty on the CPU", r -> r.result().context().device());
    public static final Column<Row> OPTIMIZER = column("optimizer", CONFIGURATION, r -> r.result().configuration().optimizer());
    public static final Column<Row> BATCH_SIZE = column("batch_size", "rows per stochastic gradient (empty: full gradient)",
            r -> r.result().configuration().batchSize() > 0 ? r.result().configuration().batchSize() : "");
    public static final Column<Row> LR_TIMES_L = column("lr_times_L", "the step size relative to the instance's L", r -> {
        Double lr = r.result().configuration().hyperParameters().get("lr");
        return lr == null ? "" : number(lr * r.result().rates().smoothness());
    });
    public static final Column<Row> STATUS = column("status",
            "`converged` (met every tolerance), `diverged`, `max-iters`", r -> r.result().outcome().status().label());
    public static final Column<Row> ITERATIONS = column("iterations", "iterations run until the status was decided",
            r -> r.result().outcome().iterations());
    public static final Column<Row> FINAL_SUBOPTIMALITY = column("final_suboptimality", FINAL,
            r -> number(r.result().outcome().finalSuboptimality()));
    public static final Column<Row> RATE_MEASURED = column("rate_measured", RATES, r -> number(r.result().rates().measured()));
    public static final Column<Row> RATE_PREDICTED = column("rate_predicted", RATES, r -> number(r.result().rates().predicted()));
    public static final Column<Row> LR_STABILITY_LIMIT = column("lr_stability_limit",
            "largest stable lr for this configuration's other parameters", r -> number(r.result().rates().stabilityLimit()));
    public static final Column<Row> SPEEDUP = column("speedup", "with several `--backend`: the first backend's time per "
            + "iteration over this row's backend's (1 on the first's rows); empty with one", r -> number(r.speedup()));

    public static final Column<HistoryPoint> HISTORY_CONFIG_ID = history("config_id", HistoryPoint::configurationId);
    public static final Column<HistoryPoint> ITERATION = history("iteration", HistoryPoint::iteration);

    /** history.csv's columns; the README's "results.csv" section describes them in its prose. */
    public static final List<Column<HistoryPoint>> HISTORY_TABLE = List.of(HISTORY_CONFIG_ID, ITERATION,
            history("loss", p -> number(p.loss())), history("suboptimality", p -> number(p.suboptimality())),
            history("grad_norm", p -> number(p.gradientNorm())), history("dist_to_opt", p -> number(p.distanceToMinimizer())),
            history("update_norm", p -> number(p.updateNorm())), history("relative_update", p -> number(p.relativeUpdate())),
            history("sharpness", p -> number(p.sharpness())), history("two_over_lr", p -> number(p.stabilityEdge())));

    public static final List<String> HISTORY = names(HISTORY_TABLE);

    /** results.csv's columns: a column per hyper-parameter name and per tolerance, in the order given. */
    public static List<Column<Row>> table(List<String> hyperParameters, List<Double> tolerances) {
        List<Column<Row>> perTolerance = new ArrayList<>();
        for (int t = 0; t < tolerances.size(); t++) {
            int index = t;
            perTolerance.add(column(toleranceColumn(tolerances.get(t)), TOLERANCE, r -> {
                int iterations = r.result().outcome().iterationsToTolerance()[index];
                return iterations < 0 ? "" : iterations;
            }));
        }
        return withToleranceColumns(hyperParameters, perTolerance);
    }

    private static List<Column<Row>> withToleranceColumns(List<String> hyperParameters, List<Column<Row>> perTolerance) {
        List<Column<Row>> columns = new ArrayList<>(List.of(CONFIG_ID,
                column("problem", INSTANCE, r -> r.result().configuration().problem().kind().cliName()), N, KAPPA,
                column("spectrum", INSTANCE, r -> r.result().configuration().problem().spectrumLabel()),
                column("rows", INSTANCE, r -> r.result().configuration().problem().kind().hasRows() ? r.result().configuration().problem().effectiveRows() : ""),
                column("ridge", INSTANCE, r -> r.result().configuration().problem().kind() == ProblemKind.LOGISTIC
                        ? number(r.result().configuration().problem().ridge()) : ""),
                SEED,
                column("precision", RUN, r -> r.result().context().precision()),
                column("divergence", RUN, r -> r.result().context().divergence()),
                BACKEND, DEVICE, OPTIMIZER));
        for (String name : hyperParameters) {
            columns.add(column(name, CONFIGURATION, r -> {
                Double value = r.result().configuration().hyperParameters().get(name);
                return value == null ? "" : number(value);
            }));
        }
        columns.addAll(List.of(
                column("schedule", TRANSFORMS, r -> r.result().configuration().transforms().schedule().label()),
                column("clip_norm", TRANSFORMS, r -> number(r.result().configuration().transforms().clipNorm())),
                column("clip_value", TRANSFORMS, r -> number(r.result().configuration().transforms().clipValue())),
                BATCH_SIZE, LR_TIMES_L, STATUS, ITERATIONS));
        columns.addAll(perTolerance);
        columns.addAll(List.of(
                column("final_loss", FINAL, r -> number(r.result().outcome().finalLoss())),
                FINAL_SUBOPTIMALITY,
                column("final_grad_norm", FINAL, r -> number(r.result().outcome().finalGradientNorm())),
                column("final_dist_to_opt", FINAL, r -> number(r.result().outcome().finalDistance())),
                RATE_MEASURED, RATE_PREDICTED, LR_STABILITY_LIMIT,
                column("function_evals", EVALUATIONS, r -> r.result().evaluations().functions()),
                column("gradient_evals", EVALUATIONS, r -> r.result().evaluations().gradients()),
                column("time_per_iter_s", "the batch's wall time per iteration, all its active columns together",
                        r -> number(r.result().throughput().secondsPerIteration())),
                column("time_per_iter_median_s", SPREAD, r -> number(r.result().throughput().spread().median())),
                column("time_per_iter_min_s", SPREAD, r -> number(r.result().throughput().spread().min())),
                column("time_per_iter_max_s", SPREAD, r -> number(r.result().throughput().spread().max())),
                column("config_iters_per_s", "iterations summed over the batch's configurations, per second of iterating",
                        r -> number(r.result().throughput().configurationIterationsPerSecond())),
                column("bytes_per_iter", WORK, r -> number(r.result().throughput().bytesPerIteration())),
                column("flops_per_iter", WORK, r -> number(r.result().throughput().flopsPerIteration())),
                column("gb_per_s", RATE_OF_WORK, r -> number(r.result().throughput().gigabytesPerSecond())),
                column("gflop_per_s", RATE_OF_WORK, r -> number(r.result().throughput().gigaflopsPerSecond())),
                column("batch_columns", "configurations in the batch", r -> r.result().context().batchColumns()),
                SPEEDUP,
                column("x_final", "the final iterate for n <= " + RunResult.MAX_LISTED_DIMENSION + ", values separated by `;`",
                        r -> r.result().outcome().finalIterate().length <= RunResult.MAX_LISTED_DIMENSION
                                ? vector(r.result().outcome().finalIterate()) : "")));
        return columns;
    }

    /** results.csv's header for these hyper-parameter names and tolerances. */
    public static List<String> results(List<String> hyperParameters, List<Double> tolerances) {
        return names(table(hyperParameters, tolerances));
    }

    public static <R> List<String> names(List<Column<R>> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The README's "results.csv" table: every hyper-parameter a sweep writes, the tolerance columns
     * as one {@code iters_to_tol_<tol>} row, consecutive columns with one description in one row.
     */
    public static String readmeTable() {
        Column<Row> perTolerance = column(TOLERANCE_PREFIX + "<tol>", TOLERANCE, r -> "");
        List<Column<Row>> columns = withToleranceColumns(Optimizers.allHyperParameters(), List.of(perTolerance));
        StringBuilder table = new StringBuilder("| column | meaning |\n|---|---|\n");
        for (int first = 0, last; first < columns.size(); first = last) {
            String description = columns.get(first).description();
            StringJoiner names = new StringJoiner(", ");
            for (last = first; last < columns.size() && columns.get(last).description().equals(description); last++) {
                names.add("`" + columns.get(last).name() + "`");
            }
            table.append("| ").append(names).append(" | ").append(description).append(" |\n");
        }
        return table.toString();
    }

    /** {@code iters_to_tol_1e-06}: powers of ten written short, anything else in full. */
    public static String toleranceColumn(double tolerance) {
        double exponent = Math.log10(tolerance);
        String text = Math.abs(exponent - Math.rint(exponent)) < 1e-12 && Math.pow(10, Math.rint(exponent)) == tolerance
                ? String.format(Locale.ROOT, "1e%+03d", (int) Math.rint(exponent))
                : Double.toString(tolerance);
        return TOLERANCE_PREFIX + text;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    /** Values separated by ';' so the field needs no quoting. */
    static String vector(double[] values) {
        if (values == null) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(";");
        for (double value : values) {
            joiner.add(number(value));
        }
        return joiner.toString();
    }

    private static int dimension(RunResult r) {
        ProblemSpec problem = r.configuration().problem();
        return problem.eigenvalues() != null ? problem.eigenvalues().length : problem.dimension();
    }

    private static Column<Row> column(String name, String description, Function<Row, Object> cell) {
        return new Column<>(name, description, cell);
    }

    /** history.csv is documented in the README's prose, so its columns carry no description of their own. */
    private static Column<HistoryPoint> history(String name, Function<HistoryPoint, Object> cell) {
        return new Column<>(name, "", cell);
    }
}
