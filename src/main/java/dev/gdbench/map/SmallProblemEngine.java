package dev.gdbench.map;

import dev.gdbench.engine.Checkpoints;
import dev.gdbench.engine.Engine;
import dev.gdbench.engine.Samples;
import dev.gdbench.engine.StoppingRule;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.QuadraticProblem;
import dev.gdbench.result.Status;
import dev.gdbench.theory.LinearRateTheory;
import dev.gdbench.theory.RateFit;
import dev.gdbench.theory.RatePrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs many configurations of one small problem (n <= {@link #MAX_DIMENSION}: a quadratic, or Rosenbrock or
 * Beale through their {@link LaneGradient}) to the end, one
 * configuration per SIMD lane: a group of {@link #LANES} configurations ({@link #VECTORS} vectors) keeps x, g and the rule's
 * state in a few cache lines and iterates from start to its last decision without leaving the
 * thread, and groups are shared among threads. No per-column bookkeeping, no result rows: what
 * the batched engine spends per column per check is what makes a 10^6-point sweep slow.
 *
 * <p>Every number is computed as the CPU batched engine computes it, so a point equals the sweep
 * row of its configuration to the last bit: the gradient as the fp64 product computes it (the
 * rows {@link FixedMatrix#fusedRows} names by a chain of fused multiply-adds, the others by a
 * multiply and an add per term, then - b), the update as the optim rule writes it, the
 * measurements in CpuBatchRun's order, checks at the engine's {@link Checkpoints}, decisions by
 * its {@link StoppingRule} (whose quick test {@link StoppingRule#quiet} spares the lanes it would
 * leave alone the scalar judgement), the rate by {@link RateFit} on the same {@link Samples}. A lane that
 * is decided keeps computing with its group (its values are no longer read); the group stops when
 * its last lane is decided.
 */
public final class SmallProblemEngine {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes of one fp64 vector. */
    private static final int VECTOR = SPECIES.length();
    /**
     * Independent vectors per group: one step of one vector is a chain of dependent operations (v,
     * x, then g from x), so a group of one vector waits on latency; four keep the FMA units busy,
     * and neighbouring points of a map decide at nearly the same checkpoint, so running a group to
     * its last decision costs a few percent (3% on the 1000 x 1000 heavy-ball map).
     */
    static final int VECTORS = 4;
    /** Configurations per group. */
    public static final int LANES = VECTORS * VECTOR;
    /** Above this x, g and the state no longer fit the first-level cache for a group; the batched engine fits better. */
    public static final int MAX_DIMENSION = 64;

    private final int n;
    /** The gradient and f - f* of a problem whose Hessian varies; null for a quadratic (A and b below). */
    private final LaneGradient laneGradient;
    /** A, column-major: the same numbers the batched engine's product reads. */
    private final double[] a;
    private final double[] negativeB;
    private final double[] x0;
    private final double[] xStar;
    private final int fusedRows;
    /** Theory's Hessian spectrum: a quadratic's own, or H(x*)'s where the Hessian varies (MapTheory.spectrum). */
    private final double[] spectrum;
    private final double noiseFloor;
    private final RunSettings settings;
    private final StoppingRule stopping;
    /** The engine's checkpoints, walked by every group: built once, not per group of eight points. */
    private final int[] checkpoints;

    public SmallProblemEngine(Problem problem, RunSettings settings) {
        if (settings.precision() != Precision.FP64) {
            throw new IllegalArgumentException("the map engine runs fp64 only");
        }
        this.n = problem.dimension();
        if (n > MAX_DIMENSION) {
            throw new IllegalArgumentException("n = " + n + " is above the map engine's " + MAX_DIMENSION);
        }
        this.laneGradient = LaneGradient.of(problem, LANES).orElse(null);
        QuadraticProblem quadratic = problem instanceof QuadraticProblem q ? q : null;
        if (quadratic == null && laneGradient == null) {
            throw new IllegalArgumentException("the map engine has no lane gradient for " + problem.kind().cliName());
        }
        this.a = quadratic == null ? null : quadratic.matrix();
        this.negativeB = quadratic == null ? null : Arrays.stream(quadratic.linearTerm()).map(b -> -b).toArray();
        this.x0 = problem.initialPoint();
        this.xStar = problem.minimizer().orElseThrow();
        this.fusedRows = FixedMatrix.fusedRows(n);
        this.spectrum = MapTheory.spectrum(problem);
        this.settings = settings;
        this.stopping = new StoppingRule(settings);
        this.checkpoints = new Checkpoints(settings.checkEvery(), settings.maxIterations()).schedule();
        this.noiseFloor = noiseFloor(problem);
    }

    /** The rate fit's noise floor on this instance, as the batched engine sets it from |x0 - x*|. */
    public static double noiseFloor(Problem problem) {
        double[] x0 = problem.initialPoint();
        double[] xStar = problem.minimizer().orElseThrow();
        double distance2 = 0;
        for (int i = 0; i < x0.length; i++) {
            double error = x0[i] - xStar[i];
            distance2 += error * error;
        }
        return Engine.noiseFloor(problem, new double[] {Math.sqrt(distance2)}, Precision.FP64);
    }

    /**
     * Runs point p with the hyper-parameters values[k][p], k in the order of the rule's
     * descriptor (lr first), on {@code threads} threads, telling {@code pointsDone} how many
     * points each finished group decided.
     */
    public MapResult run(LaneRule rule, double[][] values, int threads, IntConsumer pointsDone) {
        if (values.length != rule.descriptor().hyperParameters().size()) {
            throw new IllegalArgumentException(rule + " takes " + rule.descriptor().hyperParameters() + ", got "
                    + values.length + " arrays");
        }
        int points = values[0].length;
        MapResult result = MapResult.allocate(points, settings.tolerances().size());
        int groups = (points + LANES - 1) / LANES;
        AtomicInteger nextGroup = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, groups); t++) {
            workers.add(() -> {
                Group group = new Group(rule, result);
                for (int g = nextGroup.getAndIncrement(); g < groups; g = nextGroup.getAndIncrement()) {
                    int first = g * LANES;
                    int count = Math.min(LANES, points - first);
                    group.run(first, count, values);
                    group.fitRates(first, count);
                    pointsDone.accept(count);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers.size()), runnable -> {
            Thread thread = new Thread(runnable, "gdbench-map");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Future<Void> future : pool.invokeAll(workers)) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    /** One thread's buffers for a group of lanes: element i of lane l at i * LANES + l. */
    private final class Group {
        private final LaneRule rule;
        private final MapResult result;
        private final double[] x = new double[n * LANES];
        private final double[] g = new double[n * LANES];
        /** Heavy ball's and Nesterov's v, Adam's first moment m. */
        private final double[] velocity = new double[n * LANES];
        /** Adam's second moment v. */
        private final double[] second;
        /** Per hyper-parameter in the descriptor's order (lr first), per lane. */
        private final double[][] hyper;
        /** Adam: 1 - beta1 and 1 - beta2 per lane, and this step's bias-corrected lr / c1 and sqrt(c2). */
        private final double[] oneMinusBeta1;
        private final double[] oneMinusBeta2;
        private final double[] stepSize;
        private final double[] sqrtCorrection2;
        /** Per lane, the latest measurement: (f - f*), |g|, |x|, |x - x*|. */
        private final double[] suboptimality = new double[LANES];
        private final double[] gradientNorm = new double[LANES];
        private final double[] iterateNorm = new double[LANES];
        private final double[] distance = new double[LANES];
        private final int[][] toTolerance;
        /** Per lane, StoppingRule.loosestUnmet of its toTolerance, kept as it changes. */
        private final double[] loosestUnmet = new double[LANES];
        private final Samples[] errors = new Samples[LANES];

        Group(LaneRule rule, MapResult result) {
            this.rule = rule;
            this.result = result;
            this.hyper = new double[rule.descriptor().hyperParameters().size()][LANES];
            boolean adam = rule == LaneRule.ADAM;
            this.second = adam ? new double[n * LANES] : null;
            this.oneMinusBeta1 = adam ? new double[LANES] : null;
            this.oneMinusBeta2 = adam ? new double[LANES] : null;
            this.stepSize = adam ? new double[LANES] : null;
            this.sqrtCorrection2 = adam ? new double[LANES] : null;
            this.toTolerance = new int[LANES][settings.tolerances().size()];
            for (int l = 0; l < LANES; l++) {
                errors[l] = new Samples();
            }
        }

        /** Points [first, first + count); lanes past count repeat the last point and are not reported. */
        void run(int first, int count, double[][] values) {
            for (int l = 0; l < LANES; l++) {
                int point = first + Math.min(l, count - 1);
                for (int k = 0; k < hyper.length; k++) {
                    hyper[k][l] = values[k][point];
                }
                if (second != null) {
                    oneMinusBeta1[l] = 1 - hyper[LaneRule.ADAM_BETA1][l];
                    oneMinusBeta2[l] = 1 - hyper[LaneRule.ADAM_BETA2][l];
                }
                Arrays.fill(toTolerance[l], -1);
                errors[l].clear();
                loosestUnmet[l] = stopping.loosestUnmet(toTolerance[l]);
            }
            for (int i = 0; i < n; i++) {
                Arrays.fill(x, i * LANES, (i + 1) * LANES, x0[i]);
            }
            Arrays.fill(velocity, 0);
            if (second != null) {
                Arrays.fill(second, 0);
            }
            gradient();
            measure();
            double[] start = suboptimality.clone();
            boolean[] decided = new boolean[count];
            int undecided = count;
            int last = checkpoints.length - 1;
            for (int c = 0; ; c++) {
                int iteration = checkpoints[c];
                boolean lastCheck = c == last; // every lane still running stops here
                for (int l = 0; l < count; l++) {
                    if (decided[l]) {
                        continue;
                    }
                    errors[l].add(iteration, distance[l]);
                    if (!lastCheck && stopping.quiet(suboptimality[l], start[l], gradientNorm[l], iterateNorm[l],
                            loosestUnmet[l])) {
                        continue;
                    }
                    Status verdict = stopping.judge(suboptimality[l], start[l], gradientNorm[l], iterateNorm[l],
                            iteration, toTolerance[l]);
                    loosestUnmet[l] = stopping.loosestUnmet(toTolerance[l]);
                    if (verdict == null && lastCheck) {
                        verdict = Status.MAX_ITERS;
                    }
                    if (verdict != null) {
                        decided[l] = true;
                        undecided--;
                        record(first + l, l, verdict, iteration);
                    }
                }
                if (undecided == 0) {
                    return;
                }
                advance(iteration, checkpoints[c + 1] - iteration);
            }
        }

        /** A lane's decision, as it stands when it is decided (its values change after, unread). */
        private void record(int point, int lane, Status status, int iteration) {
            result.status()[point] = (byte) status.ordinal();
            result.iterations()[point] = iteration;
            for (int t = 0; t < toTolerance[lane].length; t++) {
                result.toTolerance()[t][point] = toTolerance[lane][t];
            }
            result.suboptimality()[point] = suboptimality[lane];
        }

        /**
         * Theory's rate and the fitted one for the group's points, from the samples run left. Apart
         * from run on purpose: called from it, the prediction and the fit (5 kB of bytecode) were
         * inlined into its compilation, and compiled again with each of its recompilations.
         */
        void fitRates(int first, int count) {
            double[] values = new double[hyper.length];
            for (int lane = 0; lane < count; lane++) {
                int point = first + lane;
                for (int k = 0; k < values.length; k++) {
                    values[k] = hyper[k][lane];
                }
                // as Engine.run: no prediction (adam) gives NaN and a plain fit
                Optional<RatePrediction> prediction = LinearRateTheory.predict(rule.rule(values), spectrum);
                result.ratePredicted()[point] = prediction.map(RatePrediction::rate).orElse(Double.NaN);
                // sweep has no theory where the Hessian varies, so its fit is plain there: the map's is sweep's
                int jordanOrder = laneGradient != null ? 1 : prediction.map(RatePrediction::jordanOrder).orElse(1);
                Samples series = errors[lane];
                result.rateMeasured()[point] = result.statusAt(point) == Status.DIVERGED ? Double.NaN
                        : RateFit.fit(series.iterations(), series.values(), series.count(), jordanOrder, noiseFloor);
            }
        }

        /**
         * Steps of the rule, each followed by the gradient at the new x, as CpuBatchRun.runColumns,
         * then the measurements at the checkpoint reached. One method for all of a checkpoint's
         * vector work, so that C2 compiles it (gradient and measure inlined) as soon as the step
         * loop is hot: until then the Vector API runs its allocating fallback, and a measure left
         * to its own compilation waited seconds behind it in the compile queue.
         * Element i of every lane: x[i * LANES + l], a row of {@link #VECTORS} independent vectors.
         *
         * @param iteration the iteration reached so far: the next step is t = iteration + 1
         */
        private void advance(int iteration, int steps) {
            double[] lrLanes = hyper[0];
            for (int k = 0; k < steps; k++) {
                if (second != null) {
                    biasCorrections(iteration + k + 1);
                }
                for (int at = 0; at < n * LANES; at += VECTOR) {
                    int lane = at % LANES;
                    DoubleVector lr = DoubleVector.fromArray(SPECIES, lrLanes, lane);
                    DoubleVector gi = DoubleVector.fromArray(SPECIES, g, at);
                    DoubleVector xi = DoubleVector.fromArray(SPECIES, x, at);
                    switch (rule) {
                        case GD -> xi.sub(lr.mul(gi)).intoArray(x, at);
                        case HEAVY_BALL -> {
                            DoubleVector beta = DoubleVector.fromArray(SPECIES, hyper[LaneRule.MOMENTUM], lane);
                            DoubleVector v = beta.mul(DoubleVector.fromArray(SPECIES, velocity, at)).add(gi);
                            v.intoArray(velocity, at);
                            xi.sub(lr.mul(v)).intoArray(x, at);
                        }
                        case NESTEROV -> {
                            DoubleVector beta = DoubleVector.fromArray(SPECIES, hyper[LaneRule.MOMENTUM], lane);
                            DoubleVector v = beta.mul(DoubleVector.fromArray(SPECIES, velocity, at)).add(gi);
                            v.intoArray(velocity, at);
                            xi.sub(lr.mul(gi.add(beta.mul(v)))).intoArray(x, at);
                        }
                        case ADAM -> {
                            // Adam.step: m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g g;
                            // x -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)
                            DoubleVector m = DoubleVector.fromArray(SPECIES, hyper[LaneRule.ADAM_BETA1], lane)
                                    .mul(DoubleVector.fromArray(SPECIES, velocity, at))
                                    .add(DoubleVector.fromArray(SPECIES, oneMinusBeta1, lane).mul(gi));
                            DoubleVector v = DoubleVector.fromArray(SPECIES, hyper[LaneRule.ADAM_BETA2], lane)
                                    .mul(DoubleVector.fromArray(SPECIES, second, at))
                                    .add(DoubleVector.fromArray(SPECIES, oneMinusBeta2, lane).mul(gi).mul(gi));
                            m.intoArray(velocity, at);
                            v.intoArray(second, at);
                            DoubleVector denominator = v.sqrt().div(DoubleVector.fromArray(SPECIES, sqrtCorrection2, lane))
                                    .add(DoubleVector.fromArray(SPECIES, hyper[LaneRule.ADAM_EPSILON], lane));
                            xi.sub(DoubleVector.fromArray(SPECIES, stepSize, lane).mul(m).div(denominator)).intoArray(x, at);
                        }
                    }
                }
                gradient();
            }
            measure();
        }

        /**
         * Adam.biasCorrected for step t, lane by lane: lr / (1 - beta1^t) and sqrt(1 - beta2^t).
         * Neighbouring lanes mostly share a beta (a map row has one y value), so a lane whose beta
         * equals the previous lane's takes its value instead of another Math.pow.
         */
        private void biasCorrections(int t) {
            double[] lr = hyper[0];
            double[] beta1 = hyper[LaneRule.ADAM_BETA1];
            double[] beta2 = hyper[LaneRule.ADAM_BETA2];
            double correction1 = 0;
            double correction2 = 0;
            for (int l = 0; l < LANES; l++) {
                if (l == 0 || beta1[l] != beta1[l - 1]) {
                    correction1 = LaneRule.adamFirstCorrection(beta1[l], t);
                }
                if (l == 0 || beta2[l] != beta2[l - 1]) {
                    correction2 = LaneRule.adamSqrtSecondCorrection(beta2[l], t);
                }
                stepSize[l] = lr[l] / correction1;
                sqrtCorrection2[l] = correction2;
            }
        }

        /**
         * g = A x - b as the batched engine's product forms it: rows below fusedRows accumulate
         * fma(a_ip, x_p, sum) over p, the others sum + a_ip x_p rounded twice, each then + (-b_i).
         * A problem whose Hessian varies has its lane gradient instead.
         */
        private void gradient() {
            if (laneGradient != null) {
                laneGradient.gradient(x, g);
                return;
            }
            for (int i = 0; i < n; i++) {
                for (int lane = 0; lane < LANES; lane += VECTOR) {
                    DoubleVector sum = DoubleVector.zero(SPECIES);
                    if (i < fusedRows) {
                        for (int p = 0; p < n; p++) {
                            sum = DoubleVector.fromArray(SPECIES, x, p * LANES + lane)
                                    .fma(DoubleVector.broadcast(SPECIES, a[i + p * n]), sum);
                        }
                    } else {
                        for (int p = 0; p < n; p++) {
                            sum = sum.add(DoubleVector.fromArray(SPECIES, x, p * LANES + lane).mul(a[i + p * n]));
                        }
                    }
                    sum.add(negativeB[i]).intoArray(g, i * LANES + lane);
                }
            }
        }

        /**
         * CpuBatchRun.measure's sums in its order: g.g, x.x, |x - x*|^2 and f - f* = 1/2 g.(x - x*), or
         * the lane gradient's f(x) - f* where the Hessian varies.
         */
        private void measure() {
            for (int lane = 0; lane < LANES; lane += VECTOR) {
                DoubleVector gg = DoubleVector.zero(SPECIES);
                DoubleVector xx = gg;
                DoubleVector distance2 = gg;
                DoubleVector gDotError = gg;
                for (int i = 0; i < n; i++) {
                    DoubleVector gi = DoubleVector.fromArray(SPECIES, g, i * LANES + lane);
                    DoubleVector xi = DoubleVector.fromArray(SPECIES, x, i * LANES + lane);
                    DoubleVector error = xi.sub(xStar[i]);
                    gg = gg.add(gi.mul(gi));
                    xx = xx.add(xi.mul(xi));
                    distance2 = distance2.add(error.mul(error));
                    gDotError = gDotError.add(gi.mul(error));
                }
                gg.sqrt().intoArray(gradientNorm, lane);
                xx.sqrt().intoArray(iterateNorm, lane);
                distance2.sqrt().intoArray(distance, lane);
                gDotError.mul(0.5).intoArray(suboptimality, lane);
            }
            if (laneGradient != null) { // the Hessian varies: 1/2 g.(x - x*) is not f - f*, and sweep takes f(x) - f*
                laneGradient.suboptimality(x, suboptimality);
            }
        }
    }
}
