package dev.gdbench.backend.cpu;

import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.backend.RowSampler;
import dev.gdbench.backend.Sampling;
import dev.gdbench.cost.WorkCount;
import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.linalg.Vec;
import dev.gdbench.optim.ColumnObjective;
import dev.gdbench.optim.ObjectiveStep;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.GradientForm;
import dev.gdbench.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One batch on the CPU. Active columns are kept compacted at the front of every buffer (a frozen
 * column is swapped to the back), so converged and diverged configurations stop costing: each
 * product runs over the active columns only.
 */
final class CpuBatchRun implements BatchRun {
    /**
     * Below this many floating-point operations per task a chunk runs on the calling thread:
     * handing work to another thread costs tens of microseconds, more than a small problem's
     * whole chunk.
     */
    static final long MIN_PARALLEL_WORK = 1L << 21;

    private final Problem problem;
    private final int n;
    private final int columns;
    private final DenseMatrix x;
    /** The gradient each update uses: the full one, or the column's stochastic one with mini-batches. */
    private final DenseMatrix gradient;
    /** The full gradient, for measurements: the same matrix as {@link #gradient} without mini-batches. */
    private final DenseMatrix fullGradient;
    /** Non-null with mini-batches: the row-based problem the stochastic gradients come from. */
    private final GradientForm.RowResidual sampled;
    /** Non-null with mini-batches: the rows of each original column's steps. */
    private final RowSampler sampler;
    private final DenseMatrix[] state;
    private final CpuGradient gradientOperator;
    private final ExecutorService pool;
    private final int threads;
    private final double[] minimizer;
    private final long workPerColumnIteration;
    private final Precision precision;

    /** slotRule[s], slotColumn[s]: the rule and original column held in buffer slot s. */
    private final UpdateRule[] slotRule;
    private final int[] slotColumn;
    private final int[] columnSlot;
    /** Per slot: function and gradient evaluations the configuration has paid for so far. */
    private final long[] functionEvaluations;
    private final long[] gradientEvaluations;
    /** Per slot: |dx| and |dx|/|x_prev| of its latest step (NaN before the first). */
    private final double[] updateNorm;
    private final double[] relativeUpdate;
    private int activeCount;
    private int iteration;
    private long nanosIterating;

    CpuBatchRun(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling, ExecutorService pool,
                int threads) {
        this.problem = problem;
        this.n = problem.dimension();
        this.columns = rules.size();
        this.pool = pool;
        this.threads = threads;
        this.precision = precision;
        this.x = DenseMatrix.zeros(precision, n, columns);
        this.gradient = DenseMatrix.zeros(precision, n, columns);
        this.sampled = sampling.isStochasticFor(problem) ? (GradientForm.RowResidual) problem.gradientForm() : null;
        this.fullGradient = sampled == null ? gradient : DenseMatrix.zeros(precision, n, columns);
        this.sampler = sampled == null ? null : new RowSampler(sampling, sampled.rows(), columns);
        int stateVectors = rules.stream().mapToInt(UpdateRule::stateVectors).max().orElse(0);
        this.state = new DenseMatrix[stateVectors];
        for (int s = 0; s < stateVectors; s++) {
            state[s] = DenseMatrix.zeros(precision, n, columns);
        }
        this.gradientOperator = CpuGradient.of(problem, precision, columns);
        this.minimizer = problem.minimizer().orElse(null);
        // Unknown for problems without a batched gradient (NaN): those stay on one thread.
        this.workPerColumnIteration = (long) WorkCount.gradient(problem, 1, precision,
                sampled == null ? 0 : sampling.batchSize()).flops();
        this.slotRule = rules.toArray(new UpdateRule[0]);
        this.slotColumn = new int[columns];
        this.columnSlot = new int[columns];
        for (int j = 0; j < columns; j++) {
            slotColumn[j] = j;
            columnSlot[j] = j;
        }
        this.activeCount = columns;
        this.functionEvaluations = new long[columns];
        this.gradientEvaluations = new long[columns];
        this.updateNorm = new double[columns];
        this.relativeUpdate = new double[columns];
        Arrays.fill(updateNorm, Double.NaN);
        Arrays.fill(relativeUpdate, Double.NaN);
        x.fillColumns(0, columns, Vec.of(problem.initialPoint()));
        computeStepGradients(0, columns);
        Arrays.fill(gradientEvaluations, 1);
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void iterate(int iterations) {
        long start = System.nanoTime();
        int firstIteration = iteration + 1;
        inParallel(workPerColumnIteration * iterations,
                (first, end) -> runColumns(first, end, firstIteration, iterations));
        iteration += iterations;
        nanosIterating += System.nanoTime() - start;
    }

    @Override
    public void update() {
        int step = ++iteration;
        inParallel((long) WorkCount.update(slotRule[0], n, precision).flops(), (first, end) -> {
            for (int s = first; s < end; s++) {
                step(s, step, x.column(s), gradient.column(s), stateOf(s), objectiveFor(s));
            }
        });
    }

    @Override
    public void gradient() {
        inParallel(workPerColumnIteration, this::computeStepGradients);
    }

    /** A body that works on the active slots [first, end) only. */
    private interface SlotRange {
        void run(int first, int end);
    }

    /**
     * Runs the body over the active slots, split into contiguous chunks between threads when each
     * chunk gets at least {@link #MIN_PARALLEL_WORK}; otherwise on the calling thread.
     */
    private void inParallel(long workPerColumn, SlotRange body) {
        int tasks = (int) Math.min(Math.min(threads, activeCount),
                Math.max(1, workPerColumn * activeCount / MIN_PARALLEL_WORK));
        if (tasks <= 1) {
            body.run(0, activeCount);
            return;
        }
        List<Callable<Void>> chunks = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int first = (int) ((long) activeCount * t / tasks);
            int end = (int) ((long) activeCount * (t + 1) / tasks);
            chunks.add(() -> {
                body.run(first, end);
                return null;
            });
        }
        invokeAll(chunks);
    }

