package dev.gdbench.cli;

import dev.gdbench.backend.Backends;
import dev.gdbench.backend.cuda.CudaBackend;
import dev.gdbench.backend.cuda.CudaMapEngine;
import dev.gdbench.backend.cuda.KernelModule;
import dev.gdbench.cost.HeapBudget;
import dev.gdbench.linalg.Precision;
import dev.gdbench.map.LaneRule;
import dev.gdbench.map.MapAxis;
import dev.gdbench.map.MapEngine;
import dev.gdbench.map.MapFiles;
import dev.gdbench.map.MapRow;
import dev.gdbench.map.MapRunner;
import dev.gdbench.map.MapTheory;
import dev.gdbench.map.SmallProblemEngine;
import dev.gdbench.map.StabilityMap;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.BatchPlan;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.ConfigurationSpec;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.ParamValue;
import dev.gdbench.plan.PlanRecord;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.report.StabilityMapFigure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdbench map}: a fine grid of two parameters on a small quadratic, Rosenbrock or Beale, run by the map engine. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Stability map: every point of a grid over two parameters (step size x momentum, or step size "
                + "x kappa) on a small quadratic, rosenbrock or beale (n <= " + SmallProblemEngine.MAX_DIMENSION + ", default --dims " + MapCommand.DEFAULT_DIMS + "), run to the end by a "
                + "lane-parallel CPU engine (--backend cuda: a GPU kernel, one thread per point) that gives exactly the "
                + "numbers sweep gives. Writes one folder of .npy grid "
                + "files per optimizer and instance, best.csv, and figures with theory's stability limit and optimum.")
final class MapCommand implements Callable<Integer> {
    /** Bytes a point holds while it runs and is written, besides 8 per hyper-parameter: status, iterations, three rates. */
    static final long BYTES_PER_POINT = 1 + 4 + 3 * 8;
    /** n when --dims is not given: the plane, where the course material draws its maps. */
    static final String DEFAULT_DIMS = "2";
    private static final String CUDA = "cuda";
    /** The problems a map runs: the quadratic, and the classic test functions through the engine's lane gradients. */
    static final List<ProblemKind> PROBLEMS = List.of(ProblemKind.QUADRATIC, ProblemKind.ROSENBROCK, ProblemKind.BEALE);

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problem;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    RunOptions run;

    @Mixin
    OutputOptions output;

    @Option(names = "--x-axis", required = true, paramLabel = "NAME=A:B:N",
            description = "The horizontal axis: N points from A to B (A:B:logN for log spacing); NAME is lr, lr-scale "
                    + "(lr = s/L), momentum, beta1, beta2 (adam) or kappa. Example: lr-scale=0.01:2.5:1000.")
    String xAxis;

    @Option(names = "--y-axis", required = true, paramLabel = "NAME=A:B:N",
            description = "The vertical axis, as --x-axis; kappa goes here (one instance per row). "
                    + "Example: momentum=0:0.99:1000.")
    String yAxis;

