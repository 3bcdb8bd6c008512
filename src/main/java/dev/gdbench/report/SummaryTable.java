package dev.gdbench.report;

import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The summary of a sweep: per optimizer and instance size (n, kappa), the best configuration
 * (fewest iterations to the loosest tolerance, else lowest final suboptimality) with its measured
 * and predicted rate, and how many configurations converged, diverged or ran out. The terminal and
 * report.html print the same cells; the figures pick the same best configurations.
 */
public final class SummaryTable {
    /** One column: its header, its width and alignment on the terminal, and the spaces before it. */
    private record Column(String header, int width, boolean leftAligned, int gap) {
        String pad(String text) {
            String padded = width == 0 ? text
                    : String.format(Locale.ROOT, "%" + (leftAligned ? "-" : "") + width + "s", text);
            return " ".repeat(gap) + padded;
        }
    }

    public record Group(String optimizer, int n, double kappa) {
    }

    /**
     * One line of the table: a group, its best configuration, and its status counts.
     *
     * @param stalledBelowPrecision of the max-iters ones, those that met every tolerance but one
     *                              below what the run's precision reaches
     */
    public record Line(Group group, ResultRow best, long converged, long diverged, long maxIterations,
                       long stalledBelowPrecision) {
    }

    /** Marks the count of configurations that ran out only for a tolerance below the precision's floor. */
    static final String BELOW_PRECISION_MARK = "*";

    private final List<Column> columns;
    private final List<Line> lines;
    private final int headline;
    private final List<Double> belowPrecision;
    /** Per group and other backend, the median speedup of its rows over the first backend's (several --backend). */
    private final Map<Group, Map<String, Double>> speedups;
    private final List<String> comparedBackends;

    private SummaryTable(List<Column> columns, List<Line> lines, int headline, List<Double> belowPrecision,
                         Map<Group, Map<String, Double>> speedups, List<String> comparedBackends) {
        this.columns = columns;
        this.lines = lines;
        this.headline = headline;
        this.belowPrecision = belowPrecision;
        this.speedups = speedups;
        this.comparedBackends = comparedBackends;
    }

    public static SummaryTable of(List<ResultRow> results, List<Double> tolerances, int headline) {
        return of(results, tolerances, headline, List.of());
    }

    /**
     * @param tolerances the sweep's tolerances in the order of {@link ResultRow#iterationsToTolerance()}
     * @param headline   the index of the tolerance the best configuration is chosen by
     * @param belowPrecision the tolerances below what the run's precision reaches (meta.json says which)
     */
    public static SummaryTable of(List<ResultRow> results, List<Double> tolerances, int headline,
                                  List<Double> belowPrecision) {
        return of(results, tolerances, headline, belowPrecision, List.of());
    }

    /**
     * @param compared the rows of the other backends of a sweep run on several (each line then gets
     *                 each other backend's median speedup over the first)
     */
    public static SummaryTable of(List<ResultRow> results, List<Double> tolerances, int headline,
                                  List<Double> belowPrecision, List<ResultRow> compared) {
        Map<Group, List<ResultRow>> groups = new LinkedHashMap<>();
        results.stream()
                .sorted(Comparator.comparing(ResultRow::optimizer).thenComparingInt(ResultRow::n)
                        .thenComparingDouble(ResultRow::kappa))
                .forEach(r -> groups.computeIfAbsent(new Group(r.optimizer(), r.n(), r.kappa()), g -> new ArrayList<>())
                        .add(r));
        List<Line> lines = new ArrayList<>();
        groups.forEach((group, members) -> {
            long converged = members.stream().filter(r -> r.status() == Status.CONVERGED).count();
            long diverged = members.stream().filter(r -> r.status() == Status.DIVERGED).count();
            long stalled = members.stream().filter(r -> stalledBelowPrecision(r, tolerances, belowPrecision)).count();
            lines.add(new Line(group, members.stream().min((a, b) -> better(a, b, headline)).orElseThrow(), converged,
                    diverged, members.size() - converged - diverged, stalled));
        });
        List<Column> columns = List.of(new Column("optimizer", 10, true, 0), new Column("n", 6, false, 1),
                new Column("kappa", 8, false, 1), new Column("best lr", 9, false, 2), new Column("lr*L", 9, false, 1),
                new Column("momentum", 8, false, 1),
                new Column("iters@" + compact(tolerances.get(headline)), 9, false, 1),
                new Column("status", 9, true, 2), new Column("rate meas", 10, false, 1),
                new Column("rate pred", 10, false, 1), new Column("conv/div/max", 0, true, 2));
        List<String> comparedBackends = compared.stream().map(ResultRow::backend).distinct().sorted().toList();
        Map<Group, Map<String, Double>> speedups = new LinkedHashMap<>();
        compared.stream().collect(Collectors.groupingBy(r -> new Group(r.optimizer(), r.n(), r.kappa()),
                        Collectors.groupingBy(ResultRow::backend, TreeMap::new,
                                Collectors.mapping(ResultRow::speedup, Collectors.toList()))))
                .forEach((group, byBackend) -> {
                    Map<String, Double> medians = new TreeMap<>();
                    byBackend.forEach((backend, values) -> medians.put(backend, median(values)));
                    speedups.put(group, medians);
                });
        List<Column> all = new ArrayList<>(columns.subList(0, columns.size() - 1));
        comparedBackends.forEach(backend -> all.add(new Column(backend + " speedup", 13, false, 1)));
        all.add(columns.get(columns.size() - 1));
        return new SummaryTable(all, lines, headline, belowPrecision, speedups, comparedBackends);
    }

