package dev.gdbench.result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Appends each batch's rows to results.csv and history.csv and flushes, so an interrupted sweep
 * keeps every batch it finished. The columns and their cells are {@link ResultColumns}'.
 */
public final class ResultsWriter implements AutoCloseable {
    public static final String RESULTS_FILE = "results.csv";
    public static final String HISTORY_FILE = "history.csv";

    private final List<ResultColumns.Column<ResultColumns.Row>> resultColumns;
    private final CSVPrinter results;
    private final CSVPrinter history;

    /**
     * @param append continue files a {@link Resume} kept (no header written) instead of starting them
     */
    public ResultsWriter(Path directory, List<String> hyperParameters, List<Double> tolerances, boolean append) {
        this.resultColumns = ResultColumns.table(hyperParameters, tolerances);
        try {
            Files.createDirectories(directory);
            results = open(directory.resolve(RESULTS_FILE), ResultColumns.names(resultColumns), append);
            history = open(directory.resolve(HISTORY_FILE), ResultColumns.HISTORY, append);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + directory, e);
        }
    }

    private static CSVPrinter open(Path file, List<String> header, boolean append) throws IOException {
        boolean continuing = append && Files.exists(file);
        var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                continuing ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n');
        if (!continuing) {
            format.setHeader(header.toArray(new String[0]));
        }
        return new CSVPrinter(writer, format.get());
    }

    /** A batch of a sweep on one backend: no speedup to record. */
    public void append(BatchResult batch) {
        append(batch, r -> Double.NaN);
    }

    /**
     * @param speedup per row, the reference backend's time per iteration over this row's (1 on the
     *                reference's own rows), NaN where only one backend ran
     *                (synchronized: workers on several GPUs append whole batches, one at a time)
     */
    public synchronized void append(BatchResult batch, ToDoubleFunction<RunResult> speedup) {
        try {
            for (RunResult r : batch.results()) {
                results.printRecord(cells(resultColumns, new ResultColumns.Row(r, speedup.applyAsDouble(r))));
            }
            for (HistoryPoint p : batch.history()) {
                history.printRecord(cells(ResultColumns.HISTORY_TABLE, p));
            }
            results.flush();
            history.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append results", e);
        }
    }

    private static <R> List<Object> cells(List<ResultColumns.Column<R>> columns, R row) {
        return columns.stream().map(c -> c.cell().apply(row)).toList();
    }

    @Override
    public void close() {
        try {
            results.close();
            history.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