    @Override
    public Integer call() {
        MapAxis x = MapAxis.parse("--x-axis", xAxis);
        MapAxis y = MapAxis.parse("--y-axis", yAxis);
        checkAxes(x, y);
        RunSettings settings = run.settings();
        checkSettings(settings);
        if (!problem.kind().hasConstantHessian() && y.parameter() == MapAxis.Parameter.KAPPA) {
            throw new InvalidInputException("--y-axis", "kappa is no axis of " + problem.kind().cliName()
                    + ": its Hessian at the minimum fixes it (an axis of the quadratic only)");
        }
        List<LaneRule> rules = rules(x, y);
        List<ProblemSpec> instances = instances(y);
        long points = (long) x.size() * y.size();
        int parameters = rules.stream().mapToInt(r -> r.descriptor().hyperParameters().size()).max().orElse(1);
        long bytes = points * (BYTES_PER_POINT + 8L * parameters + 4L * settings.tolerances().size());
        if (onGpu() && rules.contains(LaneRule.ADAM)) { // its bias corrections: max-iters per distinct beta, at most an axis each
            bytes += 8L * (x.size() + y.size()) * settings.maxIterations();
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > HeapBudget.HEAP_FRACTION * heap) {
            throw new InvalidInputException("--x-axis", String.format(Locale.ROOT, "%d x %d points need about %.1f GB, "
                    + "more than %.0f%% of the %.1f GB heap (fewer points, or raise -Xmx)", x.size(), y.size(),
                    bytes / 1e9, 100 * HeapBudget.HEAP_FRACTION, heap / 1e9));
        }
        int threads = run.cpuThreads();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        PlanRecord plan = plan(rules, instances, x, y, settings);
        Path directory;
        if (output.resume) {
            directory = output.resumable(plan);
        } else {
            directory = output.directory();
            if (Files.exists(directory.resolve(MapRunner.BEST_FILE))) { // a map from before maps recorded plan.json
                throw new InvalidInputException("--out", directory + " already holds a map (" + MapRunner.BEST_FILE
                        + "); give another --out");
            }
            directory = OutputOptions.claim(directory, plan);
        }
        List<StabilityMap> maps = new ArrayList<>();
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        try (MapEngine engine = engine(threads);
             InterruptNotice interrupt = new InterruptNotice(err, directory, rules.size() * instances.size(), 0, arguments,
                     "maps")) {
            for (LaneRule rule : rules) {
                for (ProblemSpec template : instances) {
                    List<MapRow> rows = rows(rule, template, x, y);
                    String instance = label(template, rows, y);
                    Path folder = directory.resolve(MapRunner.MAPS_DIRECTORY).resolve(folderName(rule, instance));
                    StabilityMap map = output.resume ? kept(folder, err) : null;
                    if (map == null) {
                        map = runMap(engine, rule, instance, x, y, rows, settings, folder, err);
                    }
                    maps.add(map);
                    interrupt.batchKept(); // a map's files are complete once its map.json is written
                }
            }
        }
        String summary = MapRunner.summary(maps);
        try {
            Files.writeString(directory.resolve(MapRunner.BEST_FILE), MapRunner.bestCsv(maps));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!output.quiet) {
            out.print(summary);
            out.println("best points: " + directory.resolve(MapRunner.BEST_FILE));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** One optimizer's map on one instance on {@code engine}, its files written into {@code folder} as it finishes. */
    private StabilityMap runMap(MapEngine engine, LaneRule rule, String instance, MapAxis x, MapAxis y, List<MapRow> rows,
                                RunSettings settings, Path folder, PrintWriter err) {
        note(err, String.format(Locale.ROOT, "map %s %s: %d x %d points, max %d iterations, %s",
                rule.descriptor().name(), instance, x.size(), y.size(), settings.maxIterations(), engine.description()));
        double kernelBefore = engine.kernelSeconds().orElse(0);
        try (MapProgress progress = new MapProgress(output.quiet ? null : err, (long) x.size() * y.size())) {
            StabilityMap map = MapRunner.run(engine, rule, instance, x, y, rows, settings, progress::add);
            OptionalDouble kernelSeconds = engine.kernelSeconds().isPresent()
                    ? OptionalDouble.of(engine.kernelSeconds().getAsDouble() - kernelBefore) : OptionalDouble.empty();
            MapFiles.write(folder, map, kernelSeconds);
            if (!output.noReport) {
                StabilityMapFigure.write(folder);
            }
            note(err, "map: " + folder + " (" + progress.elapsed() + (kernelSeconds.isPresent()
                    ? String.format(Locale.ROOT, "; kernel %.3f ms", 1e3 * kernelSeconds.getAsDouble()) : "") + ")");
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * --resume: the map a run before this one finished in {@code folder} (the plan is already known
     * to be this one), or null when it has to run: absent, or cut off while its files were written.
     */
    private StabilityMap kept(Path folder, PrintWriter err) {
        if (!Files.exists(folder.resolve(MapFiles.DESCRIPTION))) {
            return null;
        }
        try {
            StabilityMap map = MapFiles.read(folder);
            if (!output.noReport && !Files.exists(folder.resolve(StabilityMapFigure.ITERATIONS + ".png"))) {
                StabilityMapFigure.write(folder); // the run stopped between the files and the figures
            }
            note(err, "map: " + folder + " (kept)");
            return map;
        } catch (IOException | RuntimeException unreadable) { // a truncated file: run the map again
            return null;
        }
    }

    private static void checkAxes(MapAxis x, MapAxis y) {
        if (x.parameter().hyperParameter() != null && x.parameter().hyperParameter().equals(y.parameter().hyperParameter())) {
            throw new InvalidInputException("--y-axis", y.parameter().cliName() + " varies what --x-axis "
                    + x.parameter().cliName() + " varies; give two different parameters");
        }
        if (x.parameter() == MapAxis.Parameter.KAPPA) {
            throw new InvalidInputException("--x-axis", "kappa goes on --y-axis (each row is an instance of its own)");
        }
    }

    private void checkSettings(RunSettings settings) {
        if (settings.precision() != Precision.FP64) {
            throw new InvalidInputException("--precision", "map runs fp64 only (the values sweep gives in fp64)");
        }
        if (settings.batchSize() != RunSettings.FULL_BATCH) {
            throw new InvalidInputException("--batch-size", "map runs full-batch gradients only");
        }
        if (!List.of(List.of("auto"), List.of("cpu"), List.of(CUDA)).contains(run.backendNames())) {
            throw new InvalidInputException("--backend", "map runs on one backend: cpu (auto: the CPU) or cuda");
        }
        if (onGpu() && settings.tolerances().size() > KernelModule.MAP_MAX_TOLERANCES) {
            throw new InvalidInputException(settings.absoluteTolerance() ? "--tol-abs" : "--tol", "gives "
                    + settings.tolerances().size() + " tolerances; map --backend cuda tracks at most "
                    + KernelModule.MAP_MAX_TOLERANCES);
        }
        if (!PROBLEMS.contains(problem.kind())) {
            throw new InvalidInputException("--problem", "map runs " + PROBLEMS.stream().map(ProblemKind::cliName).toList()
                    + ", not " + problem.kind().cliName());
        }
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            throw new InvalidInputException("map", "needs the Vector API: run java with --add-modules=jdk.incubator.vector "
                    + "(./gdbench does)");
        }
    }

    /** Only an explicit --backend cuda runs the map on the GPU: auto keeps to the CPU engine, which needs no device. */
    private boolean onGpu() {
        return run.backendNames().equals(List.of(CUDA));
    }

    /** The engine --backend asks for; without a usable GPU, --backend cuda ends here in one line (exit 3). */
    private MapEngine engine(int threads) {
        if (!onGpu()) {
            return MapEngine.cpu(threads);
        }
        return new CudaMapEngine((CudaBackend) Backends.requestedCuda(0).backend());
    }

    /** The listed optimizers, each of which must take both axes; without --optimizers, those of the map's that do. */
    private List<LaneRule> rules(MapAxis x, MapAxis y) {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--optimizers");
        List<LaneRule> rules = new ArrayList<>();
        if (!given) {
            for (LaneRule rule : LaneRule.values()) {
                if (takes(rule.descriptor(), x) && takes(rule.descriptor(), y)) {
                    rules.add(rule);
                }
            }
            // the rules theory speaks for, unless only others take both axes (beta1 x beta2: adam)
            List<LaneRule> withTheory = rules.stream().filter(LaneRule::linear).toList();
            return withTheory.isEmpty() ? rules : withTheory;
        }
        for (OptimizerDescriptor descriptor : optimizer.descriptors()) {
            LaneRule rule = LaneRule.of(descriptor).orElseThrow(() -> new InvalidInputException("--optimizers",
                    "map runs " + LaneRule.names() + ", not " + descriptor.name()));
            for (var axis : List.of(Map.entry("--x-axis", x), Map.entry("--y-axis", y))) {
                if (!takes(descriptor, axis.getValue())) {
                    throw new InvalidInputException(axis.getKey(), descriptor.name() + " has no "
                            + axis.getValue().parameter().cliName() + "; it takes " + descriptor.hyperParameters());
                }
            }
            rules.add(rule);
        }
        return rules;
    }

    private static boolean takes(OptimizerDescriptor descriptor, MapAxis axis) {
        String name = axis.parameter().hyperParameter();
        return name == null || descriptor.hyperParameters().contains(name);
    }

    private List<ProblemSpec> instances(MapAxis y) {
        if (problem.dims == null) {
            problem.dims = DEFAULT_DIMS; // sweep's default n = 256 is far past what a map is for
        }
        ProblemKind kind = problem.kind();
        // as sweep: a family without a prescribed Hessian ignores --eigenvalues and has no kappa
        double[] eigenvalues = kind.hasConstantHessian() ? problem.explicitEigenvalues() : null;
        if (eigenvalues != null && y.parameter() == MapAxis.Parameter.KAPPA) {
            throw new InvalidInputException("--eigenvalues", "fixes the spectrum, so kappa cannot be an axis");
        }
        List<Integer> dims = eigenvalues != null ? List.of(eigenvalues.length) : problem.dimensions(kind);
        for (int n : dims) {
            if (n > SmallProblemEngine.MAX_DIMENSION || n < 2) {
                throw new InvalidInputException(eigenvalues != null ? "--eigenvalues" : "--dims", "n = " + n
                        + " is not allowed: map runs 2 <= n <= " + SmallProblemEngine.MAX_DIMENSION + " (sweep runs larger n)");
            }
        }
        double[] x0 = problem.vector("--x0", problem.x0);
        double[] xStar = problem.vector("--xstar", problem.xStar);
        List<Double> kappas = y.parameter() == MapAxis.Parameter.KAPPA || !kind.hasConstantHessian() ? List.of(Double.NaN)
                : eigenvalues != null ? List.of(Double.NaN) : problem.conditionNumbers();
        List<ProblemSpec> instances = new ArrayList<>();
        for (long seed : problem.seedList()) {
            for (int n : dims) {
                if (x0 != null && x0.length != n || xStar != null && xStar.length != n) {
                    throw new InvalidInputException(x0 != null && x0.length != n ? "--x0" : "--xstar",
                            "needs " + n + " entries (n = " + n + ")");
                }
                for (double kappa : kappas) {
                    instances.add(new ProblemSpec(kind, n, kappa, problem.spectrumKind(),
                            problem.diagonal, eigenvalues, problem.rotate, x0, xStar, 0, 0, seed));
                }
            }
        }
        return instances;
    }

    /** The rows of one map: the whole grid on one instance, or with a kappa axis one instance per row. */
    private List<MapRow> rows(LaneRule rule, ProblemSpec instance, MapAxis x, MapAxis y) {
        if (y.parameter() != MapAxis.Parameter.KAPPA) {
            return List.of(row(rule, instance, x, y, 0, -1));
        }
        List<MapRow> rows = new ArrayList<>();
        for (int iy = 0; iy < y.size(); iy++) {
            ProblemSpec rowInstance = new ProblemSpec(instance.kind(), instance.dimension(), y.values()[iy],
                    instance.spectrum(), instance.diagonal(), null, false, instance.initialPoint(),
                    instance.minimizer(), 0, 0, instance.seed());
            rows.add(row(rule, rowInstance, x, y, iy * x.size(), iy));
        }
        return rows;
    }

    /** The rule's configuration as sweep would take it: the values given, else defaults, a placeholder for what an axis sets. */
    private ConfigurationSpec configuration(LaneRule rule, int id, MapAxis x, MapAxis y) {
        OptimizerDescriptor descriptor = rule.descriptor();
        Map<String, List<ParamValue>> given = optimizer.hyperParameters();
        Map<String, ParamValue> values = new LinkedHashMap<>();
        for (String name : descriptor.hyperParameters()) {
            if (name.equals(x.parameter().hyperParameter()) || name.equals(y.parameter().hyperParameter())) {
                values.put(name, new ParamValue.Absolute(0.5)); // a placeholder: every point sets its own
                continue;
            }
            List<ParamValue> list = given.get(name);
            if (list == null) {
                values.put(name, new ParamValue.Absolute(descriptor.defaults().get(name)));
            } else if (list.size() != 1) {
                String flag = !name.equals(HyperParameter.LEARNING_RATE) ? OptimizerOptions.flags(name).get(0)
                        : optimizer.learningRates != null ? "--lr" : "--lr-scale";
                throw new InvalidInputException(flag, "gives " + list.size() + " values; a map fixes every parameter that is not an axis to one value");
            } else {
                values.put(name, list.get(0));
            }
        }
        return new ConfigurationSpec(id, descriptor, values, Transforms.NONE);
    }

    /** What decides the maps' numbers, as plan.json records it: --resume compares it before keeping any map. */
    private PlanRecord plan(List<LaneRule> rules, List<ProblemSpec> instances, MapAxis x, MapAxis y, RunSettings settings) {
        List<ConfigurationSpec> configurations = new ArrayList<>();
        for (LaneRule rule : rules) {
            configurations.add(configuration(rule, configurations.size(), x, y));
        }
        List<String> axisParameters = new ArrayList<>();
        for (MapAxis axis : List.of(x, y)) {
            if (axis.parameter().hyperParameter() != null) {
                axisParameters.add(axis.parameter().hyperParameter());
            }
        }
        return PlanRecord.ofMap(x.label(), y.label(), axisParameters,
                instances.stream().map(instance -> new BatchPlan(instance, configurations)).toList(), settings);
    }

    /**
     * The points of one instance: the whole grid, or row iy of a kappa map. The instance is built and
     * the fixed hyper-parameters resolved as sweep resolves them (SweepPlan.realize), then every point
     * takes its axis values: lr-scale s gives lr = s / L, as there. Where the Hessian varies, L and mu
     * (for lr-scale and 'optimal') are the local L* and mu* of the Hessian at the minimum.
     */
    private MapRow row(LaneRule rule, ProblemSpec instance, MapAxis x, MapAxis y, int firstPoint, int onlyRow) {
        OptimizerDescriptor descriptor = rule.descriptor();
        Problem built = ProblemFactory.build(instance);
        double[] spectrum = MapTheory.spectrum(built);
        double smoothness = spectrum[spectrum.length - 1];
        var batch = SweepPlan.realize(new BatchPlan(instance, List.of(configuration(rule, 0, x, y))), built, spectrum[0],
                smoothness);
        Configuration resolved = batch.configurations().get(0);
        Map<String, Double> fixed = new LinkedHashMap<>(resolved.values());
        fixed.remove(x.parameter().hyperParameter());
        fixed.remove(y.parameter().hyperParameter());
        int rows = onlyRow >= 0 ? 1 : y.size();
        int count = rows * x.size();
        List<String> names = descriptor.hyperParameters();
        double[][] perPoint = new double[names.size()][count];
        for (int k = 0; k < names.size(); k++) {
            Arrays.fill(perPoint[k], fixed.getOrDefault(names.get(k), Double.NaN)); // an axis's NaN is set below
        }
        // axis by axis, its parameter's array looked up once, not per point: a million points run this loop interpreted at first
        for (MapAxis axis : List.of(x, y)) {
            if (axis.parameter() == MapAxis.Parameter.KAPPA) {
                continue; // the row's instance
            }
            double[] column = perPoint[names.indexOf(axis.parameter().hyperParameter())];
            boolean scaled = axis.parameter() == MapAxis.Parameter.LR_SCALE;
            for (int r = 0; r < rows; r++) {
                int iy = onlyRow >= 0 ? onlyRow : r;
                for (int ix = 0; ix < x.size(); ix++) {
                    double value = axis == x ? x.values()[ix] : y.values()[iy];
                    column[r * x.size() + ix] = scaled ? value / smoothness : value;
                }
            }
        }
        return new MapRow(built, firstPoint, perPoint, fixed);
    }

    /** The instance as titles and folder names give it; a kappa map has no one kappa. */
    private static String label(ProblemSpec instance, List<MapRow> rows, MapAxis y) {
        Problem first = rows.get(0).problem();
        String kappa = y.parameter() == MapAxis.Parameter.KAPPA || first.quadraticForm().isEmpty() ? ""
                : String.format(Locale.ROOT, " kappa=%.6g", first.smoothness() / first.strongConvexity());
        return first.kind().cliName() + " n=" + first.dimension() + kappa + " seed=" + instance.seed();
    }

    private static String folderName(LaneRule rule, String instance) {
        return (rule.descriptor().name() + "-" + instance.replace("quadratic ", "")).replaceAll("[^A-Za-z0-9.=-]+", "-");
    }

    private void note(PrintWriter err, String line) {
        if (!output.quiet) {
            err.println(line);
            err.flush();
        }
    }
}