    /** The median of the finite values; NaN when there are none. */
    static double median(List<Double> values) {
        double[] finite = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int middle = finite.length / 2;
        return finite.length % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
    }

    public List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }

    public List<Line> lines() {
        return lines;
    }

    /** The cells of every line as printed, in the order of {@link #headers()}. */
    public List<List<String>> cells() {
        return lines.stream().map(this::cells).toList();
    }

    private List<String> cells(Line line) {
        ResultRow best = line.best();
        Double lr = best.hyperParameters().get(ResultRow.LR);
        Double momentum = best.hyperParameters().get("momentum");
        int iterations = best.iterationsToTolerance()[headline];
        List<String> cells = new ArrayList<>(List.of(line.group().optimizer(), Integer.toString(line.group().n()), compact(line.group().kappa()),
                lr == null ? "-" : compact(lr), lr == null ? "-" : compact(best.lrTimesL()),
                momentum == null ? "-" : compact(momentum), iterations >= 0 ? Integer.toString(iterations) : "-",
                best.status().label(), rate(best.rateMeasured()), rate(best.ratePredicted())));
        for (String backend : comparedBackends) {
            double speedup = speedups.getOrDefault(line.group(), Map.of()).getOrDefault(backend, Double.NaN);
            cells.add(Double.isNaN(speedup) ? "-" : compact(speedup) + "x");
        }
        cells.add(line.converged() + "/" + line.diverged() + "/" + line.maxIterations() + (line.stalledBelowPrecision() == 0
                ? "" : " (" + line.stalledBelowPrecision() + BELOW_PRECISION_MARK + ")"));
        return cells;
    }

    /** Ran out having met every tolerance the precision reaches, short of one it does not. */
    private static boolean stalledBelowPrecision(ResultRow row, List<Double> tolerances, List<Double> belowPrecision) {
        boolean missedBelow = false;
        for (int t = 0; t < tolerances.size(); t++) {
            boolean met = row.iterationsToTolerance()[t] >= 0;
            if (belowPrecision.contains(tolerances.get(t))) {
                missedBelow |= !met;
            } else if (!met) {
                return false;
            }
        }
        return row.status() == Status.MAX_ITERS && missedBelow;
    }

    /** The fixed-width text for the terminal, with a footnote when a count is marked. */
    public String render() {
        StringBuilder out = new StringBuilder();
        String header = row(headers());
        out.append(header).append('\n');
        out.append("-".repeat(header.length())).append('\n');
        cells().forEach(cells -> out.append(row(cells)).append('\n'));
        if (lines.stream().anyMatch(line -> line.stalledBelowPrecision() > 0)) {
            out.append("(N").append(BELOW_PRECISION_MARK).append("): N of the max-iters configurations met every "
                    + "tolerance but ").append(String.join(",", belowPrecision.stream().map(SummaryTable::compact).toList()))
                    .append(", below what the run's precision reaches\n");
        }
        return out.toString();
    }

    private String row(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            line.append(columns.get(c).pad(cells.get(c)));
        }
        return line.toString();
    }

    /** Reached the headline tolerance before not; then fewer iterations to it; then lower final suboptimality. */
    private static int better(ResultRow a, ResultRow b, int headline) {
        int aIterations = a.iterationsToTolerance()[headline];
        int bIterations = b.iterationsToTolerance()[headline];
        if ((aIterations >= 0) != (bIterations >= 0)) {
            return aIterations >= 0 ? -1 : 1;
        }
        if (aIterations >= 0 && aIterations != bIterations) {
            return Integer.compare(aIterations, bIterations);
        }
        return Double.compare(finiteOrMax(a.finalSuboptimality()), finiteOrMax(b.finalSuboptimality()));
    }

    private static double finiteOrMax(double value) {
        return Double.isFinite(value) ? value : Double.MAX_VALUE;
    }

    static String compact(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        // %.4g without the zeros it pads the fraction with: 1e-06 rather than 1.000e-06, 0.5 rather than 0.5000.
        String text = String.format(Locale.ROOT, "%.4g", value);
        int exponent = text.indexOf('e');
        String mantissa = exponent < 0 ? text : text.substring(0, exponent);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return exponent < 0 ? mantissa : mantissa + text.substring(exponent);
    }

    /** Rates near 1 differ in the 4th-6th digit, so they get six. */
    static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.6f", value);
    }
}
