package dev.gdbench.backend.cuda;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.backend.DeviceFailureException;
import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.backend.RowSampler;
import dev.gdbench.backend.Sampling;
import dev.gdbench.backend.cuda.MatrixProducts.Epilogue;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.FiniteSum;
import dev.gdbench.problem.LeastSquaresProblem;
import dev.gdbench.problem.LogisticProblem;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.QuadraticProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * One batch on the GPU. X, G and the optimizer state are n x B device matrices; frozen columns are
 * switched off by a device mask (not swapped out as on the CPU), so a captured graph never has to
 * change when a column stops: it is captured once per chunk length and replayed. Every device
 * buffer is poisoned (all bits set: NaN in fp32 and fp64) before it is written, so an element a
 * kernel fails to write shows up as NaN in every comparison.
 *
 * <p>An iteration, as a graph holds it: clip_scale where a column clips by norm, one fused update
 * per run of same-rule columns (reading that step's row of the step-scalar table), then the
 * gradient: the products of {@link MatrixProducts}, or with mini-batches {@link SampledGradients}.
 * The last update of a chunk saves x_prev; the check after it reduces every column on the device.
 */
final class CudaBatchRun implements BatchRun {
    private final CUcontext context;
    private final Kernels kernels;
    private final MatrixProducts products;
    private final Problem problem;
    private final List<UpdateRule> rules;
    private final List<KernelRule> kernelRules;
    private final Precision precision;
    private final int n;
    private final int columns;
    private final int rows;
    private final String label;
    private final List<LaunchGeometry.ColumnRun> runs;
    /** What a replayed chunk launches, for errors that surface only when the graph runs. */
    private final String chunkKernels;
    /** Device memory the batch allocates (checked against what is free before allocating). */
    private final long deviceBytes;

    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private final CUdeviceptr x;
    /** The gradient the next update uses: the full one, or with mini-batches each column's stochastic one. */
    private final CUdeviceptr gradient;
    /** The full gradient, for measurements: the same buffer as {@link #gradient} without mini-batches. */
    private final CUdeviceptr fullGradient;
    /** Non-null with mini-batches. */
    private final SampledGradients sampled;
    private final CUdeviceptr[] state = new CUdeviceptr[3];
    /** x before the last step of a chunk, saved by the update kernel, for |dx| at the check. */
    private final CUdeviceptr previous;
    /** A (quadratic) or the design M (least squares, logistic regression). */
    private final CUdeviceptr matrix;
    /** b (quadratic), y (least squares) or the labels (logistic regression). */
    private final CUdeviceptr offset;
    /** m x B scratch of the problems with rows: R for the gradient, Z = M X for the logistic loss. */
    private final CUdeviceptr residual;
    /** x* in fp64; null where it is unknown (logistic regression). */
    private final CUdeviceptr minimizer;
    /** Logistic regression: the loss per column, reduced on the device at each check; null otherwise. */
    private final CUdeviceptr losses;
    /** Logistic regression's problem, null for the others. */
    private final LogisticProblem logistic;
    private final CUdeviceptr hyper;
    /** Per-column clipping bounds and scales, null when no column clips. */
    private final CUdeviceptr clip;
    private final boolean clipsByNorm;
    private final CUdeviceptr active;
    private final CUdeviceptr measures;
    /** A chunk's step scalars, STEP_SLOTS per column and step; replays read row s at step s. */
    private CUdeviceptr stepTable;
    private int stepTableSteps;
    /** No column's step scalars change with t: the table's rows are the same for every chunk. */
    private final boolean stepScalarsConstant;
    /** With constant step scalars, how many rows of the table are filled (0: none yet, or it moved). */
    private int constantRowsUploaded;

    private final Map<Integer, CUgraphExec> graphs = new HashMap<>();
    private final CUevent start = new CUevent();
    private final CUevent stop = new CUevent();
    private boolean eventsCreated;
    private boolean timingPending;
    private double secondsIterating;
    private int iteration;
    /** Iteration at which each column was frozen, -1 while active. */
    private final int[] frozenAt;

    /** @param context the backend's: made current on entry to every method, whichever thread calls */
    CudaBatchRun(CUcontext context, Kernels kernels, MatrixProducts products, Problem problem, List<UpdateRule> rules,
                 Precision precision, Sampling sampling) {
        if (!KernelModule.PROBLEMS.contains(problem.kind())) {
            throw new BackendUnavailableException("cuda: no kernels for the " + problem.kind().cliName()
                    + " problem yet; use --backend cpu");
        }
        this.kernelRules = rules.stream().map(KernelRule::of).toList();
        this.context = context;
        this.kernels = kernels;
        this.products = products;
        this.problem = problem;
        this.rules = rules;
        this.precision = precision;
        this.n = problem.dimension();
        this.columns = rules.size();
        this.frozenAt = new int[columns];
        Arrays.fill(frozenAt, -1);
        this.rows = problem instanceof FiniteSum finiteSum ? finiteSum.rows() : n;
        this.logistic = problem instanceof LogisticProblem logisticProblem ? logisticProblem : null;
        this.label = String.format(Locale.ROOT, "batch %s n=%d%s x %d configurations (%s)", problem.kind().cliName(), n,
                problem instanceof FiniteSum ? " m=" + rows : "", columns, precision.label());
        this.runs = LaunchGeometry.columnRuns(kernelRules.stream().map(KernelRule::kernel).toList());
        boolean stochastic = sampling.isStochasticFor(problem);
        this.chunkKernels = runs.stream().map(r -> KernelModule.kernel(r.rule(), precision)).distinct()
                .collect(java.util.stream.Collectors.joining(", "))
                + (stochastic ? ", then the mini-batch gradient kernels" : ", then GEMM " + products.description());
        // The plain rules' state: clipping needs no scratch copy of g on the device, as it does on the CPU.
        int stateVectors = kernelRules.stream().mapToInt(r -> r.plain().stateVectors()).max().orElse(0);
        boolean clips = ColumnParameters.anyClips(kernelRules);
        this.clipsByNorm = ColumnParameters.anyClipsByNorm(kernelRules);
        this.stepScalarsConstant = !ColumnParameters.anyStepScalarsVary(rules);
        this.deviceBytes = deviceBytes(stateVectors, clips)
                + (stochastic ? SampledGradients.deviceBytes(rows, n, sampling.batchSize(), columns, precision)
                        + (long) n * columns * precision.bytes() : 0);
        checkFreeMemory();
        try {
            long batchElements = (long) n * columns;
            x = poisoned(batchElements * precision.bytes());
            gradient = poisoned(batchElements * precision.bytes());
            fullGradient = stochastic ? poisoned(batchElements * precision.bytes()) : gradient;
            for (int s = 0; s < stateVectors; s++) {
                state[s] = zeroed(batchElements * precision.bytes());
            }
            previous = poisoned(batchElements * precision.bytes());
            matrix = poisoned((long) rows * n * precision.bytes());
            offset = poisoned((long) rows * precision.bytes());
            residual = problem instanceof FiniteSum ? poisoned((long) rows * columns * precision.bytes()) : null;
            minimizer = problem.minimizer().isPresent() ? poisoned((long) n * Double.BYTES) : null;
            losses = logistic != null ? poisoned((long) columns * Double.BYTES) : null;
            hyper = poisoned((long) columns * KernelModule.HYPER_SLOTS * Double.BYTES);
            clip = clips ? poisoned((long) columns * KernelModule.CLIP_SLOTS * Double.BYTES) : null;
            active = poisoned((long) columns * Integer.BYTES);
            measures = poisoned((long) columns * KernelModule.MEASURE_SLOTS * Double.BYTES);
            JCudaDriver.cuEventCreate(start, 0);
            JCudaDriver.cuEventCreate(stop, 0);
            eventsCreated = true;

            double[] x0 = problem.initialPoint();
            for (int j = 0; j < columns; j++) {
                upload(x.withByteOffset((long) j * n * precision.bytes()), x0, precision);
            }
            if (problem instanceof QuadraticProblem quadratic) {
                upload(matrix, quadratic.matrix(), precision);
                upload(offset, quadratic.linearTerm(), precision);
            } else if (logistic != null) {
                upload(matrix, logistic.design(), precision);
                upload(offset, logistic.labels(), precision);
            } else {
                LeastSquaresProblem ls = (LeastSquaresProblem) problem;
                upload(matrix, ls.design(), precision);
                upload(offset, ls.targets(), precision);
            }
            if (minimizer != null) {
                upload(minimizer, problem.minimizer().orElseThrow(), Precision.FP64);
            }
            upload(hyper, ColumnParameters.hyperParameters(kernelRules), Precision.FP64);
            if (clip != null) {
                upload(clip, ColumnParameters.clipping(kernelRules), Precision.FP64);
            }
            int[] allActive = new int[columns];
            java.util.Arrays.fill(allActive, 1);
            JCudaDriver.cuMemcpyHtoD(active, Pointer.to(allActive), (long) columns * Integer.BYTES);
            // The product shapes of computeGradient, made ready before any graph captures them.
            if (residual == null) {
                products.reserve(precision, n, columns, n);
            } else {
                products.reserve(precision, rows, columns, n);
                products.reserve(precision, n, columns, rows);
            }
            sampled = stochastic ? new SampledGradients(kernels, precision, (FiniteSum) problem,
                    new RowSampler(sampling, rows, columns), sampling.batchSize(), columns, this::poisoned, this::release)
                    : null;
            if (sampled != null) {
                sampled.prepare(1, frozenAt);
            }
            enqueueStepGradient(0);
            JCudaDriver.cuStreamSynchronize(kernels.stream());
        } catch (CudaException e) {
            throw closedAfter(() -> failure("opening", e));
        }
    }

    /**
     * X, G, x_prev, state, the problem's matrix and vector and the m x B scratch in the run's
     * precision; x* and the per-column arrays (and logistic losses) in fp64 (the step table grows
     * with the chunk and is not counted).
     */
    private long deviceBytes(int stateVectors, boolean clips) {
        long element = precision.bytes();
        int perColumnSlots = KernelModule.HYPER_SLOTS + KernelModule.MEASURE_SLOTS + (clips ? KernelModule.CLIP_SLOTS : 0)
                + (logistic != null ? 1 : 0) + 1; // the last for the active flags (ints, counted as a double)
        return ((3L + stateVectors) * n * columns + (long) rows * n + rows
                + (problem instanceof FiniteSum ? (long) rows * columns : 0)) * element
                + ((problem.minimizer().isPresent() ? (long) n : 0) + (long) columns * perColumnSlots) * Double.BYTES;
    }

    /** One line naming the sizes when the batch cannot fit, before anything is allocated. */
    private void checkFreeMemory() {
        long free = freeDeviceBytes();
        if (deviceBytes > free) {
            throw outOfMemory(free);
        }
    }

    private static long freeDeviceBytes() {
        long[] free = new long[1];
        long[] total = new long[1];
        JCudaDriver.cuMemGetInfo(free, total);
        return free[0];
    }

    private DeviceMemoryException outOfMemory(long free) {
        return new DeviceMemoryException("cuda", label, deviceBytes, free);
    }

    private CUdeviceptr allocate(long bytes) {
        CUdeviceptr pointer = new CUdeviceptr();
        try {
            JCudaDriver.cuMemAlloc(pointer, Math.max(bytes, 1));
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains("CUDA_ERROR_OUT_OF_MEMORY")) {
                throw closedAfter(() -> outOfMemory(freeDeviceBytes()));
            }
            throw e;
        }
        allocations.add(pointer);
        return pointer;
    }

    /** All bits set: NaN as fp32 and as fp64, so unwritten elements show. */
    private CUdeviceptr poisoned(long bytes) {
        CUdeviceptr pointer = allocate(bytes);
        JCudaDriver.cuMemsetD8(pointer, (byte) 0xFF, bytes);
        return pointer;
    }

    /** Optimizer state starts at zero (UpdateRule's contract). */
    private CUdeviceptr zeroed(long bytes) {
        CUdeviceptr pointer = allocate(bytes);
        JCudaDriver.cuMemsetD8(pointer, (byte) 0, bytes);
        return pointer;
    }

    static void upload(CUdeviceptr target, double[] values, Precision precision) {
        if (precision == Precision.FP64) {
            JCudaDriver.cuMemcpyHtoD(target, Pointer.to(values), (long) values.length * Double.BYTES);
        } else {
            float[] rounded = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                rounded[i] = (float) values[i];
            }
            JCudaDriver.cuMemcpyHtoD(target, Pointer.to(rounded), (long) values.length * Float.BYTES);
        }
    }

    /**
     * G = grad f(X) for every column: quadratic G = A X - b 1^T; least squares R = M X - y 1^T,
     * G = M^T R / m; logistic R = sigmoid(M X) - y 1^T, G = M^T R / m + ridge X. Every subtraction,
     * sigmoid and ridge term is a product's epilogue.
     */
    private void computeGradient(CUdeviceptr target) {
        if (residual == null) {
            products.multiply(precision, false, n, columns, n, 1.0, matrix, n, x, n, Epilogue.minus(offset), target, n);
            return;
        }
        Epilogue residualEpilogue = logistic != null ? Epilogue.sigmoidMinus(offset) : Epilogue.minus(offset);
        Epilogue gradientEpilogue = logistic != null ? Epilogue.plus(logistic.ridge(), x) : Epilogue.NONE;
        products.multiply(precision, false, rows, columns, n, 1.0, matrix, rows, x, n, residualEpilogue, residual, rows);
        products.multiply(precision, true, n, columns, rows, 1.0 / rows, matrix, rows, residual, rows, gradientEpilogue,
                target, n);
    }

    /**
     * G for the next update: the full gradient, or with mini-batches the gradient on row set
     * {@code step} of the prepared chunk.
     */
    private void enqueueStepGradient(int step) {
        if (sampled == null) {
            computeGradient(gradient);
        } else {
            sampled.enqueue(step, x, offset, gradient, active);
        }
    }

    /**
     * One iteration as the graph holds it: every rule's update over its columns, then the gradient.
     * The last step of a chunk saves x_prev for the check that follows.
     */
    private void enqueueIteration(int step, boolean lastOfChunk) {
        enqueueUpdate(step, lastOfChunk);
        enqueueStepGradient(step);
    }

    /**
     * Every rule's fused update over its columns, after clip_scale where a column clips by norm;
     * {@code step} indexes the chunk's rows of step scalars.
     */
    private void enqueueUpdate(int step, boolean savePrevious) {
        CUdeviceptr scalars = stepTable.withByteOffset((long) step * columns * KernelModule.STEP_SLOTS * Double.BYTES);
        if (clipsByNorm) {
            kernels.launch(KernelModule.kernel("clip_scale", precision), columns, 1, gradient, clip, active, n);
        }
        for (LaunchGeometry.ColumnRun run : runs) {
            long elements = (long) (run.endColumn() - run.firstColumn()) * n;
            kernels.launch(KernelModule.kernel(run.rule(), precision),
                    LaunchGeometry.elementwiseBlocks(elements, precision), 1,
                    x, gradient, state[0], state[1], state[2], hyper, scalars, clip, savePrevious ? previous : null,
                    active, n, run.firstColumn(), run.endColumn());
        }
    }

    @Override
    public void update() {
        makeCurrent();
        try {
            settleTiming();
            prepareStepScalars(1);
            enqueueUpdate(0, false);
            JCudaDriver.cuStreamSynchronize(kernels.stream());
            iteration++;
        } catch (CudaException e) {
            throw failure("the update of iteration " + (iteration + 1) + " (" + chunkKernels + ")", e);
        }
    }

    @Override
    public void gradient() {
        makeCurrent();
        try {
            if (sampled != null && sampled.prepare(1, frozenAt)) {
                discardGraphs();
            }
            enqueueStepGradient(0);
            JCudaDriver.cuStreamSynchronize(kernels.stream());
        } catch (CudaException e) {
            throw failure("the gradient after iteration " + iteration, e);
        }
    }

    private CUgraphExec capture(int iterations) {
        CUgraph graph = new CUgraph();
        JCudaDriver.cuStreamBeginCapture(kernels.stream(), CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
        try {
            for (int step = 0; step < iterations; step++) {
                enqueueIteration(step, step == iterations - 1);
            }
        } finally {
            JCudaDriver.cuStreamEndCapture(kernels.stream(), graph);
        }
        CUgraphExec exec = new CUgraphExec();
        JCudaDriver.cuGraphInstantiate(exec, graph, 0);
        JCudaDriver.cuGraphDestroy(graph);
        // Upload now, so the first timed replay does not pay for it.
        JCudaDriver.cuGraphUpload(exec, kernels.stream());
        return exec;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void iterate(int iterations) {
        makeCurrent();
        try {
            settleTiming();
            prepareStepScalars(iterations);
            if (sampled != null && sampled.prepare(iterations, frozenAt)) {
                discardGraphs();
            }
            CUgraphExec exec = graphs.computeIfAbsent(iterations, this::capture);
            JCudaDriver.cuEventRecord(start, kernels.stream());
            JCudaDriver.cuGraphLaunch(exec, kernels.stream());
            JCudaDriver.cuEventRecord(stop, kernels.stream());
            timingPending = true;
            iteration += iterations;
        } catch (CudaException e) {
            throw failure("iterations " + (iteration + 1) + ".." + (iteration + iterations) + " (a graph of "
                    + chunkKernels + ")", e);
        }
    }

    /**
     * The step scalars of the next {@code steps} iterations in the table. The table holds a whole
     * chunk; a longer chunk than any before needs a larger one (and new graphs, which captured the
     * old address). The copy is synchronous: it waits for the previous replay, which may still read
     * the table.
     */
    private void prepareStepScalars(int steps) {
        if (steps > stepTableSteps) {
            if (stepTable != null) {
                JCudaDriver.cuStreamSynchronize(kernels.stream());
                release(stepTable);
                discardGraphs();
            }
            stepTable = allocate((long) steps * columns * KernelModule.STEP_SLOTS * Double.BYTES);
            stepTableSteps = steps;
            constantRowsUploaded = 0;
        }
        if (stepScalarsConstant && constantRowsUploaded >= steps) {
            return;  // the rows a chunk of this length reads hold the constants already
        }
        upload(stepTable, ColumnParameters.stepScalars(kernelRules, iteration + 1, steps), Precision.FP64);
        if (stepScalarsConstant) {
            constantRowsUploaded = steps;
        }
    }

    /** A context is current per thread, and a run may be driven from another thread than the one that opened it. */
    private void makeCurrent() {
        JCudaDriver.cuCtxSetCurrent(context);
    }

    /** Frees device memory the batch allocated before it closes (a table that grew). */
    private void release(CUdeviceptr pointer) {
        JCudaDriver.cuMemFree(pointer);
        allocations.remove(pointer);
    }

    /** The captured graphs hold the addresses of the tables: a table that moved makes them stale. */
    private void discardGraphs() {
        graphs.values().forEach(JCudaDriver::cuGraphExecDestroy);
        graphs.clear();
    }

    /** Adds the last replay's event-timed duration once it has finished. */
    private void settleTiming() {
        if (!timingPending) {
            return;
        }
        JCudaDriver.cuEventSynchronize(stop);
        float[] milliseconds = new float[1];
        JCudaDriver.cuEventElapsedTime(milliseconds, start, stop);
        secondsIterating += milliseconds[0] * 1e-3;
        timingPending = false;
    }

    @Override
    public ColumnMeasures measure() {
        makeCurrent();
        double[] sums = new double[columns * KernelModule.MEASURE_SLOTS];
        try {
            settleTiming();
        } catch (CudaException e) {
            throw failure("the iterations before " + iteration + " (a graph of " + chunkKernels + ")", e);
        }
        double[] logisticLoss = new double[logistic != null ? columns : 0];
        try {
            if (fullGradient != gradient) {
                computeGradient(fullGradient);  // with mini-batches G is the stochastic gradient
            }
            kernels.launch(KernelModule.kernel("measure", precision), columns, 1, x, fullGradient, minimizer, previous, n,
                    measures, active);
            if (logistic != null) {
                enqueueLogisticLoss();
            }
            JCudaDriver.cuStreamSynchronize(kernels.stream());
            JCudaDriver.cuMemcpyDtoH(Pointer.to(sums), measures, (long) sums.length * Double.BYTES);
            if (logistic != null) {
                JCudaDriver.cuMemcpyDtoH(Pointer.to(logisticLoss), losses, (long) columns * Double.BYTES);
            }
        } catch (CudaException e) {
            throw failure("measuring after iteration " + iteration + " (" + KernelModule.kernel("measure", precision)
                    + (logistic != null ? ", " + KernelModule.kernel("logistic_loss", precision) : "")
                    + (logistic != null || fullGradient != gradient ? ", GEMM " + products.description() : "") + ")", e);
        }
        double fStar = problem.minimum();
        double[] loss = new double[columns];
        double[] suboptimality = new double[columns];
        double[] gradientNorm = new double[columns];
        double[] distance = new double[columns];
        double[] updateNorm = new double[columns];
        double[] relativeUpdate = new double[columns];
        double[] iterateNorm = new double[columns];
        for (int j = 0; j < columns; j++) {
            int at = j * KernelModule.MEASURE_SLOTS;
            gradientNorm[j] = Math.sqrt(sums[at + KernelModule.MEASURE_GRADIENT_SQUARED]);
            if (logistic != null) {
                // x* and f* are unknown: suboptimality and distance are NaN, as the CPU backend reports them.
                loss[j] = logisticLoss[j];
                suboptimality[j] = Double.NaN;
                distance[j] = Double.NaN;
            } else {
                distance[j] = Math.sqrt(sums[at + KernelModule.MEASURE_ERROR_SQUARED]);
                suboptimality[j] = 0.5 * sums[at + KernelModule.MEASURE_GRADIENT_DOT_ERROR]; // f - f* = 1/2 g^T (x - x*), as the CPU backend computes it
                loss[j] = fStar + suboptimality[j];
            }
            // x_prev is poisoned (NaN) until a chunk's last step saves it: NaN before any step, as on the CPU.
            updateNorm[j] = Math.sqrt(sums[at + KernelModule.MEASURE_STEP_SQUARED]);
            relativeUpdate[j] = updateNorm[j] / Math.sqrt(sums[at + KernelModule.MEASURE_PREVIOUS_SQUARED]);
            iterateNorm[j] = Math.sqrt(sums[at + KernelModule.MEASURE_ITERATE_SQUARED]);
        }
        return new ColumnMeasures(loss, suboptimality, gradientNorm, distance, evaluations(0), evaluations(1),
                updateNorm, relativeUpdate, iterateNorm);
    }

    /**
     * The logistic loss per column into {@link #losses}: Z = M X again into the residual scratch (it
     * holds sigmoid(M X) - y after a gradient; one extra product per check, not per iteration), then
     * one block per column sums softplus(z) - y z over the rows, plus ridge/2 |x|^2.
     */
    private void enqueueLogisticLoss() {
        products.multiply(precision, false, rows, columns, n, 1.0, matrix, rows, x, n, Epilogue.NONE, residual, rows);
        kernels.launch(KernelModule.kernel("logistic_loss", precision), columns, 1, residual, offset, rows, x, n,
                logistic.ridge(), losses, active);
    }

    /**
     * Gradient evaluations per column: one at x0 and one per iteration the column ran (the update
     * kernels have no line search, so no function evaluations); frozen columns stopped counting.
     */
    private long[] evaluations(long perIteration) {
        long[] counts = new long[columns];
        for (int j = 0; j < columns; j++) {
            counts[j] = perIteration * (1 + (frozenAt[j] >= 0 ? frozenAt[j] : iteration));
        }
        return counts;
    }

    @Override
    public void freeze(int column) {
        makeCurrent();
        if (frozenAt[column] < 0) {
            frozenAt[column] = iteration;
        }
        try {
            JCudaDriver.cuMemcpyHtoD(active.withByteOffset((long) column * Integer.BYTES), Pointer.to(new int[] {0}),
                    Integer.BYTES);
        } catch (CudaException e) {
            throw failure("freezing column " + column, e);
        }
    }

    @Override
    public double[] readIterate(int column) {
        makeCurrent();
        double[] values = new double[n];
        try {
            CUdeviceptr source = x.withByteOffset((long) column * n * precision.bytes());
            if (precision == Precision.FP64) {
                JCudaDriver.cuMemcpyDtoH(Pointer.to(values), source, (long) n * Double.BYTES);
            } else {
                float[] stored = new float[n];
                JCudaDriver.cuMemcpyDtoH(Pointer.to(stored), source, (long) n * Float.BYTES);
                for (int i = 0; i < n; i++) {
                    values[i] = stored[i];
                }
            }
        } catch (CudaException e) {
            throw failure("reading column " + column, e);
        }
        return values;
    }

    @Override
    public double secondsIterating() {
        makeCurrent();
        settleTiming();
        return secondsIterating;
    }

    /**
     * A CUDA error, with the operation and the batch it hit. A kernel's error surfaces at a later
     * call (the next synchronisation): the operation names what it had enqueued.
     */
    private DeviceFailureException failure(String operation, CudaException e) {
        return new DeviceFailureException("cuda: " + operation + " of " + label + ": " + e.getMessage(), e);
    }

    @Override
    /**
     * Waits for the stream (a replay may still use the buffers), then releases everything. After a
     * sticky CUDA error every call fails: each release is still tried, and the first failure is
     * thrown once all were.
     */
    public void close() {
        List<Runnable> releases = new ArrayList<>();
        releases.add(this::makeCurrent);
        releases.add(() -> JCudaDriver.cuStreamSynchronize(kernels.stream()));
        graphs.values().forEach(graph -> releases.add(() -> JCudaDriver.cuGraphExecDestroy(graph)));
        if (eventsCreated) {
            releases.add(() -> JCudaDriver.cuEventDestroy(start));
            releases.add(() -> JCudaDriver.cuEventDestroy(stop));
        }
        allocations.forEach(pointer -> releases.add(() -> JCudaDriver.cuMemFree(pointer)));
        graphs.clear();
        eventsCreated = false;
        allocations.clear();
        CudaException first = null;
        for (Runnable release : releases) {
            try {
                release.run();
            } catch (CudaException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * close() on a failure path, then the failure (made after close, so it sees the memory freed):
     * that is what the caller must see, and a failing release rides along with it.
     */
    private <E extends RuntimeException> E closedAfter(Supplier<E> failure) {
        CudaException releasing = null;
        try {
            close();
        } catch (CudaException e) {
            releasing = e;
        }
        E thrown = failure.get();
        if (releasing != null) {
            thrown.addSuppressed(releasing);
        }
        return thrown;
    }
}