    /** One step of the rule in a slot; a line search also gets the column's objective. */
    private void step(int slot, int t, Vec columnX, Vec columnGradient, Vec[] columnState, ColumnObjective objective) {
        UpdateRule rule = slotRule[slot];
        if (rule instanceof ObjectiveStep searching) {
            searching.update(t, rule.learningRate(), columnX, columnGradient, columnState, objective);
        } else {
            rule.update(t, rule.learningRate(), columnX, columnGradient, columnState);
        }
    }

    private ColumnObjective objectiveFor(int slot) {
        return slotRule[slot] instanceof ObjectiveStep ? new CountingObjective(slot) : null;
    }

    private Vec[] stateOf(int slot) {
        Vec[] vectors = new Vec[slotRule[slot].stateVectors()];
        for (int v = 0; v < vectors.length; v++) {
            vectors[v] = state[v].column(slot);
        }
        return vectors;
    }

    /** Iterations firstIteration.. on slots [first, end): update with the current G, then recompute G. */
    private void runColumns(int first, int end, int firstIteration, int iterations) {
        Vec[][] slotState = new Vec[end - first][];
        ColumnObjective[] objectives = new ColumnObjective[end - first];
        Vec[] slotX = new Vec[end - first];
        Vec[] slotGradient = new Vec[end - first];
        for (int s = first; s < end; s++) {
            slotX[s - first] = x.column(s);
            slotGradient[s - first] = gradient.column(s);
            slotState[s - first] = stateOf(s);
            objectives[s - first] = objectiveFor(s);
        }
        for (int k = 0; k < iterations; k++) {
            int t = firstIteration + k;
            // Only the step before a measurement is reported (|dx| of that step), so only it keeps x_prev.
            boolean beforeMeasure = k == iterations - 1;
            for (int s = first; s < end; s++) {
                double[] previous = beforeMeasure ? slotX[s - first].toArray() : null;
                step(s, t, slotX[s - first], slotGradient[s - first], slotState[s - first], objectives[s - first]);
                if (beforeMeasure) {
                    recordUpdate(s, previous, slotX[s - first]);
                }
            }
            computeStepGradients(first, end);
            for (int s = first; s < end; s++) {
                gradientEvaluations[s]++;
            }
        }
    }

    /** |dx| = |x - x_prev| and |dx| / |x_prev| of the step just taken in a slot. */
    private void recordUpdate(int slot, double[] previous, Vec current) {
        double update2 = 0;
        double previous2 = 0;
        for (int i = 0; i < n; i++) {
            double dx = current.get(i) - previous[i];
            update2 += dx * dx;
            previous2 += previous[i] * previous[i];
        }
        updateNorm[slot] = Math.sqrt(update2);
        relativeUpdate[slot] = updateNorm[slot] / Math.sqrt(previous2);
    }

    /** G[:, slots] for the next update: the full gradient through the problem's structure, or a mini-batch's. */
    private void computeStepGradients(int first, int end) {
        if (sampled == null) {
            gradientOperator.compute(x, gradient, first, end);
            return;
        }
        double[] g = new double[n];
        for (int s = first; s < end; s++) {
            sampled.sampledGradient(x.column(s).toArray(), sampler.draw(slotColumn[s]), g);
            gradient.column(s).setAll(g);
        }
    }

