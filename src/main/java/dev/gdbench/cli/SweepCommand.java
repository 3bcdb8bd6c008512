package dev.gdbench.cli;

import dev.gdbench.cost.HeapBudget;
import dev.gdbench.linalg.Blas;
import dev.gdbench.linalg.ProductPlanner;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.plan.BatchPlan;
import dev.gdbench.plan.PlanRecord;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.plan.SweepChecks;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.plan.SweepSpec;
import dev.gdbench.problem.ProblemKind;
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
        HeapBudget.requireFits(plan, settings.precision());
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
                Resume.Continuation continuation = Resume.continueSweep(directory, header, plan, laneNames);
                continuation.otherBackendsNote(laneNames).ifPresent(line -> note(err, line));
                pending = continuation.pending();
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
            meta.put("products", ProductPlanner.decisions().stream().map(ProductPlanner.Decision::fields).toList());
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

    private SweepSpec sweepSpec(RunSettings settings) {
        ProblemKind kind = problem.kind();
        double[] givenEigenvalues = problem.explicitEigenvalues();
        // A family without a prescribed Hessian ignores an explicit spectrum (IgnoredFlags says so), its n included.
        double[] eigenvalues = kind.hasConstantHessian() ? givenEigenvalues : null;
        SweepSpec sweep = new SweepSpec(kind, problem.dimensions(kind), problem.conditionNumbers(), problem.spectrumKind(),
                problem.diagonal, eigenvalues, problem.rotate, problem.vector("--x0", problem.x0),
                problem.vector("--xstar", problem.xStar), problem.rows(), problem.ridge(), problem.seedList(),
                optimizer.descriptors(), optimizer.hyperParameters(), transforms.transforms(settings.maxIterations()));
        SweepChecks.check(sweep, givenEigenvalues != null, settings.batchSize(),
                name -> OptimizerOptions.flags(name).get(0));
        return sweep;
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
