package dev.gdbench.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gdbench.bench.ThroughputReport;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.result.ResultColumns;
import dev.gdbench.result.ResultsWriter;
import dev.gdbench.result.RunMetadata;
import dev.gdbench.result.Status;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A results directory read back from its files, with no re-run. Every file may be missing and
 * the CSVs may end in a half-written row (an interrupted sweep): what can be read is kept and
 * what could not is listed in {@link #notes()}.
 *
 * @param meta       meta.json as a tree of maps, lists and values; empty when missing
 * @param tolerances the tolerances of the iters_to_tol_* columns, in column order
 * @param results    the rows of the first backend (of a sweep that compared several, the
 *                   reference: every figure but the speedup's is drawn from them)
 * @param compared   the rows of the other backends of a sweep with several --backend; empty with one
 * @param history    trajectories by configuration id; empty when history.csv is missing
 * @param throughput rows of throughput.csv; empty when the directory has none
 */
public record RunData(Path directory, Map<String, Object> meta, List<Double> tolerances, List<ResultRow> results,
                      List<ResultRow> compared, Map<Integer, Trajectory> history, List<String> historyColumns,
                      List<ThroughputRow> throughput, List<String> notes) {
    /** Written by the throughput harness (gdbench bench) beside the sweep's files. */
    public static final String THROUGHPUT_FILE = ThroughputReport.FILE;
    private static final String CONFIG_ID = ResultColumns.CONFIG_ID.name();
    private static final String ITERATION = ResultColumns.ITERATION.name();
    private static final String BATCH_SIZE = ResultColumns.BATCH_SIZE.name();
    private static final String SPEEDUP = ResultColumns.SPEEDUP.name();

    public static RunData read(Path directory) {
        List<String> notes = new ArrayList<>();
        Map<String, Object> meta = readMeta(directory.resolve(RunMetadata.FILE), notes);
        List<Double> tolerances = new ArrayList<>();
        List<ResultRow> allRows = readCsv(directory.resolve(ResultsWriter.RESULTS_FILE), notes, header -> {
            header.stream().filter(c -> c.startsWith(ResultColumns.TOLERANCE_PREFIX))
                    .forEach(c -> tolerances.add(Double.parseDouble(c.substring(ResultColumns.TOLERANCE_PREFIX.length()))));
            // The numeric hyper-parameter columns, whichever of them this file has (older runs have fewer).
            List<String> hyperParameters = header.stream().filter(Optimizers.allHyperParameters()::contains).toList();
            return record -> resultRow(record, hyperParameters, tolerances);
        });
        List<String> historyColumns = new ArrayList<>();
        List<HistoryRow> historyRows = readCsv(directory.resolve(ResultsWriter.HISTORY_FILE), notes, header -> {
            header.stream().filter(c -> !c.equals(CONFIG_ID) && !c.equals(ITERATION)).forEach(historyColumns::add);
            return record -> historyRow(record, historyColumns);
        });
        Map<Integer, Trajectory> history = new HashMap<>();
        historyRows.stream().collect(Collectors.groupingBy(HistoryRow::configurationId, LinkedHashMap::new,
                Collectors.toList())).forEach((id, rows) -> history.put(id, trajectory(rows, historyColumns)));
        Path throughputFile = directory.resolve(THROUGHPUT_FILE);
        List<ThroughputRow> throughput = Files.exists(throughputFile)
                ? readCsv(throughputFile, notes, header -> RunData::throughputRow) : List.of();
        String reference = allRows.isEmpty() ? "" : allRows.get(0).backend();
        Map<Boolean, List<ResultRow>> byBackend = allRows.stream()
                .collect(Collectors.partitioningBy(r -> r.backend().equals(reference)));
        return new RunData(directory, meta, List.copyOf(tolerances), byBackend.get(true), byBackend.get(false), history,
                historyColumns, throughput, notes);
    }

    /** The loosest tolerance's index: the one every run is most likely to have met, as the summary ranks by. */
    public int headlineTolerance() {
        int loosest = 0;
        for (int t = 1; t < tolerances.size(); t++) {
            if (tolerances.get(t) > tolerances.get(loosest)) {
                loosest = t;
            }
        }
        return loosest;
    }

    private static Map<String, Object> readMeta(Path file, List<String> notes) {
        if (!Files.exists(file)) {
            notes.add(file.getFileName() + " is missing");
            return Map.of();
        }
        try {
            return new ObjectMapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            notes.add(file.getFileName() + " could not be read: " + e.getMessage().lines().findFirst().orElse(""));
            return Map.of();
        }
    }

    /**
     * Parses every complete row. A sweep writes whole rows, each ending in a newline, so text after
     * the last newline is a row cut short by an interruption; it is skipped, as are rows that do not
     * parse, and both are counted in the notes.
     *
     * @param parser given the header, returns the function that turns one record into a value
     */
    private static <T> List<T> readCsv(Path file, List<String> notes, Function<List<String>, Function<CSVRecord, T>> parser) {
        List<T> values = new ArrayList<>();
        if (!Files.exists(file)) {
            notes.add(file.getFileName() + " is missing");
            return values;
        }
        try {
            String text = Files.readString(file);
            int complete = text.lastIndexOf('\n') + 1;
            int skipped = complete < text.length() ? 1 : 0;
            try (var csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(text.substring(0, complete)))) {
                Function<CSVRecord, T> row = parser.apply(csv.getHeaderNames());
                for (CSVRecord record : csv) {
                    try {
                        if (!record.isConsistent()) {
                            throw new IllegalArgumentException("cut short");
                        }
                        values.add(row.apply(record));
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                }
            }
            if (skipped > 0) {
                notes.add(file.getFileName() + ": skipped " + skipped + " incomplete row(s)");
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException
                 | IndexOutOfBoundsException e) {
            // A header without the columns a reader needs (another format) ends the file here, not the report.
            notes.add(file.getFileName() + " could not be read: " + e.getMessage());
        }
        return values;
    }

    private static ResultRow resultRow(CSVRecord record, List<String> hyperParameterNames, List<Double> tolerances) {
        Map<String, Double> hyperParameters = new LinkedHashMap<>();
        for (String name : hyperParameterNames) {
            double value = number(record.get(name));
            if (!Double.isNaN(value)) {
                hyperParameters.put(name, value);
            }
        }
        int[] toTolerance = new int[tolerances.size()];
        for (int t = 0; t < toTolerance.length; t++) {
            String text = record.get(ResultColumns.toleranceColumn(tolerances.get(t)));
            toTolerance[t] = text.isEmpty() ? -1 : Integer.parseInt(text);
        }
        // Runs before mini-batch sampling have no batch_size column: their gradients were full-batch.
        double batchSize = record.isMapped(BATCH_SIZE) ? number(record.get(BATCH_SIZE)) : Double.NaN;
        return new ResultRow(Integer.parseInt(record.get(CONFIG_ID)), Integer.parseInt(field(record, ResultColumns.N)),
                number(field(record, ResultColumns.KAPPA)), Long.parseLong(field(record, ResultColumns.SEED)), batchSize,
                field(record, ResultColumns.OPTIMIZER), hyperParameters, number(field(record, ResultColumns.LR_TIMES_L)),
                Status.fromLabel(field(record, ResultColumns.STATUS)), Integer.parseInt(field(record, ResultColumns.ITERATIONS)),
                toTolerance, number(field(record, ResultColumns.FINAL_SUBOPTIMALITY)),
                number(field(record, ResultColumns.RATE_MEASURED)), number(field(record, ResultColumns.RATE_PREDICTED)),
                number(field(record, ResultColumns.LR_STABILITY_LIMIT)), field(record, ResultColumns.BACKEND),
                record.isMapped(SPEEDUP) ? number(record.get(SPEEDUP)) : Double.NaN);
    }

    private static String field(CSVRecord record, ResultColumns.Column<?> column) {
        return record.get(column.name());
    }

    /** One row of history.csv, parsed while reading so that a malformed row is skipped like a cut one. */
    private record HistoryRow(int configurationId, int iteration, double[] values) {
    }

    private static HistoryRow historyRow(CSVRecord record, List<String> columns) {
        return new HistoryRow(Integer.parseInt(record.get(CONFIG_ID)), Integer.parseInt(record.get(ITERATION)),
                columns.stream().mapToDouble(c -> number(record.get(c))).toArray());
    }

    private static Trajectory trajectory(List<HistoryRow> rows, List<String> columns) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            int column = c;
            values.put(columns.get(c), rows.stream().mapToDouble(r -> r.values()[column]).toArray());
        }
        return new Trajectory(rows.stream().mapToInt(HistoryRow::iteration).toArray(), values);
    }

    private static ThroughputRow throughputRow(CSVRecord r) {
        return new ThroughputRow(r.get(ThroughputReport.BENCHMARK), Integer.parseInt(r.get(ThroughputReport.N)),
                Integer.parseInt(r.get(ThroughputReport.BATCH)), r.get(ThroughputReport.PRECISION),
                r.get(ThroughputReport.BACKEND), number(r.get(ThroughputReport.TIME_PER_OP)),
                number(r.get(ThroughputReport.GB_PER_S)), number(r.get(ThroughputReport.GFLOP_PER_S)),
                r.get(ThroughputReport.CEILING_NAME), number(r.get(ThroughputReport.CEILING_VALUE)));
    }

    /** The inverse of ResultsWriter's number format: empty is NaN, inf / -inf are infinities. */
    static double number(String text) {
        return switch (text) {
            case "" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
