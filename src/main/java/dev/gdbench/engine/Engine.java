package dev.gdbench.engine;

import dev.gdbench.backend.Acceptance;
import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.backend.Sampling;
import dev.gdbench.cost.WorkCount;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.QuadraticForm;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.BatchThroughput;
import dev.gdbench.result.HistoryPoint;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import dev.gdbench.theory.LinearRateTheory;
import dev.gdbench.theory.RateFit;
import dev.gdbench.theory.RatePrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs batches on a backend and judges every column: tolerances, divergence, history, measured
 * and predicted rates. The backend only iterates and reduces; everything decided here is decided
 * the same way for every backend.
 */
public final class Engine {
    /** The rate fit ignores errors within this many units of rounding of the problem's scale. */
    static final double NOISE_FLOOR_ULPS = 100;

    private final Backend backend;
    private final RunSettings settings;
    private final StoppingRule stopping;

    public Engine(Backend backend, RunSettings settings) {
        this.backend = backend;
        this.settings = settings;
        this.stopping = new StoppingRule(settings);
    }

    /** Whether the backend runs this batch as {@link #run} would open it ({@link Backend#accepts}). */
    public Acceptance accepts(Batch batch) {
        return backend.accepts(batch.problem(), batch.configurations().stream().map(Configuration::rule).toList(),
                settings.precision(), new Sampling(settings.batchSize(), batch.spec().seed()));
    }

    public BatchResult run(Batch batch) {
        return run(batch, BatchProgress.NONE);
    }

    /** Runs a batch, telling {@code progress} how far its configurations iterated and when each was decided. */
    public BatchResult run(Batch batch, BatchProgress progress) {
        Problem problem = batch.problem();
        List<Configuration> configurations = batch.configurations();
        int columns = configurations.size();
        boolean fStarKnown = Double.isFinite(problem.minimum());
        boolean xStarKnown = problem.minimizer().isPresent();
        List<HistoryPoint> history = new ArrayList<>();
        double sharpness = problem.quadraticForm().isPresent() ? problem.smoothness() : Double.NaN;

        Sampling sampling = new Sampling(settings.batchSize(), batch.spec().seed());
        int sampleRows = sampling.isStochasticFor(problem) ? sampling.batchSize() : 0;
        try (BatchRun run = backend.open(problem, configurations.stream().map(Configuration::rule).toList(),
                settings.precision(), sampling)) {
            Checkpoints checkpoints = new Checkpoints(settings.checkEvery(), settings.maxIterations());
            ColumnMeasures initial = run.measure();
            Status[] status = new Status[columns];
            int[] stoppedAt = new int[columns];
            int[][] toTolerance = new int[columns][settings.tolerances().size()];
            Samples[] errors = new Samples[columns];
            ColumnMeasures latest = initial;
            for (int j = 0; j < columns; j++) {
                Arrays.fill(toTolerance[j], -1);
                errors[j] = new Samples();
            }
            int active = columns;
            int iteration = 0;
            // Useful work while iterating, counted over the columns still running (the same counts
            // gdbench bench uses). The CPU stops spending on frozen columns; the GPU keeps them in its
            // product under a mask, so its GB/s and GFLOP/s count only the useful part.
            WorkCount work = WorkCount.NONE;
            // Time per iteration of each run of iterations between checks, for the spread of the batch's time.
            List<Double> chunkSeconds = new ArrayList<>();
            double secondsBefore = run.secondsIterating();
            while (true) {
                int activeBefore = active;
                for (int j = 0; j < columns; j++) {
                    if (status[j] != null) {
                        continue;
                    }
                    double rateError = xStarKnown ? latest.distanceToMinimizer()[j] : latest.gradientNorm()[j];
                    errors[j].add(iteration, rateError);
                    Status verdict = judge(latest, initial, j, iteration, toTolerance[j], fStarKnown);
                    if (verdict == null && iteration == settings.maxIterations()) {
                        verdict = Status.MAX_ITERS;
                    }
                    if (verdict != null || checkpoints.isHistory(iteration)) {
                        history.add(point(configurations.get(j), iteration, latest, j, sharpness));
                    }
                    if (verdict != null) {
                        status[j] = verdict;
                        stoppedAt[j] = iteration;
                        run.freeze(j);
                        active--;
                    }
                }
                if (active < activeBefore) {
                    progress.decided(activeBefore - active, settings.maxIterations() - iteration);
                }
                if (active == 0) {
                    break;
                }
                int next = checkpoints.next(iteration);
                work = work.plus(WorkCount.iteration(problem, activeRules(configurations, status),
                        settings.precision(), sampleRows).times(next - iteration));
                run.iterate(next - iteration);
                progress.iterated(active, next - iteration);
                latest = run.measure();
                // Read after measure(), which waits for the device anyway: on the GPU this reads its events.
                double secondsNow = run.secondsIterating();
                chunkSeconds.add((secondsNow - secondsBefore) / (next - iteration));
                secondsBefore = secondsNow;
                iteration = next;
            }
            BatchThroughput throughput = BatchThroughput.of(work, iteration, Arrays.stream(stoppedAt).asLongStream().sum(),
                    run.secondsIterating(), chunkSeconds.stream().mapToDouble(Double::doubleValue).toArray());
            double[] spectrum = problem.quadraticForm().map(QuadraticForm::hessianEigenvalues).orElse(null);
            double noiseFloor = noiseFloor(problem, problem.minimizer().isPresent() ? initial.distanceToMinimizer()
                    : initial.gradientNorm(), settings.precision());
            List<RunResult> results = new ArrayList<>(columns);
            for (int j = 0; j < columns; j++) {
                Configuration configuration = configurations.get(j);
                Optional<RatePrediction> prediction = spectrum == null ? Optional.empty()
                        : LinearRateTheory.predict(configuration.rule(), spectrum);
                double stabilityLimit = spectrum == null || !LinearRateTheory.applies(configuration.rule()) ? Double.NaN
                        : LinearRateTheory.stabilityLimit(configuration.optimizer(), configuration.values(), spectrum)
                                .orElse(Double.NaN);
                int jordanOrder = prediction.map(RatePrediction::jordanOrder).orElse(1);
                double rateMeasured = status[j] == Status.DIVERGED ? Double.NaN
                        : RateFit.fit(errors[j].iterations(), errors[j].values(), errors[j].count(), jordanOrder,
                                noiseFloor);
                double[] x = run.readIterate(j);
                results.add(new RunResult(
                        new RunResult.Configuration(configuration.id(), batch.spec(), configuration.optimizer().name(),
                                configuration.values(), configuration.transforms(), settings.batchSize()),
                        new RunResult.Outcome(status[j], stoppedAt[j], toTolerance[j], latest.loss()[j],
                                latest.suboptimality()[j], latest.gradientNorm()[j], latest.distanceToMinimizer()[j], x),
                        new RunResult.Rates(rateMeasured, prediction.map(RatePrediction::rate).orElse(Double.NaN),
                                stabilityLimit, problem.smoothness()),
                        new RunResult.Evaluations(latest.functionEvaluations()[j], latest.gradientEvaluations()[j]),
                        throughput, new RunResult.RunContext(backend.name(), backend.device(),
                                settings.precision().label(), settings.divergence().label(), columns)));
            }
            return new BatchResult(results, history);
        }
    }

