package dev.gdbench.report;

import dev.gdbench.bench.Operation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Throughput against dimension from throughput.csv: time per operation and achieved GB/s, one line
 * per benchmark, backend, precision and batch, with each backend's measured copy bandwidth as a
 * horizontal line on the GB/s panel (a simple roofline).
 */
final class ThroughputChart {
    static final String NAME = "throughput";

    private ThroughputChart() {}

    static List<XYChart> charts(List<ThroughputRow> rows) {
        Map<String, List<ThroughputRow>> bySeries = rows.stream().collect(Collectors.groupingBy(
                r -> r.benchmark() + " " + r.backend() + " " + r.precision() + " B=" + r.batch(), TreeMap::new,
                Collectors.toList()));
        XYChart time = panel("time per operation vs n", "time per operation (s)", bySeries,
                ThroughputRow::secondsPerOperation);
        XYChart bandwidth = panel("achieved memory bandwidth vs n", "bandwidth (GB/s)", bySeries,
                ThroughputRow::gbPerSecond);
        // Only the copy bandwidth is in GB/s; a product's ceiling is a rate (GFLOP/s) and has no place on this panel.
        Map<String, Double> ceilings = rows.stream()
                .filter(r -> r.ceilingName().equals(Operation.Ceiling.COPY_BANDWIDTH.label()) && r.ceilingValue() > 0)
                .collect(Collectors.toMap(ThroughputRow::backend, ThroughputRow::ceilingValue, Math::max, TreeMap::new));
        double[] n = {rows.stream().mapToInt(ThroughputRow::n).min().orElse(1),
                rows.stream().mapToInt(ThroughputRow::n).max().orElse(1)};
        ceilings.forEach((backend, ceiling) -> Charts.referenceLine(bandwidth, backend + " ceiling", n,
                new double[] {ceiling, ceiling}));
        return List.of(time, bandwidth);
    }

    private static XYChart panel(String title, String yTitle, Map<String, List<ThroughputRow>> bySeries,
                                 ToDoubleFunction<ThroughputRow> value) {
        XYChart chart = Charts.chart(title, "dimension n", yTitle);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        bySeries.forEach((name, members) -> {
            List<ThroughputRow> points = members.stream().filter(r -> value.applyAsDouble(r) > 0)
                    .sorted((a, b) -> Integer.compare(a.n(), b.n())).toList();
            if (!points.isEmpty()) {
                XYSeries series = chart.addSeries(name, points.stream().mapToDouble(ThroughputRow::n).toArray(),
                        points.stream().mapToDouble(value).toArray());
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        });
        return chart;
    }
}
