package dev.gdbench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;

/** Draws every figure a results directory has the data for into its figures/ folder. */
final class Figures {
    /** Two panels side by side stay legible on a laptop screen. */
    private static final int COLUMNS = 2;
    /** history.csv columns drawn elsewhere or not diagnostics; every other column is a diagnostic. */
    private static final Set<String> NOT_DIAGNOSTICS = Set.of("loss", Trajectories.SUBOPTIMALITY.column(), "dist_to_opt",
            Trajectories.SHARPNESS.column(), Trajectories.TWO_OVER_LR.column());
    /** Axis titles of the diagnostics we know; a column added later is titled by its name. */
    private static final Map<String, String> DIAGNOSTIC_TITLES = Map.of("grad_norm", "gradient norm ‖∇f(x)‖",
            "update_norm", "update norm ‖x_k − x_{k−1}‖", "relative_update", "relative update ‖Δx‖ / ‖x‖");

    private Figures() {}

    static List<Figure> write(RunData run, SummaryTable summary) {
        Path directory = run.directory().resolve(Figure.DIRECTORY);
        List<Figure> figures = new ArrayList<>();
        if (!run.tolerances().isEmpty()) {
            int headline = run.headlineTolerance();
            double tolerance = run.tolerances().get(headline);
            List<Heatmap.Panel> panels = Heatmap.panels(run.results(), headline);
            String axes = panels.isEmpty() ? "" : " over " + panels.get(0).rows().axisTitle() + " and "
                    + panels.get(0).steps().axisTitle();
            add(figures, directory, Heatmap.NAME, Heatmap.charts(panels), "Iterations to "
                    + SummaryTable.compact(tolerance) + axes + ", in half-decade bins with the same colours in every "
                    + "report; red: diverged, grey: tolerance not reached; dashed: the stability edge "
                    + "lr_stability_limit of each row.");
            RateCharts.scaling(summary, tolerance, headline).ifPresent(chart -> add(figures, directory,
                    RateCharts.SCALING, List.of(chart), "Best iterations to tolerance against κ, with theory's slopes "
                            + "κ (gradient descent) and √κ (heavy ball, Nesterov)."));
        }
        Trajectories.Quantity convergence = Trajectories.convergence(run);
        add(figures, directory, "curves", Trajectories.charts(run, summary, convergence, "best per optimizer"),
                (convergence == Trajectories.SUBOPTIMALITY ? "Relative suboptimality" : "Relative gradient norm (f* is "
                        + "unknown)") + " of the best configuration of each optimizer (the summary table's rows).");
        RateCharts.rates(run.results()).ifPresent(chart -> add(figures, directory, RateCharts.RATES, List.of(chart),
                "Measured against predicted linear rate for every configuration that did not diverge (crosses: "
                        + "stopped at --max-iters, their rate measured on an unfinished run); on the dashed line they "
                        + "agree."));
        for (String column : run.historyColumns()) {
            if (!NOT_DIAGNOSTICS.contains(column)) {
                var quantity = new Trajectories.Quantity(column, DIAGNOSTIC_TITLES.getOrDefault(column, column), false);
                add(figures, directory, "diagnostics-" + column,
                        Trajectories.charts(run, summary, quantity, quantity.axisTitle()),
                        "Diagnostic " + column + " of the best configuration of each optimizer.");
            }
        }
        add(figures, directory, "diagnostics-stability", Trajectories.stabilityCharts(run, summary),
                "Sharpness L of the quadratic (dashed) against each best configuration's own edge "
                        + "lr_stability_limit·L/lr: stable while L stays below it (gradient descent 2/lr, heavy ball "
                        + "2(1 + β)/lr); rules without a known edge (Adam) are not drawn.");
        add(figures, directory, SpeedupCharts.NAME, SpeedupCharts.charts(run.compared()),
                "Speedup of each other backend over the first (its time per iteration over theirs), against n and κ: "
                        + "the median over each point's rows, one line per optimizer; their results agreed.");
        if (!run.throughput().isEmpty()) {
            add(figures, directory, ThroughputChart.NAME, ThroughputChart.charts(run.throughput()),
                    "Time per operation and achieved bandwidth against dimension (" + RunData.THROUGHPUT_FILE + ").");
        }
        return figures;
    }

    private static void add(List<Figure> figures, Path directory, String name, List<XYChart> panels,
                            String caption) {
        if (!panels.isEmpty()) {
            panels.forEach(Charts::widenNarrowLogAxes);
            FigureWriter.write(directory, name, panels, COLUMNS);
            figures.add(new Figure(name, caption));
        }
    }
}