    /** The stopping rule's verdict on column j (see {@link StoppingRule#judge}). */
    private Status judge(ColumnMeasures now, ColumnMeasures initial, int j, int iteration, int[] toTolerance,
                         boolean fStarKnown) {
        double progress = fStarKnown ? now.suboptimality()[j] : now.gradientNorm()[j];
        double start = fStarKnown ? initial.suboptimality()[j] : initial.gradientNorm()[j];
        return stopping.judge(progress, start, now.gradientNorm()[j], now.iterateNorm()[j], iteration, toTolerance);
    }

    private static List<UpdateRule> activeRules(List<Configuration> configurations, Status[] status) {
        List<UpdateRule> rules = new ArrayList<>();
        for (int j = 0; j < status.length; j++) {
            if (status[j] == null) {
                rules.add(configurations.get(j).rule());
            }
        }
        return rules;
    }

    /** The edge is 2/lr of the next step (iteration + 1), the one the current sharpness has to survive. */
    private static HistoryPoint point(Configuration configuration, int iteration, ColumnMeasures m, int j,
                                      double sharpness) {
        return new HistoryPoint(configuration.id(), iteration, m.loss()[j], m.suboptimality()[j], m.gradientNorm()[j],
                m.distanceToMinimizer()[j], m.updateNorm()[j], m.relativeUpdate()[j], sharpness,
                2 / configuration.rule().learningRateAt(iteration + 1));
    }

    /**
     * Errors below about 100 ulps of the problem's scale are rounding, not convergence: the scale
     * is the larger of |x*| and the initial errors (|x0 - x*|, or |g0| where x* is unknown).
     */
    public static double noiseFloor(Problem problem, double[] initialErrors, Precision precision) {
        double epsilon = precision == Precision.FP64 ? Math.ulp(1.0) : Math.ulp(1.0f);
        double scale = 0;
        for (double value : problem.minimizer().orElse(new double[0])) {
            scale += value * value;
        }
        scale = Math.sqrt(scale);
        for (double d : initialErrors) {
            scale = Math.max(scale, d);
        }
        return NOISE_FLOOR_ULPS * epsilon * scale;
    }
}
