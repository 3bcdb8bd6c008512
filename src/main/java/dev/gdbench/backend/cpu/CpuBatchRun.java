package dev.gdbench.backend.cpu;

import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.cost.WorkCount;
import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.linalg.Vec;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.QuadraticForm;
import java.util.ArrayList;
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
    private final DenseMatrix gradient;
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
    private int activeCount;
    private int iteration;
    private long nanosIterating;

    CpuBatchRun(Problem problem, List<UpdateRule> rules, Precision precision, ExecutorService pool, int threads) {
        this.problem = problem;
        this.n = problem.dimension();
        this.columns = rules.size();
        this.pool = pool;
        this.threads = threads;
        this.precision = precision;
        this.x = DenseMatrix.zeros(precision, n, columns);
        this.gradient = DenseMatrix.zeros(precision, n, columns);
        int stateVectors = rules.stream().mapToInt(UpdateRule::stateVectors).max().orElse(0);
        this.state = new DenseMatrix[stateVectors];
        for (int s = 0; s < stateVectors; s++) {
            state[s] = DenseMatrix.zeros(precision, n, columns);
        }
        this.gradientOperator = CpuGradient.of(problem, precision, columns);
        this.minimizer = problem.minimizer().orElse(null);
        // Unknown for problems without a batched gradient (NaN): those stay on one thread.
        this.workPerColumnIteration = (long) WorkCount.gradient(problem, 1, precision).flops();
        this.slotRule = rules.toArray(new UpdateRule[0]);
        this.slotColumn = new int[columns];
        this.columnSlot = new int[columns];
        for (int j = 0; j < columns; j++) {
            slotColumn[j] = j;
            columnSlot[j] = j;
        }
        this.activeCount = columns;
        x.fillColumns(0, columns, Vec.of(problem.initialPoint()));
        gradientOperator.compute(x, gradient, 0, columns);
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
                UpdateRule rule = slotRule[s];
                rule.update(step, rule.learningRate(), x.column(s), gradient.column(s), stateOf(s));
            }
        });
    }

    @Override
    public void gradient() {
        inParallel(workPerColumnIteration, (first, end) -> gradientOperator.compute(x, gradient, first, end));
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
        Vec[] slotX = new Vec[end - first];
        Vec[] slotGradient = new Vec[end - first];
        for (int s = first; s < end; s++) {
            slotX[s - first] = x.column(s);
            slotGradient[s - first] = gradient.column(s);
            slotState[s - first] = stateOf(s);
        }
        for (int k = 0; k < iterations; k++) {
            int t = firstIteration + k;
            for (int s = first; s < end; s++) {
                UpdateRule rule = slotRule[s];
                rule.update(t, rule.learningRate(), slotX[s - first], slotGradient[s - first], slotState[s - first]);
            }
            gradientOperator.compute(x, gradient, first, end);
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
        double fStar = problem.minimum();
        for (int j = 0; j < columns; j++) {
            Vec xj = x.column(columnSlot[j]);
            Vec gj = gradient.column(columnSlot[j]);
            double gg = gj.dot(gj);
            gradientNorm[j] = Math.sqrt(gg);
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
            if (problem instanceof QuadraticForm) {
                suboptimality[j] = 0.5 * gDotError; // f - f* = 1/2 g^T (x - x*), no cancellation
                loss[j] = fStar + suboptimality[j];
            } else {
                loss[j] = problem.value(xj.toArray());
                suboptimality[j] = loss[j] - fStar;
            }
        }
        return new ColumnMeasures(loss, suboptimality, gradientNorm, distance);
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
        int column = slotColumn[first];
        slotColumn[first] = slotColumn[second];
        slotColumn[second] = column;
        columnSlot[slotColumn[first]] = first;
        columnSlot[slotColumn[second]] = second;
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
