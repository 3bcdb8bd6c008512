package dev.gdbench.report;

import dev.gdbench.result.Status;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Iterations to tolerance over (kappa x lr*L), one panel per optimizer (and per momentum where a
 * sweep has several per instance), with the stability edge from lr_stability_limit drawn on it.
 * Both axes are logarithmic: the sweep's step sizes and condition numbers are log-spaced, so each
 * cell spans the geometric midpoints to its neighbours. Colours are bins of 1-2-5 per decade, the
 * same bins in every panel.
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
    private static final BasicStroke CELL_OUTLINE = new BasicStroke(1.5f);
    private static final BasicStroke EDGE = new BasicStroke(2.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f);
    private static final double[] ONE_TWO_FIVE = {1, 2, 5};

    enum Kind { CONVERGED, NOT_CONVERGED, DIVERGED }

    /** One configuration's cell: its extent in (lr*L, kappa) and what it shows. */
    record Cell(ResultRow row, double x0, double x1, double y0, double y1, Kind kind, int iterations) {
    }

    record Panel(String title, List<Cell> cells) {
    }

    private Heatmap() {}

    /**
     * Cells of every configuration with a known L, in panels by optimizer and n, and by the rank of
     * its other hyper-parameters (momentum, betas) among those of its instance: with momentum
     * at theory's optimum that is one panel per optimizer, with --momentum 0.5,0.9 two.
     */
    static List<Panel> panels(List<ResultRow> rows, int tolerance) {
        Map<String, List<ResultRow>> byPanel = new LinkedHashMap<>();
        Map<String, List<ResultRow>> byInstance = rows.stream().filter(r -> Double.isFinite(r.lrTimesL()))
                .sorted(Comparator.comparing(ResultRow::optimizer).thenComparingInt(ResultRow::n))
                .collect(Collectors.groupingBy(r -> r.optimizer() + "/" + r.n() + "/" + r.kappa(), LinkedHashMap::new,
                        Collectors.toList()));
        for (List<ResultRow> instance : byInstance.values()) {
            List<String> ranks = instance.stream().map(Heatmap::otherParameters).distinct().sorted().toList();
            for (ResultRow r : instance) {
                byPanel.computeIfAbsent(r.optimizer() + "/" + r.n() + "/" + ranks.indexOf(otherParameters(r)),
                        key -> new ArrayList<>()).add(r);
            }
        }
        List<Panel> panels = new ArrayList<>();
        for (List<ResultRow> members : byPanel.values()) {
            panels.add(new Panel(title(members), cells(members, tolerance)));
        }
        return panels;
    }

    static List<XYChart> charts(List<Panel> panels) {
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        for (Panel panel : panels) {
            for (Cell cell : panel.cells()) {
                if (cell.kind() == Kind.CONVERGED) {
                    fewest = Math.min(fewest, Math.max(1, cell.iterations()));
                    most = Math.max(most, Math.max(1, cell.iterations()));
                }
            }
        }
        double[] bins = fewest > most ? new double[0] : bins(fewest, most);
        return panels.stream().map(panel -> chart(panel, bins)).toList();
    }

    private static XYChart chart(Panel panel, double[] bins) {
        XYChart chart = Charts.chart(panel.title(), "step size lr·L (lr in units of 1/L)", "condition number κ = L/μ");
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideE);
        // Legend entries come from the first cell of each colour, so cells go in legend order.
        List<Cell> ordered = new ArrayList<>(panel.cells());
        ordered.sort(Comparator.comparingInt(c -> legendOrder(c, bins)));
        Map<String, Integer> seen = new TreeMap<>();
        for (Cell cell : ordered) {
            String label = label(cell, bins);
            int count = seen.merge(label, 1, Integer::sum);
            XYSeries series = chart.addSeries(count == 1 ? label : label + " #" + count,
                    new double[] {cell.x0(), cell.x1(), cell.x1(), cell.x0()},
                    new double[] {cell.y0(), cell.y0(), cell.y1(), cell.y1()});
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            Color color = color(cell, bins);
            series.setFillColor(color);
            series.setLineColor(color);
            series.setMarker(SeriesMarkers.NONE);
            // An outline in the fill colour covers the hairline seams anti-aliasing leaves between cells.
            series.setLineStyle(CELL_OUTLINE);
            series.setShowInLegend(count == 1);
        }
        List<double[]> edge = edge(panel.cells());
        if (!edge.isEmpty()) {
            XYSeries line = Charts.referenceLine(chart, "stability edge",
                    edge.stream().mapToDouble(p -> p[0]).toArray(), edge.stream().mapToDouble(p -> p[1]).toArray());
            line.setLineStyle(EDGE);
        }
        return chart;
    }

    /** The edge lr_stability_limit * L of each kappa row, joined into a staircase from the lowest kappa up. */
    static List<double[]> edge(List<Cell> cells) {
        TreeMap<Double, Cell> firstPerRow = new TreeMap<>();
        cells.forEach(c -> firstPerRow.putIfAbsent(c.row().kappa(), c));
        List<double[]> points = new ArrayList<>();
        for (Cell cell : firstPerRow.values()) {
            double limit = cell.row().stabilityLimitTimesL();
            if (Double.isFinite(limit) && limit > 0) {
                points.add(new double[] {limit, cell.y0()});
                points.add(new double[] {limit, cell.y1()});
            }
        }
        return points;
    }

    private static List<Cell> cells(List<ResultRow> members, int tolerance) {
        double[] kappas = members.stream().mapToDouble(ResultRow::kappa).distinct().sorted().toArray();
        List<Cell> cells = new ArrayList<>();
        for (int k = 0; k < kappas.length; k++) {
            double kappa = kappas[k];
            double[] yBounds = bounds(kappas, k);
            List<ResultRow> row = members.stream().filter(r -> r.kappa() == kappa)
                    .sorted(Comparator.comparingDouble(ResultRow::lrTimesL)).toList();
            double[] steps = row.stream().mapToDouble(ResultRow::lrTimesL).toArray();
            for (int i = 0; i < row.size(); i++) {
                ResultRow r = row.get(i);
                double[] xBounds = bounds(steps, i);
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

    /** Upper bin edges 1, 2, 5, 10, 20, ... from the one at or below fewest to the one at or above most. */
    static double[] bins(int fewest, int most) {
        List<Double> edges = new ArrayList<>();
        for (double decade = Math.pow(10, Math.floor(Math.log10(fewest))); edges.isEmpty()
                || edges.get(edges.size() - 1) < most; decade *= 10) {
            for (double step : ONE_TWO_FIVE) {
                double edge = step * decade;
                if (edge >= fewest && (edges.isEmpty() || edges.get(edges.size() - 1) < most)) {
                    edges.add(edge);
                }
            }
        }
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int bin(int iterations, double[] bins) {
        for (int b = 0; b < bins.length; b++) {
            if (iterations <= bins[b]) {
                return b;
            }
        }
        return bins.length - 1;
    }

    private static int legendOrder(Cell cell, double[] bins) {
        return switch (cell.kind()) {
            case CONVERGED -> bin(cell.iterations(), bins);
            case NOT_CONVERGED -> bins.length;
            case DIVERGED -> bins.length + 1;
        };
    }

    private static String label(Cell cell, double[] bins) {
        return switch (cell.kind()) {
            case CONVERGED -> {
                int b = bin(cell.iterations(), bins);
                yield b == 0 ? String.format(Locale.ROOT, "≤ %.0f iters", bins[0])
                        : String.format(Locale.ROOT, "%.0f–%.0f iters", bins[b - 1], bins[b]);
            }
            case NOT_CONVERGED -> "tol not reached";
            case DIVERGED -> "diverged";
        };
    }

    private static Color color(Cell cell, double[] bins) {
        return switch (cell.kind()) {
            case CONVERGED -> {
                // Few iterations (good) get the light end, as a glance at a bright region should mean "fast".
                double position = bins.length == 1 ? 0 : 1 - (double) bin(cell.iterations(), bins) / (bins.length - 1);
                yield viridis(position);
            }
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

    private static String title(List<ResultRow> members) {
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
        return members.get(0).optimizer() + ", n = " + members.get(0).n()
                + (parameters.isEmpty() ? "" : " (" + parameters + ")");
    }
}
