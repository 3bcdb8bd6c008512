package dev.gdbench.cli;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.Backends;
import dev.gdbench.bench.BatchBenchmark;
import dev.gdbench.bench.BenchmarkLog;
import dev.gdbench.bench.ThroughputReport;
import dev.gdbench.bench.ThroughputRow;
import dev.gdbench.bench.Workload;
import dev.gdbench.cost.HeapBudget;
import dev.gdbench.linalg.Precision;
import dev.gdbench.linalg.ProductPlanner;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.result.RunMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gdbench bench}: the JMH benchmarks through JMH's Runner, with the measured ceilings in the
 * same run; writes bench.json (JMH's own JSON) and throughput.csv, and prints one line per result.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times the parts of an iteration (each optimizer's update, each problem's gradient, a whole "
                + "iteration, the reductions) and this machine's ceilings (memory copy bandwidth, BLAS product rate) "
                + "with JMH, and reports GB/s, GFLOP/s and the fraction of the measured ceiling. Writes bench.json "
                + "(JMH JSON), throughput.csv and meta.json.")
final class BenchCommand implements Callable<Integer> {
    static final String JSON_FILE = "bench.json";
    /** JMH's own progress log: long, so it goes to a file and the terminal gets the summary. */
    static final String LOG_FILE = "jmh.log";
    /** The product planner's decisions in the forked JVMs, one JSON line each (linalg.ProductPlanner). */
    static final String PRODUCTS_FILE = "products.jsonl";
    /** Every benchmark gdbench ships. */
    static final String ALL_BENCHMARKS = "dev\\.gdbench\\.bench\\..*";

