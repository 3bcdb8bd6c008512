package dev.gdbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep run on several backends (--backend cpu,cuda): each other backend's speedup over the
 * first (its time per iteration over theirs), against n and against kappa, one line per optimizer
 * and backend, each point the median over the rows of that n (or kappa).
 */
final class SpeedupCharts {
    static final String NAME = "speedup";

    private SpeedupCharts() {}

    /** The panels that have at least two points on their axis: nothing for a sweep on one backend. */
    static List<XYChart> charts(List<ResultRow> compared) {
        List<XYChart> charts = new ArrayList<>();
        chart(compared, "n", r -> r.n()).ifPresent(charts::add);
        chart(compared, "condition number κ", ResultRow::kappa).ifPresent(charts::add);
        return charts;
    }

    private static Optional<XYChart> chart(List<ResultRow> compared, String axis,
                                                     ToDoubleFunction<ResultRow> position) {
        List<ResultRow> placed = compared.stream()
                .filter(r -> Double.isFinite(position.applyAsDouble(r)) && Double.isFinite(r.speedup()) && r.speedup() > 0)
                .toList();
        if (placed.stream().mapToDouble(position).distinct().count() < 2) {
            return Optional.empty();
        }
        XYChart chart = Charts.chart("speedup over the first backend vs " + axis, axis,
                "speedup (time per iteration ratio)");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        Map<String, List<ResultRow>> lines = placed.stream().collect(Collectors.groupingBy(
                r -> r.optimizer() + " (" + r.backend() + ")", TreeMap::new, Collectors.toList()));
        lines.forEach((name, rows) -> {
            TreeMap<Double, List<Double>> byPosition = rows.stream().collect(Collectors.groupingBy(
                    position::applyAsDouble, TreeMap::new, Collectors.mapping(ResultRow::speedup, Collectors.toList())));
            double[] x = byPosition.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = byPosition.values().stream().mapToDouble(SummaryTable::median).toArray();
            XYSeries series = Charts.optimizerLine(chart, name, rows.get(0).optimizer(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(Charts.optimizerColor(rows.get(0).optimizer()));
        });
        return Optional.of(chart);
    }
}
