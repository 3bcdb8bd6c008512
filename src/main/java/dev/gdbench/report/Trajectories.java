package dev.gdbench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * A history.csv column against the iteration for the best configuration of each optimizer (the
 * summary table's choice), one panel per instance size (n, kappa). Both axes are logarithmic:
 * history is sampled log-spaced, and one panel holds runs of 100 and of 20000 iterations.
 */
final class Trajectories {
    /** The column and how it is shown. */
    record Quantity(String column, String axisTitle, boolean relativeToStart) {
    }

    private record Instance(int n, double kappa) {
        /** "κ = 100, n = 16"; problems without a condition number (logistic, Rosenbrock, Beale) by n alone. */
        String label() {
            return (Double.isNaN(kappa) ? "" : "κ = " + SummaryTable.compact(kappa) + ", ") + "n = " + n;
        }
    }

    static final Quantity SUBOPTIMALITY = new Quantity("suboptimality", "(f − f*) / (f₀ − f*)", true);
    /** The convergence criterion where f* is unknown (logistic regression): |g| / |g0|. */
    static final Quantity RELATIVE_GRADIENT = new Quantity("grad_norm", "‖∇f(x)‖ / ‖∇f(x₀)‖", true);
    static final Quantity SHARPNESS = new Quantity("sharpness", "sharpness L", false);
    static final Quantity TWO_OVER_LR = new Quantity("two_over_lr", "2/lr", false);

    private Trajectories() {}

    /** What the run converges by: the relative suboptimality where f* is known, else the relative gradient norm. */
    static Quantity convergence(RunData run) {
        boolean knowsOptimum = run.history().values().stream()
                .map(t -> t.values().get(SUBOPTIMALITY.column()))
                .anyMatch(values -> values != null && Arrays.stream(values).anyMatch(Double::isFinite));
        return knowsOptimum ? SUBOPTIMALITY : RELATIVE_GRADIENT;
    }

    static List<XYChart> charts(RunData run, SummaryTable summary, Quantity quantity, String titlePrefix) {
        List<XYChart> charts = new ArrayList<>();
        byInstance(summary).forEach((instance, lines) -> {
            XYChart chart = Charts.chart(titlePrefix + ", " + instance.label(), "iteration", quantity.axisTitle());
            // Curves fall from the top left to the bottom right; the bottom left stays empty for the legend.
            chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                    .setLegendPosition(Styler.LegendPosition.InsideSW);
            for (SummaryTable.Line line : lines) {
                Trajectory trajectory = run.history().get(line.best().configurationId());
                if (trajectory == null || !trajectory.values().containsKey(quantity.column())) {
                    continue;
                }
                double[][] points = positivePoints(trajectory, quantity);
                if (points[0].length > 1) {
                    Charts.optimizerLine(chart, label(line.best()), line.best().optimizer(), points[0], points[1]);
                }
            }
            if (!chart.getSeriesMap().isEmpty()) {
                charts.add(chart);
            }
        });
        return charts;
    }

    /**
     * The stability picture of a quadratic: each best configuration's own edge against the
     * instance's sharpness L, dashed. A configuration is stable while L stays below its edge, the
     * largest sharpness its step tolerates: lr_stability_limit · L / lr (2/lr for gradient descent,
     * 2(1 + β)/lr for heavy ball), following 2/lr where a schedule moves the step. Configurations
     * whose rule has no known edge (an empty lr_stability_limit: Adam and the other adaptive rules)
     * draw nothing. The y axis is linear: the values sit within a decade, where a log axis has no
     * labelled ticks.
     */
    static List<XYChart> stabilityCharts(RunData run, SummaryTable summary) {
        List<XYChart> charts = new ArrayList<>();
        byInstance(summary).forEach((instance, lines) -> {
            XYChart chart = Charts.chart("stability edge, " + instance.label(), "iteration",
                    "edge and sharpness L (1/step-size units)");
            chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideE);
            double[][] sharpness = null;
            for (SummaryTable.Line line : lines) {
                ResultRow best = line.best();
                Trajectory trajectory = run.history().get(best.configurationId());
                if (trajectory == null || !trajectory.values().containsKey(TWO_OVER_LR.column())) {
                    continue;
                }
                double[][] edge = edge(best, trajectory);
                if (edge[0].length > 1) {
                    Charts.optimizerLine(chart, "edge " + label(best), best.optimizer(), edge[0], edge[1]);
                }
                if (sharpness == null && trajectory.values().containsKey(SHARPNESS.column())) {
                    sharpness = positivePoints(trajectory, SHARPNESS);
                }
            }
            if (!chart.getSeriesMap().isEmpty() && sharpness != null && sharpness[0].length > 1) {
                Charts.referenceLine(chart, "sharpness L", sharpness[0], sharpness[1]);
                charts.add(chart);
            }
        });
        return charts;
    }

    /**
     * A configuration's edge over the iterations: lr_stability_limit · L in units of the step, times
     * 1/lr at each iteration (history's 2/lr, halved); no points where the rule has no known limit.
     */
    static double[][] edge(ResultRow row, Trajectory trajectory) {
        double limitTimesL = row.stabilityLimitTimesL();
        double[][] twoOverLr = positivePoints(trajectory, TWO_OVER_LR);
        if (!(Double.isFinite(limitTimesL) && limitTimesL > 0)) {
            return new double[][] {new double[0], new double[0]};
        }
        return new double[][] {twoOverLr[0], Arrays.stream(twoOverLr[1]).map(v -> limitTimesL * v / 2).toArray()};
    }

    private static Map<Instance, List<SummaryTable.Line>> byInstance(SummaryTable summary) {
        Map<Instance, List<SummaryTable.Line>> byInstance = new LinkedHashMap<>();
        summary.lines().stream()
                .sorted(Comparator.comparingInt((SummaryTable.Line l) -> l.group().n())
                        .thenComparingDouble(l -> l.group().kappa()))
                .forEach(l -> byInstance.computeIfAbsent(new Instance(l.group().n(), l.group().kappa()),
                        g -> new ArrayList<>()).add(l));
        return byInstance;
    }

    /** Iteration 0 and non-positive values have no place on log axes; the start still scales relative values. */
    private static double[][] positivePoints(Trajectory trajectory, Quantity quantity) {
        double[] values = trajectory.values().get(quantity.column());
        double start = quantity.relativeToStart() && trajectory.iterations()[0] == 0 ? values[0] : 1;
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double value = values[i] / start;
            if (trajectory.iterations()[i] > 0 && value > 0 && Double.isFinite(value)) {
                points.add(new double[] {trajectory.iterations()[i], value});
            }
        }
        Function<Integer, double[]> column = c -> points.stream().mapToDouble(p -> p[c]).toArray();
        return new double[][] {column.apply(0), column.apply(1)};
    }

    private static String label(ResultRow best) {
        return best.optimizer() + " (lr·L " + SummaryTable.compact(best.lrTimesL()) + ")";
    }
}