    /** --quick: short iterations, enough for a first figure in about a minute on 2 cores. */
    static final int QUICK_WARMUP_ITERATIONS = 2;
    static final int QUICK_MEASUREMENT_ITERATIONS = 3;
    static final int QUICK_ITERATION_MS = 300;
    static final int WARMUP_ITERATIONS = 3;
    static final int MEASUREMENT_ITERATIONS = 7;
    static final int ITERATION_MS = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--dims", split = ",", defaultValue = "1024", paramLabel = "LIST",
            description = "Dimensions n. Default: ${DEFAULT-VALUE}.")
    List<Integer> dims;

    @Option(names = "--batch", split = ",", defaultValue = "64", paramLabel = "LIST",
            description = "Batch sizes B (configurations per batch). Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Option(names = "--precision", split = ",", defaultValue = "fp64", paramLabel = "LIST",
            description = "fp64, fp32 or both. Default: ${DEFAULT-VALUE}.")
    List<String> precisions;

    @Option(names = "--backend", split = ",", defaultValue = "cpu,cuda", paramLabel = "LIST",
            description = "Backends to time; one that cannot run here is skipped with the reason. Default: ${DEFAULT-VALUE}.")
    List<String> backends;

    @Option(names = "--quick", description = "Short warm-up and measurement (about a minute with the defaults on 2 cores).")
    boolean quick;

    @Option(names = "--include", defaultValue = ALL_BENCHMARKS, paramLabel = "REGEX",
            description = "JMH's benchmark filter, e.g. 'Update|MatrixProduct'. Default: all gdbench benchmarks.")
    String include;

    @Option(names = "--forks", paramLabel = "N", description = "JMH forks (0 runs in this JVM). Default: 1.")
    Integer forks;

    @Option(names = "--warmup-iterations", paramLabel = "N", description = "JMH warm-up iterations.")
    Integer warmupIterations;

    @Option(names = "--iterations", paramLabel = "N", description = "JMH measurement iterations.")
    Integer measurementIterations;

    @Option(names = "--iteration-ms", paramLabel = "MS", description = "Length of each JMH iteration in milliseconds.")
    Integer iterationMillis;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        dims = ValueLists.distinct(dims);
        batches = ValueLists.distinct(batches);
        precisions = ValueLists.distinct(precisions);
        backends = ValueLists.distinct(backends);
        checkPositive("--dims", dims);
        checkPositive("--batch", batches);
        for (String precision : precisions) {
            if (!precision.equals("fp64") && !precision.equals("fp32")) {
                throw new InvalidInputException("--precision", precision + " is not allowed: fp64 or fp32");
            }
        }
        checkJmhOptions();
        checkMemory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> devices = usableBackends(err);
        if (devices.isEmpty()) {
            throw new BackendUnavailableException("--backend " + String.join(",", backends) + ": none can run here");
        }
        Path directory = output.directory();
        Files.createDirectories(directory);
        RunMetadata meta = BuildCommit.ofThisBuild().addTo(new RunMetadata().put("tool", new Main.Version().getVersion()[0]))
                .put("command_line", "gdbench bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .put("started", Instant.now().toString()).put("machine", RunMetadata.machine())
                .put("devices", devices);
        meta.write(directory);

        note(err, "bench: running JMH (log in " + directory.resolve(LOG_FILE) + ")");
        BenchmarkLog log;
        Collection<RunResult> results;
        try (PrintStream logFile = new PrintStream(directory.resolve(LOG_FILE).toFile(), StandardCharsets.UTF_8)) {
            log = new BenchmarkLog(logFile);
            results = run(options(directory, devices.keySet()), log);
        }
        List<ThroughputRow> rows = ThroughputReport.rows(results, devices::get);
        ThroughputReport.write(rows, directory.resolve(ThroughputReport.FILE));
        List<Map<String, Object>> products = productDecisions(directory);
        meta.put("products", products).write(directory);
        if (!output.quiet) {
            out.print(ThroughputReport.table(rows));
            products.stream().map(BenchCommand::productLine).distinct().forEach(out::println);
            out.println("results: " + directory.resolve(ThroughputReport.FILE) + ", " + directory.resolve(JSON_FILE));
            out.flush();
        }
        if (!log.failures().isEmpty()) {
            err.println("bench: these benchmarks failed (details in " + directory.resolve(LOG_FILE) + "): "
                    + String.join("; ", log.failures()));
            err.flush();
            return ExitCodes.BENCHMARKS_FAILED;
        }
        return ExitCodes.OK;
    }

    /** JMH's own options, refused here with the flag's name rather than by JMH with a stack trace. */
    private void checkJmhOptions() {
        checkAtLeast("--forks", forks, 0);
        checkAtLeast("--warmup-iterations", warmupIterations, 0);
        checkAtLeast("--iterations", measurementIterations, 1);
        checkAtLeast("--iteration-ms", iterationMillis, 1);
        Pattern filter;
        try {
            filter = Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException("--include", "'" + include + "' is not a regular expression: "
                    + e.getDescription() + " at index " + e.getIndex());
        }
        OutputFormat silent = OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                VerboseMode.SILENT);
        if (BenchmarkList.defaultList().find(silent, List.of(filter.pattern()), List.of()).isEmpty()) {
            throw new InvalidInputException("--include", "'" + include + "' matches no benchmark (they are named "
                    + "dev.gdbench.bench.Class.method, e.g. UpdateBenchmark.update)");
        }
    }

    private static void checkAtLeast(String flag, Integer value, int least) {
        if (value != null && value < least) {
            throw new InvalidInputException(flag, value + " is not allowed: must be >= " + least);
        }
    }

    /**
     * Every workload must fit in the heap, as a sweep's batches must: the largest is a gradient
     * benchmark's least-squares or logistic instance, m = 2n rows, with its batch of B columns.
     */
    private void checkMemory() {
        for (int n : dims) {
            for (int batch : batches) {
                for (String precision : precisions) {
                    HeapBudget.require(n, 2L * n, batch, Precision.valueOf(precision.toUpperCase(Locale.ROOT)),
                            "--dims or --batch");
                }
            }
        }
    }

    private static void checkPositive(String flag, List<Integer> values) {
        for (int value : values) {
            if (value < 1) {
                throw new InvalidInputException(flag, value + " is not allowed: sizes must be >= 1");
            }
        }
    }

    /** The requested backends that can run here, with their descriptions; the others are named with the reason. */
    private Map<String, String> usableBackends(PrintWriter err) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (String name : backends) {
            if (!Backends.NAMES.contains(name) || name.equals("auto")) {
                throw new InvalidInputException("--backend", name + " is not allowed: cpu or cuda");
            }
            try (Backend backend = Backends.choose(name).backend()) {
                devices.put(name, backend.description());
            } catch (BackendUnavailableException e) {
                note(err, "bench: skipping backend " + name + ": " + e.getMessage());
            }
        }
        return devices;
    }

    private org.openjdk.jmh.runner.options.Options options(Path directory, Collection<String> usable) {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(include)
                .param(Workload.DIMENSION, strings(dims))
                .param(Workload.BATCH, strings(batches))
                .param(Workload.PRECISION, precisions.toArray(new String[0]))
                .param(Workload.BACKEND, usable.toArray(new String[0]))
                .warmupIterations(orDefault(warmupIterations, quick ? QUICK_WARMUP_ITERATIONS : WARMUP_ITERATIONS))
                .measurementIterations(orDefault(measurementIterations,
                        quick ? QUICK_MEASUREMENT_ITERATIONS : MEASUREMENT_ITERATIONS))
                .jvmArgsAppend(BatchBenchmark.VECTOR_MODULE,
                        "-D" + ProductPlanner.LOG_PROPERTY + "=" + directory.resolve(PRODUCTS_FILE).toAbsolutePath())
                .resultFormat(ResultFormatType.JSON)
                .result(directory.resolve(JSON_FILE).toString());
        TimeValue iteration = TimeValue.milliseconds(orDefault(iterationMillis, quick ? QUICK_ITERATION_MS : ITERATION_MS));
        builder.warmupTime(iteration).measurementTime(iteration);
        if (forks != null) {
            builder.forks(forks);
        }
        return builder.build();
    }

    /** What the planner chose in every JVM the bench ran: the forks' log, and this JVM's own with --forks 0. */
    private static List<Map<String, Object>> productDecisions(Path directory) throws IOException {
        List<Map<String, Object>> decisions = new ArrayList<>(ProductPlanner.readLog(directory.resolve(PRODUCTS_FILE)));
        ProductPlanner.decisions().forEach(d -> decisions.add(d.fields()));
        return decisions;
    }

    /** "product 1024x1024 by 64 columns fp64: openblas (packed 40.1, jvm-blas 14.2, openblas 61.0 GFLOP/s)". */
    private static String productLine(Map<String, Object> decision) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rates = (Map<String, Object>) decision.get("gflop_per_s");
        StringJoiner measured = new StringJoiner(", ");
        rates.forEach((name, rate) -> measured.add(String.format(Locale.ROOT, "%s %.1f", name, ((Number) rate).doubleValue())));
        return String.format(Locale.ROOT, "planner: product %sx%s by %s columns %s: %s (%s)", decision.get("m"),
                decision.get("k"), decision.get("columns"), decision.get("precision"), decision.get("chosen"),
                rates.isEmpty() ? "not timed, the only one" : measured + " GFLOP/s");
    }

    private static Collection<RunResult> run(org.openjdk.jmh.runner.options.Options options, BenchmarkLog log) {
        try {
            return new Runner(options, log).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
        }
    }

    private static String[] strings(List<Integer> values) {
        return values.stream().map(String::valueOf).toArray(String[]::new);
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private void note(PrintWriter err, String line) {
        if (!output.quiet) {
            err.println(line);
            err.flush();
        }
    }
}
