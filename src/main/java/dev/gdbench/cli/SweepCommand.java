package dev.gdbench.cli;

import dev.gdbench.linalg.Blas;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.LineSearchDescent;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.BatchPlan;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.ParamValue;
import dev.gdbench.plan.PlanRecord;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.plan.SweepSpec;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.report.Report;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.ResultColumns;
import dev.gdbench.result.ResultsWriter;
import dev.gdbench.result.Resume;
import dev.gdbench.result.RunMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gdbench sweep}: expand the grid, run it batch by batch, write results as they complete. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs every optimizer x hyper-parameter on every problem instance (n x kappa x seed) and writes "
                + "results.csv, history.csv and meta.json, then prints a summary and writes report.html with figures "
                + "(unless --no-report). With no options: gd, heavyball, "
                + "nesterov and adam on quadratics with n = 256, kappa in {10, 100, 1000, 10000}, "
                + OptimizerOptions.DEFAULT_LR_SCALE_TEXT + ", momentum at theory's optimum.")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problem;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    TransformOptions transforms;

    @Mixin
    RunOptions run;

    @Mixin
    OutputOptions output;

    @Mixin
    ShardOptions shards;

    @Mixin
    DeviceOptions devices;

    @Override
    public Integer call() {
        RunSettings settings = run.settings();
        SweepSpec sweep = sweepSpec(settings);
        SweepPlan plan = SweepPlan.expand(sweep);
        checkMemory(plan, settings);
        PlanRecord planRecord = PlanRecord.of(plan, settings);
        List<String> backendNames = run.backendNames();
        List<Integer> deviceOrdinals = devices.ordinals(backendNames);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        ShardOptions.Share share = shards.share(plan, settings, System.getenv(), line -> note(err, line));
        planRecord = share.record(planRecord);
        plan = share.plan();

        List<String> header = ResultColumns.results(Optimizers.allHyperParameters(), settings.tolerances());
        IgnoredFlags.lines(sweep, spec.commandLine().getParseResult()).forEach(line -> note(err, line));
        int cpuThreads = run.cpuThreads();
        Path directory;
        List<String> disagreements = new ArrayList<>();
        try (BackendRuns backends = new BackendRuns(backendNames, deviceOrdinals, settings, cpuThreads, line -> note(err, line))) {
            List<String> laneNames = backends.lanes().stream().map(lane -> lane.backend().name()).toList();
            List<BatchPlan> pending;
            if (output.resume) {
                directory = output.resumable(planRecord);
                pending = resume(plan, directory, header, laneNames, err);
            } else {
                directory = output.claim(planRecord);
                pending = plan.batches();
            }
            int pendingConfigurations = pending.stream().mapToInt(b -> b.configurations().size()).sum();
            int batchesKept = plan.batches().size() - pending.size();
            for (BackendRuns.Lane lane : backends.lanes()) {
                note(err, "backend: " + lane.backend().description() + " (" + lane.choice().reason() + ")");
            }
            if (backends.comparing()) {
                note(err, "comparing: every batch runs on " + String.join(", ", laneNames) + "; results must agree with "
                        + laneNames.get(0) + "'s, speedups are over " + laneNames.get(0));
            }
            note(err, String.format(Locale.ROOT, "plan: %d configurations in %d batches, max %d iterations, results in %s%s",
                    plan.configurationCount(), plan.batches().size(), settings.maxIterations(), directory,
                    output.resume ? String.format(Locale.ROOT, " (resuming: %d batches to run)", pending.size()) : ""));
            boolean onGradientNorm = !sweep.problem().knowsMinimum();
            List<Double> beyondPrecision = settings.tolerancesBelowPrecisionFloor(onGradientNorm);
            if (!beyondPrecision.isEmpty()) {
                note(err, String.format(Locale.ROOT, "%s: --tol %s is below what %s reaches (%s stalls near %.1g, "
                                + "where steps fall under half an ulp of x): configurations that meet the other "
                                + "tolerances then run to --max-iters; the summary marks them with *",
                        settings.precision().label(), String.join(",", beyondPrecision.stream()
                                .map(t -> ResultColumns.toleranceColumn(t).substring(ResultColumns.TOLERANCE_PREFIX.length()))
                                .toList()), settings.precision().label(),
                        onGradientNorm ? "|g|/|g0|" : "the relative suboptimality",
                        settings.precision().stallingRelativeTolerance(onGradientNorm)));
            }
            RunMetadata meta = metadata(settings, backends, plan).put("cpu_threads", cpuThreads)
                    .put(RunMetadata.TOLERANCES_BELOW_PRECISION_FLOOR, beyondPrecision);
            share.addTo(meta);
            meta.put("devices", backends.devices());
            meta.put("completed", false).put("resumed_batches_kept", batchesKept).write(directory);
            long start = System.nanoTime();
            try (InterruptNotice interrupt = new InterruptNotice(err, directory, plan.batches().size(), batchesKept,
                         arguments);
                 ResultsWriter writer = new ResultsWriter(directory, Optimizers.allHyperParameters(),
                         settings.tolerances(), output.resume);
                 SweepProgress progress = SweepProgress.shared(SweepProgress.choose(output.quiet, err,
                         pendingConfigurations * backends.lanes().size(), settings.maxIterations(), pending.size(),
                         String.join(",", laneNames)))) {
                AtomicInteger batchesDone = new AtomicInteger();
                BatchWorkers.forEach(pending, backends.workers(), batchPlan -> {
                    BackendRuns.Outcome outcome = backends.run(SweepPlan.realize(batchPlan), progress);
                    // One batch at a time: its rows stay together and the count of kept batches is exact.
                    synchronized (writer) {
                        if (outcome.disagreement().isPresent()) {
                            String line = "batch " + ProgressLines.instance(batchPlan.problem()) + ": "
                                    + outcome.disagreement().get() + "; its rows are not written (--resume runs it again)";
                            note(err, line);
                            disagreements.add(line);
                        } else {
                            write(writer, outcome.results(), backends.comparing());
                            interrupt.batchKept();
                        }
                        progress.batchDone(batchesDone.incrementAndGet(), batchPlan.problem(), outcome.results().get(0));
                    }
                });
                meta.put("batches_on_cpu_fallback", backends.batchesOnCpu()).put("batch_splits", backends.batchesSplit())
                        .put("batches_disagreeing", disagreements.size());
            }
            meta.put("completed", disagreements.isEmpty()).put("finished", Instant.now().toString())
                    .put("seconds", (System.nanoTime() - start) * 1e-9).write(directory);
        }
        // The summary and the report are read back from the files, as `gdbench report` reads them.
        if (!output.quiet) {
            out.print(Report.summary(directory));
            out.println("results: " + directory.resolve(ResultsWriter.RESULTS_FILE));
            out.flush();
        }
        if (!output.noReport) {
            Path page = Report.write(List.of(directory), directory.resolve(Report.FILE), line -> note(err, line));
            note(err, "report: " + page);
        }
        if (!disagreements.isEmpty()) {
            err.println("sweep: the backends disagreed on " + disagreements.size() + " batch(es), named above; "
                    + "their rows are not written");
            err.flush();
            return ExitCodes.BACKENDS_DISAGREE;
        }
        return ExitCodes.OK;
    }

    /** The whole plan this command line resolves to: gdbench slurm checks a sweep's options with it before writing scripts. */
    SweepPlan plan() {
        return SweepPlan.expand(sweepSpec(run.settings()));
    }

    /**
     * The first backend's rows with its trajectories, then each other backend's rows with their
     * speedup over it (history.csv keeps the first backend's trajectories only: they agree).
     */
    private static void write(ResultsWriter writer, List<BatchResult> results, boolean comparing) {
        if (!comparing) {
            writer.append(results.get(0));
            return;
        }
        Map<Integer, Double> referenceSeconds = BackendRuns.referenceSecondsPerIteration(results.get(0));
        writer.append(results.get(0), r -> BackendRuns.speedup(referenceSeconds, r));
        for (BatchResult other : results.subList(1, results.size())) {
            writer.append(new BatchResult(other.results(), List.of()), r -> BackendRuns.speedup(referenceSeconds, r));
        }
    }

    /** The batches still to run in an interrupted sweep's directory (see {@link Resume#continueWith}). */
    private List<BatchPlan> resume(SweepPlan plan, Path directory, List<String> header, List<String> backends,
                                   PrintWriter err) {
        Resume.Continuation continuation;
        try {
            continuation = Resume.load(directory, header).continueWith(plan, backends);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--resume", e.getMessage());
        }
        if (!continuation.otherBackends().isEmpty()) {
            note(err, "resume: the kept rows were made on " + String.join(", ", continuation.otherBackends())
                    + ", the rest run on " + String.join(", ", backends) + " (the backend column says which made each row)");
        }
        return continuation.pending();
    }

    private SweepSpec sweepSpec(RunSettings settings) {
        ProblemKind kind = problem.kind();
        double[] givenEigenvalues = problem.explicitEigenvalues();
        // A family without a prescribed Hessian ignores an explicit spectrum (IgnoredFlags says so), its n included.
        double[] eigenvalues = kind.hasConstantHessian() ? givenEigenvalues : null;
        List<Integer> dims = problem.dimensions(kind);
        List<Double> kappas = problem.conditionNumbers();
        double[] x0 = problem.vector("--x0", problem.x0);
        double[] xStar = problem.vector("--xstar", problem.xStar);
        if (givenEigenvalues == null && problem.rotate) {
            throw new InvalidInputException("--rotate", "only applies with --eigenvalues");
        }
        if (problem.rotate && problem.diagonal) {
            throw new InvalidInputException("--diagonal", "contradicts --rotate: Q = I or a random Q, not both");
        }
        List<Integer> sizes = eigenvalues != null ? List.of(eigenvalues.length) : dims;
        for (int n : sizes) {
            if (x0 != null && x0.length != n) {
                throw new InvalidInputException("--x0", "has " + x0.length + " entries but n = " + n);
            }
            if (xStar != null && xStar.length != n) {
                throw new InvalidInputException("--xstar", "has " + xStar.length + " entries but n = " + n);
            }
            if (kind.hasConstantHessian() && eigenvalues == null && n == 1 && kappas.stream().anyMatch(k -> k != 1)) {
                throw new InvalidInputException("--kappas", "n = 1 has a single eigenvalue, so kappa must be 1");
            }
            int rows = problem.rows(kind, n);
            if (settings.batchSize() != RunSettings.FULL_BATCH && (!kind.hasRows() || settings.batchSize() > rows)) {
                throw new InvalidInputException("--batch-size", settings.batchSize() + " is not allowed: mini-batches "
                        + "need least-squares or logistic and B <= m = " + rows);
            }
        }
        List<OptimizerDescriptor> descriptors = optimizer.descriptors();
        Transforms around = transforms.transforms(settings.maxIterations());
        for (OptimizerDescriptor descriptor : descriptors) {
            if (LineSearchDescent.DESCRIPTORS.contains(descriptor) && !around.equals(Transforms.NONE)) {
                throw new InvalidInputException("--line-search", descriptor.name() + " picks its own step; it does not "
                        + "combine with --schedule or --clip-norm/--clip-value");
            }
            if (LineSearchDescent.DESCRIPTORS.contains(descriptor) && settings.batchSize() != RunSettings.FULL_BATCH) {
                throw new InvalidInputException("--batch-size", descriptor.name() + " searches on the full objective; "
                        + "run line searches full-batch");
            }
            if (descriptor == LineSearchDescent.EXACT && !kind.hasConstantHessian()) {
                throw new InvalidInputException("--line-search", "exact needs a constant Hessian (quadratic, "
                        + "least-squares), not " + kind.cliName());
            }
        }
        Map<String, List<ParamValue>> hyperParameters = optimizer.hyperParameters();
        if (!kind.knowsSmoothness()) {
            requireAbsolute(kind, descriptors, hyperParameters);
        }
        return new SweepSpec(kind, dims, kappas, problem.spectrumKind(), problem.diagonal, eigenvalues, problem.rotate,
                x0, xStar, problem.rows(), problem.ridge(), problem.seedList(), descriptors, hyperParameters, around);
    }

    /** Without mu and L there is no lr = s/L and no theory's optimum: only absolute values can run. */
    private static void requireAbsolute(ProblemKind kind, List<OptimizerDescriptor> descriptors,
                                        Map<String, List<ParamValue>> hyperParameters) {
        for (OptimizerDescriptor descriptor : descriptors) {
            for (String name : descriptor.hyperParameters()) {
                for (ParamValue value : hyperParameters.getOrDefault(name, List.of())) {
                    if (!(value instanceof ParamValue.Absolute)) {
                        String flag = !HyperParameter.LEARNING_RATE.equals(name) ? OptimizerOptions.flags(name).get(0)
                                : value instanceof ParamValue.RelativeToSmoothness ? "--lr-scale" : "--lr";
                        throw new InvalidInputException(flag, "'" + value + "' needs L and mu, which " + kind.cliName()
                                + " does not have; give absolute values (--lr, --momentum)");
                    }
                }
            }
        }
    }

    private static void checkMemory(SweepPlan plan, RunSettings settings) {
        for (BatchPlan batch : plan.batches()) {
            ProblemSpec p = batch.problem();
            long n = p.eigenvalues() != null ? p.eigenvalues().length : p.dimension();
            HeapBudget.require(n, p.kind().hasRows() ? p.effectiveRows() : n, batch.configurations().size(),
                    settings.precision(), "--dims or the grid");
        }
    }

    private RunMetadata metadata(RunSettings settings, BackendRuns backends, SweepPlan plan) {
        Map<String, String> described = new LinkedHashMap<>();
        backends.lanes().forEach(lane -> described.put(lane.backend().name(), lane.backend().description()));
        return BuildCommit.ofThisBuild().addTo(new RunMetadata()
                .put("tool", new Main.Version().getVersion()[0]))
                .put("command_line", "gdbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .put("started", Instant.now().toString())
                .put("backend", backends.reference().name())
                .put("backend_description", backends.reference().description())
                .put("backends", described)
                .put("machine", RunMetadata.machine())
                .put("cpu_blas", Blas.implementation())
                .put("settings", settings)
                .put("seeds", problem.seedList())
                .put("configurations", plan.configurationCount())
                .put("batches", plan.batches().size());
    }

    private void note(PrintWriter err, String line) {
        if (!output.quiet) {
            err.println(line);
            err.flush();
        }
    }
}
