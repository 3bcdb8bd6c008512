package dev.gdbench.report;

import dev.gdbench.result.Status;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Iterations to tolerance over (instance x step size), one panel per optimizer and instance (and
 * per momentum where a sweep has several per instance), with the stability edge from
 * lr_stability_limit drawn on it. The rows are the condition number where the problem has one,
 * else what the sweep varies ({@link Setting}); the columns are lr*L where L is known, else lr.
 * Both axes are logarithmic: step sizes and condition numbers are log-spaced, so each cell spans
 * the geometric midpoints to its neighbours. Colours are fixed half-decade bins of iterations, the
 * same count the same colour in every panel of every report.
 */
final class Heatmap {
    static final String NAME = "heatmap";
    /** A row or column with a single value spans this factor either side of it. */
    private static final double LONE_HALF_WIDTH = Math.sqrt(2);
    private static final Color DIVERGED = new Color(0xd62728);
    private static final Color NOT_CONVERGED = new Color(0xc7c7c7);
    /** Viridis at 0, 1/8, ..., 1: ordered dark to light, readable in grey and by colour-blind readers. */
    private static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x46327e), new Color(0x365c8d),
            new Color(0x277f8e), new Color(0x1fa187), new Color(0x4ac16d), new Color(0x9fda3a), new Color(0xfde725)};
    /**
     * Upper edges of the iteration bins, half decades (1-3-10) from 10 to 10^5; counts above the last
     * edge share one more bin. Fixed rather than fitted to each figure's range, so that 250 iterations
     * has the same colour in every report.
     */
    static final int[] BIN_EDGES = {10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000};
    private static final BasicStroke CELL_OUTLINE = new BasicStroke(1.5f);
    private static final BasicStroke EDGE = new BasicStroke(2.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f);

    enum Kind { CONVERGED, NOT_CONVERGED, DIVERGED }

    /**
     * The settings of a problem instance a heatmap's rows or panels stand for, in title order. A
     * results directory holds one batch size, so rows are never batch sizes; panels name it.
     */
    enum Setting {
        DIMENSION("dimension n", "n", r -> r.n()),
        KAPPA("condition number κ = L/μ", "κ", ResultRow::kappa),
        BATCH_SIZE("mini-batch size B", "B", ResultRow::batchSize),
        SEED("seed", "seed", r -> r.seed());

        /** What rows may be, in order of preference. */
        private static final List<Setting> ROW_CANDIDATES = List.of(KAPPA, SEED, DIMENSION);

        private final String axisTitle;
        private final String symbol;
        private final ToDoubleFunction<ResultRow> value;

        Setting(String axisTitle, String symbol, ToDoubleFunction<ResultRow> value) {
            this.axisTitle = axisTitle;
            this.symbol = symbol;
            this.value = value;
        }

        double of(ResultRow row) {
            return value.applyAsDouble(row);
        }

        String axisTitle() {
            return axisTitle;
        }

        /** The condition number where every row has one, else the seed where the run has several, else n. */
        static Setting rowsOf(List<ResultRow> rows) {
            for (Setting setting : ROW_CANDIDATES) {
                boolean known = rows.stream().allMatch(r -> Double.isFinite(setting.of(r)));
                if (known && (setting == KAPPA || rows.stream().mapToDouble(setting::of).distinct().count() > 1)) {
                    return setting;
                }
            }
            return DIMENSION;
        }
    }

    /** The columns: step sizes relative to L where the problem knows L (comparable across instances), else lr. */
    enum StepAxis {
        RELATIVE("step size lr·L (lr in units of 1/L)"),
        ABSOLUTE("step size lr");

        private final String axisTitle;

        StepAxis(String axisTitle) {
            this.axisTitle = axisTitle;
        }

        double of(ResultRow row) {
            if (this == RELATIVE) {
                return row.lrTimesL();
            }
            Double lr = row.hyperParameters().get(ResultRow.LR);
            return lr == null ? Double.NaN : lr;
        }

        /** lr_stability_limit on this axis. */
        double edge(ResultRow row) {
            return this == RELATIVE ? row.stabilityLimitTimesL() : row.stabilityLimit();
        }

        String axisTitle() {
            return axisTitle;
        }

        static StepAxis of(List<ResultRow> rows) {
            return rows.stream().anyMatch(r -> Double.isFinite(r.lrTimesL())) ? RELATIVE : ABSOLUTE;
        }
    }

    /** One configuration's cell: its extent in (step size, row value) and what it shows. */
    record Cell(ResultRow row, double x0, double x1, double y0, double y1, Kind kind, int iterations) {
    }

    record Panel(String title, Setting rows, StepAxis steps, List<Cell> cells) {
    }

    private Heatmap() {}

    /**
     * Cells of every configuration with a step size on the axis, in panels by optimizer and by every
     * instance setting but the row axis (n, kappa, batch size, seed), and by the rank of its other
     * hyper-parameters (momentum, betas) among those of its instance: with momentum at theory's
     * optimum that is one panel per optimizer and instance, with --momentum 0.5,0.9 two.
     */
    static List<Panel> panels(List<ResultRow> rows, int tolerance) {
        StepAxis steps = StepAxis.of(rows);
        List<ResultRow> drawn = rows.stream().filter(r -> Double.isFinite(steps.of(r)) && steps.of(r) > 0).toList();
        Setting axis = Setting.rowsOf(drawn);
        List<Setting> panelSettings = Arrays.stream(Setting.values()).filter(a -> a != axis).toList();
        Map<String, List<ResultRow>> byPanel = new LinkedHashMap<>();
        Map<String, List<ResultRow>> byInstance = drawn.stream()
                .sorted(Comparator.comparing(ResultRow::optimizer).thenComparingInt(ResultRow::n)
                        .thenComparingDouble(ResultRow::batchSize).thenComparingLong(ResultRow::seed))
                .collect(Collectors.groupingBy(r -> r.optimizer() + settings(r, List.of(Setting.values())),
                        LinkedHashMap::new, Collectors.toList()));
        for (List<ResultRow> instance : byInstance.values()) {
            List<String> ranks = instance.stream().map(Heatmap::otherParameters).distinct().sorted().toList();
            for (ResultRow r : instance) {
                byPanel.computeIfAbsent(r.optimizer() + settings(r, panelSettings) + "/"
                        + ranks.indexOf(otherParameters(r)), key -> new ArrayList<>()).add(r);
            }
        }
        List<Panel> panels = new ArrayList<>();
        for (List<ResultRow> members : byPanel.values()) {
            panels.add(new Panel(title(members, panelSettings, drawn), axis, steps, cells(members, axis, steps,
                    tolerance)));
        }
        return panels;
    }

    private static String settings(ResultRow r, List<Setting> axes) {
        return axes.stream().map(a -> "/" + a.of(r)).collect(Collectors.joining());
    }

    static List<XYChart> charts(List<Panel> panels) {
        return panels.stream().map(Heatmap::chart).toList();
    }

    private static XYChart chart(Panel panel) {
        XYChart chart = Charts.chart(panel.title(), panel.steps().axisTitle(), panel.rows().axisTitle());
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideE);
        // Legend entries come from the first cell of each colour, so cells go in legend order.
        List<Cell> ordered = new ArrayList<>(panel.cells());
        ordered.sort(Comparator.comparingInt(Heatmap::legendOrder));
        Map<String, Integer> seen = new TreeMap<>();
        for (Cell cell : ordered) {
            String label = label(cell);
            int count = seen.merge(label, 1, Integer::sum);
            XYSeries series = chart.addSeries(count == 1 ? label : label + " #" + count,
                    new double[] {cell.x0(), cell.x1(), cell.x1(), cell.x0()},
                    new double[] {cell.y0(), cell.y0(), cell.y1(), cell.y1()});
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            Color color = color(cell);
            series.setFillColor(color);
            series.setLineColor(color);
            series.setMarker(SeriesMarkers.NONE);
            // An outline in the fill colour covers the hairline seams anti-aliasing leaves between cells.
            series.setLineStyle(CELL_OUTLINE);
            series.setShowInLegend(count == 1);
        }
        List<double[]> edge = edge(panel);
        if (!edge.isEmpty()) {
            XYSeries line = Charts.referenceLine(chart, "stability edge",
                    edge.stream().mapToDouble(p -> p[0]).toArray(), edge.stream().mapToDouble(p -> p[1]).toArray());
            line.setLineStyle(EDGE);
        }
        Charts.labelEveryTickOfNarrowLogAxes(chart);
        return chart;
    }

    /** The edge lr_stability_limit of each row on the step axis, joined into a staircase from the lowest row up. */
    static List<double[]> edge(Panel panel) {
        TreeMap<Double, Cell> firstPerRow = new TreeMap<>();
        panel.cells().forEach(c -> firstPerRow.putIfAbsent(panel.rows().of(c.row()), c));
        List<double[]> points = new ArrayList<>();
        for (Cell cell : firstPerRow.values()) {
            double limit = panel.steps().edge(cell.row());
            if (Double.isFinite(limit) && limit > 0) {
                points.add(new double[] {limit, cell.y0()});
                points.add(new double[] {limit, cell.y1()});
            }
        }
        return points;
    }

    private static List<Cell> cells(List<ResultRow> members, Setting axis, StepAxis steps, int tolerance) {
        double[] rowValues = members.stream().mapToDouble(axis::of).distinct().sorted().toArray();
        List<Cell> cells = new ArrayList<>();
        for (int k = 0; k < rowValues.length; k++) {
            double rowValue = rowValues[k];
            double[] yBounds = bounds(rowValues, k);
            List<ResultRow> row = members.stream().filter(r -> axis.of(r) == rowValue)
                    .sorted(Comparator.comparingDouble(steps::of)).toList();
            double[] stepValues = row.stream().mapToDouble(steps::of).toArray();
            for (int i = 0; i < row.size(); i++) {
                ResultRow r = row.get(i);
                double[] xBounds = bounds(stepValues, i);
                int iterations = r.iterationsToTolerance()[tolerance];
                Kind kind = r.status() == Status.DIVERGED ? Kind.DIVERGED
                        : iterations >= 0 ? Kind.CONVERGED : Kind.NOT_CONVERGED;
                cells.add(new Cell(r, xBounds[0], xBounds[1], yBounds[0], yBounds[1], kind, iterations));
            }
        }
        return cells;
    }

    /** The cell of values[i] on a log axis: from the geometric midpoint with the one below to the one above. */
    private static double[] bounds(double[] values, int i) {
        double below = i > 0 ? Math.sqrt(values[i - 1] * values[i])
                : values.length > 1 ? values[0] * values[0] / Math.sqrt(values[0] * values[1]) : values[0] / LONE_HALF_WIDTH;
        double above = i < values.length - 1 ? Math.sqrt(values[i] * values[i + 1])
                : values.length > 1 ? values[i] * values[i] / Math.sqrt(values[i - 1] * values[i]) : values[i] * LONE_HALF_WIDTH;
        return new double[] {below, above};
    }

    /** The bin of an iteration count: the index of the first edge at or above it, or one past the last edge. */
    static int bin(int iterations) {
        for (int b = 0; b < BIN_EDGES.length; b++) {
            if (iterations <= BIN_EDGES[b]) {
                return b;
            }
        }
        return BIN_EDGES.length;
    }

    /** "≤ 10 iters", "100–300 iters", "> 100000 iters". */
    static String binLabel(int bin) {
        if (bin == 0) {
            return "≤ " + BIN_EDGES[0] + " iters";
        }
        return bin == BIN_EDGES.length ? "> " + BIN_EDGES[bin - 1] + " iters"
                : BIN_EDGES[bin - 1] + "–" + BIN_EDGES[bin] + " iters";
    }

    /** Few iterations (good) get the light end, as a glance at a bright region should mean "fast". */
    static Color binColor(int bin) {
        return viridis(1 - (double) bin / BIN_EDGES.length);
    }

    private static int legendOrder(Cell cell) {
        return switch (cell.kind()) {
            case CONVERGED -> bin(cell.iterations());
            case NOT_CONVERGED -> BIN_EDGES.length + 1;
            case DIVERGED -> BIN_EDGES.length + 2;
        };
    }

    private static String label(Cell cell) {
        return switch (cell.kind()) {
            case CONVERGED -> binLabel(bin(cell.iterations()));
            case NOT_CONVERGED -> "tol not reached";
            case DIVERGED -> "diverged";
        };
    }

    private static Color color(Cell cell) {
        return switch (cell.kind()) {
            case CONVERGED -> binColor(bin(cell.iterations()));
            case NOT_CONVERGED -> NOT_CONVERGED;
            case DIVERGED -> DIVERGED;
        };
    }

    /** Viridis at a position in [0, 1], interpolated between its stops so that every bin gets its own colour. */
    private static Color viridis(double position) {
        double scaled = position * (VIRIDIS.length - 1);
        int below = Math.min((int) scaled, VIRIDIS.length - 2);
        double t = scaled - below;
        Color a = VIRIDIS[below];
        Color b = VIRIDIS[below + 1];
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    /** Hyper-parameters other than lr, as text: what tells two configurations of one step size apart. */
    private static String otherParameters(ResultRow r) {
        return r.hyperParameters().entrySet().stream().filter(e -> !e.getKey().equals(ResultRow.LR))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /**
     * The optimizer, the instance settings that are not the row axis (n always; kappa, batch size
     * and seed where the problem has them; the seed only where the run has several), and the other
     * hyper-parameters of the panel.
     */
    private static String title(List<ResultRow> members, List<Setting> panelSettings, List<ResultRow> all) {
        ResultRow first = members.get(0);
        StringBuilder title = new StringBuilder(first.optimizer());
        for (Setting setting : panelSettings) {
            double value = setting.of(first);
            boolean shown = switch (setting) {
                case DIMENSION -> true;
                case SEED -> all.stream().mapToLong(ResultRow::seed).distinct().count() > 1;
                case KAPPA, BATCH_SIZE -> Double.isFinite(value);
            };
            if (shown) {
                title.append(", ").append(setting.symbol).append(" = ").append(SummaryTable.compact(value));
            }
        }
        Map<String, TreeSet<Double>> values = new LinkedHashMap<>();
        for (ResultRow r : members) {
            r.hyperParameters().forEach((name, value) -> {
                if (!name.equals(ResultRow.LR)) {
                    values.computeIfAbsent(name, n -> new TreeSet<>()).add(value);
                }
            });
        }
        String parameters = values.entrySet().stream().map(e -> e.getKey() + " " + (e.getValue().size() == 1
                ? SummaryTable.compact(e.getValue().first())
                : SummaryTable.compact(e.getValue().first()) + "–" + SummaryTable.compact(e.getValue().last())))
                .collect(Collectors.joining(", "));
        return title + (parameters.isEmpty() ? "" : " (" + parameters + ")");
    }
}
