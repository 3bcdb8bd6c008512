package dev.gdbench.bench;

import dev.gdbench.cost.WorkCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Turns JMH's results into throughput figures: each benchmark's cost from {@link Operation},
 * its rate at the median time, and the fraction of the ceiling measured in the same run (copy
 * bandwidth per backend; the product's rate per backend, shape and precision).
 */
public final class ThroughputReport {
    public static final String FILE = "throughput.csv";
    /** The columns gdbench report reads back: one name for the writer and the reader. */
    public static final String BENCHMARK = "benchmark";
    public static final String N = "n";
    public static final String BATCH = "batch";
    public static final String PRECISION = "precision";
    public static final String BACKEND = "backend";
    public static final String TIME_PER_OP = "time_per_op_s";
    public static final String GB_PER_S = "gb_per_s";
    public static final String GFLOP_PER_S = "gflop_per_s";
    public static final String CEILING_NAME = "ceiling_name";
    public static final String CEILING_VALUE = "ceiling_value";
    public static final List<String> COLUMNS = List.of(BENCHMARK, N, BATCH, PRECISION, BACKEND, TIME_PER_OP,
            "time_error_s", "time_min_s", "time_max_s", GB_PER_S, GFLOP_PER_S, CEILING_NAME, CEILING_VALUE,
            "fraction_of_ceiling", "device", "fraction_of_fma_peak");

    /** Percentile of the measurement iterations reported as the time: the median, robust to a noisy neighbour. */
    static final double MEDIAN = 50;

    private ThroughputReport() {}

    private record Measured(Operation operation, Workload workload, String backend, Statistics statistics,
                            double secondsPerUnit, double error) {
        double seconds(double value) {
            return value * secondsPerUnit;
        }

        double median() {
            return seconds(statistics.getPercentile(MEDIAN));
        }

        double figure() {
            return operation.ceiling().figure(operation.cost(workload, backend), median());
        }

        /**
         * Which ceiling measurement judges this one: copy per backend; product per backend, shape,
         * precision; the FMA peak per backend, precision and core count.
         */
        String ceilingKey() {
            return switch (operation.ceiling()) {
                case COPY_BANDWIDTH -> backend;
                case MATRIX_PRODUCT -> backend + " " + workload.n() + " " + workload.batch() + " " + workload.precision();
                case FMA_PEAK -> peakKey();
            };
        }

        /** The FMA peak that this row's GFLOP/s are a fraction of. */
        String peakKey() {
            return "peak " + backend + " " + workload.precision() + (operation.onOneCore() ? " one core" : "");
        }
    }

    /** @param devices a backend's one-line description by backend name */
    public static List<ThroughputRow> rows(Collection<RunResult> results, Function<String, String> devices) {
        List<Measured> measured = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            Map<String, String> values = new HashMap<>();
            for (String key : params.getParamsKeys()) {
                values.put(key, params.getParam(key));
            }
            double secondsPerUnit = params.getTimeUnit().toNanos(1) * 1e-9;
            var primary = result.getPrimaryResult();
            measured.add(new Measured(Operation.ofBenchmark(params.getBenchmark()), Workload.of(values),
                    values.get(Workload.BACKEND), primary.getStatistics(), secondsPerUnit,
                    primary.getScoreError() * secondsPerUnit));
        }
        Map<String, Double> ceilings = new HashMap<>();
        for (Measured m : measured) {
            if (m.operation().measuresCeiling()) {
                ceilings.merge(m.ceilingKey(), m.figure(), Math::max);
            }
        }
        List<ThroughputRow> rows = new ArrayList<>();
        for (Measured m : measured) {
            WorkCount cost = m.operation().cost(m.workload(), m.backend());
            double median = m.median();
            double ceiling = ceilings.getOrDefault(m.ceilingKey(), Double.NaN);
            double peak = m.operation().ceiling() == Operation.Ceiling.COPY_BANDWIDTH ? Double.NaN
                    : ceilings.getOrDefault(m.peakKey(), Double.NaN);
            Workload w = m.workload();
            rows.add(new ThroughputRow(m.operation(), m.operation().title(w), w.n(), w.batch(), w.precision().label(), m.backend(),
                    median, m.error(), m.seconds(m.statistics().getMin()), m.seconds(m.statistics().getMax()),
                    cost.gigabytesPerSecond(median), cost.gigaflopsPerSecond(median), m.operation().ceiling(),
                    ceiling, m.figure() / ceiling, devices.apply(m.backend()), cost.gigaflopsPerSecond(median) / peak));
        }
        return rows;
    }

    public static void write(List<ThroughputRow> rows, Path file) {
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(new String[0])).setRecordSeparator('\n').get())) {
            for (ThroughputRow r : rows) {
                csv.printRecord(r.benchmark(), r.n(), r.batch(), r.precision(), r.backend(),
                        number(r.timePerOperation()), number(r.timeError()), number(r.timeMin()), number(r.timeMax()),
                        number(r.gigabytesPerSecond()), number(r.gigaflopsPerSecond()), r.ceiling().label(),
                        number(r.ceilingValue()), number(r.fractionOfCeiling()), r.device(), number(r.fractionOfFmaPeak()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** NaN (not measured, not applicable) as an empty field, as in results.csv. */
    private static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }

    /**
     * One line per row: "adam update n=1024 B=64 (n*B=2^16) fp64 cpu: 0.031 ms [0.030, 0.033],
     * 12.1 GB/s = 80% of measured 15.1 GB/s".
     */
    public static String table(List<ThroughputRow> rows) {
        StringBuilder text = new StringBuilder();
        for (ThroughputRow r : rows) {
            boolean ceilingIsRate = r.ceiling() != Operation.Ceiling.COPY_BANDWIDTH;
            double figure = ceilingIsRate ? r.gigaflopsPerSecond() : r.gigabytesPerSecond();
            String judged = Double.isNaN(r.ceilingValue()) ? "(no " + r.ceiling().label() + " ceiling in this run)"
                    : String.format(Locale.ROOT, "= %.0f%% of measured %s %s", 100 * r.fractionOfCeiling(),
                    significant(r.ceilingValue()), r.ceiling().unit());
            String ofPeak = r.ceiling() == Operation.Ceiling.FMA_PEAK || Double.isNaN(r.fractionOfFmaPeak()) ? ""
                    : String.format(Locale.ROOT, ", %.0f%% of the FMA peak", 100 * r.fractionOfFmaPeak());
            text.append(String.format(Locale.ROOT, "%-26s %-26s %s %s: %s [%s, %s], %s %s %s%s%n",
                    r.benchmark(), shape(r), r.precision(), r.backend(), duration(r.timePerOperation()),
                    duration(r.timeMin()), duration(r.timeMax()), significant(figure), r.ceiling().unit(), judged, ofPeak));
        }
        return text.toString();
    }

    private static String shape(ThroughputRow r) {
        if (r.operation().ceiling() == Operation.Ceiling.FMA_PEAK) {
            return "registers";
        }
        if (r.operation() == Operation.COPY) {
            long bytes = Ceilings.Copy.copiedBytes(r.backend());
            return bytes >= 1L << 30 ? bytes / (1L << 30) + " GiB" : bytes / (1 << 20) + " MiB";
        }
        long elements = (long) r.n() * r.batch();
        String product = Long.bitCount(elements) == 1 ? "2^" + Long.numberOfTrailingZeros(elements) : Long.toString(elements);
        return "n=" + r.n() + " B=" + r.batch() + " (n*B=" + product + ")";
    }

    private static String duration(double seconds) {
        return seconds >= 1e-3 ? significant(seconds * 1e3) + " ms" : significant(seconds * 1e6) + " us";
    }

    private static String significant(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.3g", value);
    }
}
