package dev.gdbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's own text output, into a log, remembering which benchmarks ended without a result. JMH logs
 * a benchmark that throws and goes on with the next, and its Runner returns only the results: the
 * failures are the benchmarks that started and never ended with one.
 */
public final class BenchmarkLog implements OutputFormat {
    private final OutputFormat text;
    private final Set<String> unfinished = new LinkedHashSet<>();

    public BenchmarkLog(PrintStream log) {
        this.text = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
    }

    /**
     * The benchmarks that failed where they apply, as {@code Class.method (key=value, ...)}; a
     * CPU-only measure started on another backend fails by design and is not counted.
     */
    public List<String> failures() {
        return List.copyOf(unfinished);
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        if (Operation.find(params.getBenchmark()).map(o -> o.appliesTo(params.getParam(Workload.BACKEND))).orElse(true)) {
            unfinished.add(label(params));
        }
        text.startBenchmark(params);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result != null) {
            unfinished.remove(label(result.getParams()));
        }
        text.endBenchmark(result);
    }

    private static String label(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        Collection<String> keys = params.getParamsKeys();
        return keys.isEmpty() ? name : name + keys.stream().map(k -> k + "=" + params.getParam(k))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    @Override
    public void iteration(BenchmarkParams benchmark, IterationParams iteration, int index) {
        text.iteration(benchmark, iteration, index);
    }

    @Override
    public void iterationResult(BenchmarkParams benchmark, IterationParams iteration, int index, IterationResult result) {
        text.iterationResult(benchmark, iteration, index, result);
    }

    @Override
    public void startRun() {
        text.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> results) {
        text.endRun(results);
    }

    @Override
    public void print(String s) {
        text.print(s);
    }

    @Override
    public void println(String s) {
        text.println(s);
    }

    @Override
    public void flush() {
        text.flush();
    }

    @Override
    public void close() {
        text.close();
    }

    @Override
    public void verbosePrintln(String s) {
        text.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        text.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        text.write(b);
    }
}
