package dev.gdbench.report;

import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Theory against measurement: the measured linear rate of every configuration against the rate
 * theory predicts for it, and the best iterations to tolerance against kappa with the slopes
 * theory gives (kappa for gradient descent, sqrt(kappa) for the accelerated methods).
 */
final class RateCharts {
    static final String RATES = "rates";
    static final String SCALING = "scaling";
    /** Theory's slope for gradient descent; every other optimizer is drawn against sqrt(kappa). */
    private static final String LINEAR_SLOPE_OPTIMIZER = "gd";
    private static final List<String> ACCELERATED = List.of("heavyball", "nesterov");

    private RateCharts() {}

    /**
     * Rates near 1 differ in their last digits, so both axes show 1 - rate on a log scale: the
     * identity stays the diagonal and kappa = 10 and 10^4 both get room. Diverged configurations
     * have no measured rate. Configurations stopped at --max-iters get their own series (a cross
     * in the optimizer's colour): their rate is measured on a run that never finished, and a
     * point among the converged ones would read as agreement.
     */
    static Optional<XYChart> rates(List<ResultRow> rows) {
        Map<String, List<ResultRow>> bySeries = rows.stream()
                .filter(r -> r.status() != Status.DIVERGED && gap(r.rateMeasured()) > 0 && gap(r.ratePredicted()) > 0)
                .collect(Collectors.groupingBy(RateCharts::rateSeries, TreeMap::new, Collectors.toList()));
        if (bySeries.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = Charts.chart("measured vs predicted linear rate ρ", "1 − ρ predicted (per iteration)",
                "1 − ρ measured (per iteration)");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.InsideSE);
        double low = Double.MAX_VALUE;
        double high = 0;
        for (var entry : bySeries.entrySet()) {
            double[] x = entry.getValue().stream().mapToDouble(r -> gap(r.ratePredicted())).toArray();
            double[] y = entry.getValue().stream().mapToDouble(r -> gap(r.rateMeasured())).toArray();
            for (int i = 0; i < x.length; i++) {
                low = Math.min(low, Math.min(x[i], y[i]));
                high = Math.max(high, Math.max(x[i], y[i]));
            }
            ResultRow first = entry.getValue().get(0);
            XYSeries series = chart.addSeries(entry.getKey(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(first.status() == Status.MAX_ITERS ? SeriesMarkers.CROSS : SeriesMarkers.CIRCLE);
            series.setMarkerColor(Charts.optimizerColor(first.optimizer()));
        }
        Charts.referenceLine(chart, "measured = predicted", new double[] {low, high}, new double[] {low, high});
        return Optional.of(chart);
    }

    /** "gd" for the configurations that ended converged, "gd (max-iters)" for those --max-iters stopped. */
    static String rateSeries(ResultRow row) {
        return row.optimizer() + (row.status() == Status.MAX_ITERS ? " (" + Status.MAX_ITERS.label() + ")" : "");
    }

    /** Absent with fewer than two condition numbers: a slope needs two points. */
    static Optional<XYChart> scaling(SummaryTable summary, double tolerance, int headline) {
        Map<String, List<SummaryTable.Line>> byOptimizer = summary.lines().stream()
                .filter(l -> l.best().iterationsToTolerance()[headline] > 0)
                .collect(Collectors.groupingBy(l -> l.group().optimizer() + nSuffix(summary, l), TreeMap::new,
                        Collectors.toList()));
        long kappas = summary.lines().stream().mapToDouble(l -> l.group().kappa()).distinct().count();
        if (byOptimizer.isEmpty() || kappas < 2) {
            return Optional.empty();
        }
        XYChart chart = Charts.chart("best iterations to " + SummaryTable.compact(tolerance) + " vs κ",
                "condition number κ = L/μ", "iterations to tolerance (best step size)");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        List<double[]> linearAnchor = new ArrayList<>();
        List<double[]> rootAnchor = new ArrayList<>();
        for (var entry : byOptimizer.entrySet()) {
            double[] kappa = entry.getValue().stream().mapToDouble(l -> l.group().kappa()).toArray();
            double[] iterations = entry.getValue().stream()
                    .mapToDouble(l -> l.best().iterationsToTolerance()[headline]).toArray();
            String optimizer = entry.getValue().get(0).group().optimizer();
            XYSeries series = Charts.optimizerLine(chart, entry.getKey(), optimizer, kappa, iterations);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(Charts.optimizerColor(optimizer));
            if (optimizer.equals(LINEAR_SLOPE_OPTIMIZER)) {
                linearAnchor.add(new double[] {kappa[0], iterations[0]});
            } else if (ACCELERATED.contains(optimizer)) {
                rootAnchor.add(new double[] {kappa[0], iterations[0]});
            }
        }
        double[] range = summary.lines().stream().mapToDouble(l -> l.group().kappa()).sorted().toArray();
        double last = range[range.length - 1];
        // Each reference starts at the first point of its optimizers, so the slope is what is compared.
        linearAnchor.stream().findFirst().ifPresent(a -> Charts.referenceLine(chart, "∝ κ (gd theory)",
                new double[] {a[0], last}, new double[] {a[1], a[1] * last / a[0]}));
        rootAnchor.stream().min((a, b) -> Double.compare(a[1], b[1])).ifPresent(a -> Charts.referenceLine(chart,
                "∝ √κ (accelerated theory)", new double[] {a[0], last}, new double[] {a[1], a[1] * Math.sqrt(last / a[0])})
                .setLineColor(Charts.SECOND_REFERENCE));
        return Optional.of(chart);
    }

    private static String nSuffix(SummaryTable summary, SummaryTable.Line line) {
        boolean severalSizes = summary.lines().stream().mapToInt(l -> l.group().n()).distinct().count() > 1;
        return severalSizes ? ", n = " + line.group().n() : "";
    }

    private static double gap(double rate) {
        return Double.isFinite(rate) ? 1 - rate : Double.NaN;
    }
}