    /**
     * The objective of the column in one slot through the problem's reference methods, counting
     * what it evaluates into that slot. Slots do not move while columns iterate (freeze runs between
     * iterate calls), so a slot index stays valid for the chunk that made it.
     */
    private final class CountingObjective implements ColumnObjective {
        private final int slot;

        CountingObjective(int slot) {
            this.slot = slot;
        }

        @Override
        public double value(double[] point) {
            functionEvaluations[slot]++;
            return problem.value(point);
        }

        @Override
        public void gradient(double[] point, double[] gradientOut) {
            gradientEvaluations[slot]++;
            problem.gradient(point, gradientOut);
        }

        @Override
        public double curvature(double[] direction) {
            double curvature = problem.quadraticForm().orElseThrow(() -> new IllegalStateException(
                    "d'Hd needs a constant Hessian; " + problem.kind().cliName() + " has none")).curvature(direction);
            gradientEvaluations[slot]++;
            return curvature;
        }
    }

    private void invokeAll(List<Callable<Void>> chunks) {
        try {
            for (Future<Void> future : pool.invokeAll(chunks)) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public ColumnMeasures measure() {
        double[] loss = new double[columns];
        double[] suboptimality = new double[columns];
        double[] gradientNorm = new double[columns];
        double[] distance = new double[columns];
        long[] functions = new long[columns];
        long[] gradients = new long[columns];
        double[] updates = new double[columns];
        double[] relativeUpdates = new double[columns];
        double[] iterateNorms = new double[columns];
        double fStar = problem.minimum();
        if (sampled != null) {
            gradientOperator.compute(x, fullGradient, 0, columns);
        }
        for (int j = 0; j < columns; j++) {
            Vec xj = x.column(columnSlot[j]);
            Vec gj = fullGradient.column(columnSlot[j]);
            double gg = gj.dot(gj);
            gradientNorm[j] = Math.sqrt(gg);
            iterateNorms[j] = Math.sqrt(xj.dot(xj));
            double distance2 = Double.NaN;
            double gDotError = 0;
            if (minimizer != null) {
                distance2 = 0;
                for (int i = 0; i < n; i++) {
                    double error = xj.get(i) - minimizer[i];
                    distance2 += error * error;
                    gDotError += gj.get(i) * error;
                }
            }
            distance[j] = Math.sqrt(distance2);
            functions[j] = functionEvaluations[columnSlot[j]];
            gradients[j] = gradientEvaluations[columnSlot[j]];
            updates[j] = updateNorm[columnSlot[j]];
            relativeUpdates[j] = relativeUpdate[columnSlot[j]];
            if (problem.quadraticForm().isPresent()) {
                suboptimality[j] = 0.5 * gDotError; // f - f* = 1/2 g^T (x - x*), no cancellation
                loss[j] = fStar + suboptimality[j];
            } else {
                loss[j] = problem.value(xj.toArray());
                suboptimality[j] = loss[j] - fStar;
            }
        }
        return new ColumnMeasures(loss, suboptimality, gradientNorm, distance, functions, gradients, updates,
                relativeUpdates, iterateNorms);
    }

    @Override
    public void freeze(int column) {
        int slot = columnSlot[column];
        if (slot >= activeCount) {
            return;
        }
        int last = activeCount - 1;
        if (slot != last) {
            swapSlots(slot, last);
        }
        activeCount--;
    }

    private void swapSlots(int first, int second) {
        x.swapColumns(first, second);
        gradient.swapColumns(first, second);
        for (DenseMatrix s : state) {
            s.swapColumns(first, second);
        }
        UpdateRule rule = slotRule[first];
        slotRule[first] = slotRule[second];
        slotRule[second] = rule;
        swap(functionEvaluations, first, second);
        swap(gradientEvaluations, first, second);
        swap(updateNorm, first, second);
        swap(relativeUpdate, first, second);
        int column = slotColumn[first];
        slotColumn[first] = slotColumn[second];
        slotColumn[second] = column;
        columnSlot[slotColumn[first]] = first;
        columnSlot[slotColumn[second]] = second;
    }

    private static void swap(long[] values, int first, int second) {
        long value = values[first];
        values[first] = values[second];
        values[second] = value;
    }

    private static void swap(double[] values, int first, int second) {
        double value = values[first];
        values[first] = values[second];
        values[second] = value;
    }

    @Override
    public double[] readIterate(int column) {
        return x.column(columnSlot[column]).toArray();
    }

    @Override
    public double secondsIterating() {
        return nanosIterating * 1e-9;
    }

    @Override
    public void close() {
        // Buffers are plain Java arrays, collected with the run.
    }
}
