package dev.gdbench.result;

import dev.gdbench.problem.ProblemKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Appends each batch's rows to results.csv and history.csv and flushes, so an interrupted sweep
 * keeps every batch it finished. Numbers are written round-trippable; NaN (not applicable) as an
 * empty field, infinities as inf / -inf.
 */
public final class ResultsWriter implements AutoCloseable {
    public static final String RESULTS_FILE = "results.csv";
    public static final String HISTORY_FILE = "history.csv";

    private final List<String> hyperParameters;
    private final CSVPrinter results;
    private final CSVPrinter history;

    /**
     * @param append continue files a {@link Resume} kept (no header written) instead of starting them
     */
    public ResultsWriter(Path directory, List<String> hyperParameters, List<Double> tolerances, boolean append) {
        this.hyperParameters = hyperParameters;
        try {
            Files.createDirectories(directory);
            results = open(directory.resolve(RESULTS_FILE), ResultColumns.results(hyperParameters, tolerances), append);
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
                results.printRecord(row(r, speedup));
            }
            for (HistoryPoint p : batch.history()) {
                history.printRecord(p.configurationId(), p.iteration(), number(p.loss()), number(p.suboptimality()),
                        number(p.gradientNorm()), number(p.distanceToMinimizer()), number(p.updateNorm()),
                        number(p.relativeUpdate()), number(p.sharpness()), number(p.stabilityEdge()));
            }
            results.flush();
            history.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append results", e);
        }
    }

    private List<Object> row(RunResult r, ToDoubleFunction<RunResult> speedup) {
        List<Object> row = new ArrayList<>();
        var p = r.problem();
        row.add(r.configurationId());
        row.add(p.kind().cliName());
        row.add(p.eigenvalues() != null ? p.eigenvalues().length : p.dimension());
        row.add(number(p.effectiveKappa()));
        row.add(p.spectrumLabel());
        row.add(p.kind().hasRows() ? p.effectiveRows() : "");
        row.add(p.kind() == ProblemKind.LOGISTIC ? number(p.ridge()) : "");
        row.add(p.seed());
        row.add(r.precision());
        row.add(r.divergence());
        row.add(r.backend());
        row.add(r.device());
        row.add(r.optimizer());
        for (String name : hyperParameters) {
            Double value = r.hyperParameters().get(name);
            row.add(value == null ? "" : number(value));
        }
        row.add(r.transforms().schedule().label());
        row.add(number(r.transforms().clipNorm()));
        row.add(number(r.transforms().clipValue()));
        row.add(r.batchSize() > 0 ? r.batchSize() : "");
        Double lr = r.hyperParameters().get("lr");
        row.add(lr == null ? "" : number(lr * r.smoothness()));
        row.add(r.status().label());
        row.add(r.iterations());
        for (int iterations : r.iterationsToTolerance()) {
            row.add(iterations < 0 ? "" : iterations);
        }
        row.add(number(r.finalLoss()));
        row.add(number(r.finalSuboptimality()));
        row.add(number(r.finalGradientNorm()));
        row.add(number(r.finalDistance()));
        row.add(number(r.rateMeasured()));
        row.add(number(r.ratePredicted()));
        row.add(number(r.stabilityLimit()));
        row.add(r.functionEvaluations());
        row.add(r.gradientEvaluations());
        BatchThroughput throughput = r.throughput();
        row.add(number(throughput.secondsPerIteration()));
        row.add(number(throughput.configurationIterationsPerSecond()));
        row.add(number(throughput.bytesPerIteration()));
        row.add(number(throughput.flopsPerIteration()));
        row.add(number(throughput.gigabytesPerSecond()));
        row.add(number(throughput.gigaflopsPerSecond()));
        row.add(r.batchColumns());
        row.add(number(speedup.applyAsDouble(r)));
        row.add(r.finalIterate().length <= RunResult.MAX_LISTED_DIMENSION ? vector(r.finalIterate()) : "");
        return row;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    /** Values separated by ';' so the field needs no quoting. */
    static String vector(double[] values) {
        if (values == null) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(";");
        for (double value : values) {
            joiner.add(number(value));
        }
        return joiner.toString();
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
