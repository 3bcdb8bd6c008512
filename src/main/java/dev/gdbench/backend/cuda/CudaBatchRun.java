package dev.gdbench.backend.cuda;

import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.backend.DeviceFailureException;
import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.backend.RowSampler;
import dev.gdbench.backend.Sampling;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.GradientForm;
import dev.gdbench.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * One batch on the GPU. X, G and the optimizer state are n x B device matrices
 * ({@link DeviceBuffers}); frozen columns are switched off by a device mask (not swapped out as on
 * the CPU), so a captured graph never has to change when a column stops: it is captured once per
 * chunk length and replayed ({@link ChunkGraphs}).
 *
 * <p>An iteration, as a graph holds it: clip_scale where a column clips by norm, one fused update
 * per run of same-rule columns (reading that step's row of the {@link StepScalarTable}), then the
 * gradient of the problem's family ({@link DeviceGradient}: products, or with mini-batches
 * {@link SampledGradients}). The last update of a chunk saves x_prev; the check after it reduces
 * every column on the device ({@link DeviceMeasures}). Only forms {@link CudaBackend#accepts}
 * accepts reach this class.
 */
final class CudaBatchRun implements BatchRun {
    private final CUcontext context;
    private final Kernels kernels;
    private final List<KernelRule> kernelRules;
    private final Precision precision;
    private final int n;
    private final int columns;
    private final String label;
    private final List<LaunchGeometry.ColumnRun> runs;
    /** What a replayed chunk launches, for errors that surface only when the graph runs. */
    private final String chunkKernels;

    private final DeviceBuffers buffers;
    private final CUdeviceptr x;
    /** The gradient the next update uses: the full one, or with mini-batches each column's stochastic one. */
    private final CUdeviceptr gradient;
    /** The full gradient, for measurements: the same buffer as {@link #gradient} without mini-batches. */
    private final CUdeviceptr fullGradient;
    private final CUdeviceptr[] state = new CUdeviceptr[3];
    /** x before the last step of a chunk, saved by the update kernel, for |dx| at the check. */
    private final CUdeviceptr previous;
    private final CUdeviceptr hyper;
    /** Per-column clipping bounds and scales, null when no column clips. */
    private final CUdeviceptr clip;
    private final boolean clipsByNorm;
    private final CUdeviceptr active;
    private final DeviceGradient.FullGradient full;
    /** What the next update's gradient comes from: {@link #full}, or the mini-batch gradients. */
    private final DeviceGradient stepGradient;
    private final DeviceMeasures measures;
    private final StepScalarTable stepScalars;
    private final ChunkGraphs graphs;
    private int iteration;
    /** Iteration at which each column was frozen, -1 while active. */
    private final int[] frozenAt;

    /** @param context the backend's: made current on entry to every method, whichever thread calls */
    /** @param kernelRules one per column, as {@link CudaBackend} made them from the batch's rules */
    CudaBatchRun(CUcontext context, Kernels kernels, MatrixProducts products, Problem problem,
                 List<KernelRule> kernelRules, Precision precision, Sampling sampling) {
        this.kernelRules = kernelRules;
        this.context = context;
        this.kernels = kernels;
        this.precision = precision;
        this.n = problem.dimension();
        this.columns = kernelRules.size();
        this.frozenAt = new int[columns];
        Arrays.fill(frozenAt, -1);
        GradientForm form = problem.gradientForm();
        GradientForm.RowResidual rowResidual = form.match(affine -> null, rowForm -> rowForm, () -> null);
        this.label = label(problem, columns, precision);
        this.runs = LaunchGeometry.columnRuns(kernelRules.stream().map(KernelRule::kernel).toList());
        boolean stochastic = sampling.isStochasticFor(problem);
        this.chunkKernels = runs.stream().map(r -> KernelModule.kernel(r.rule(), precision)).distinct()
                .collect(Collectors.joining(", "))
                + (stochastic ? ", then the mini-batch gradient kernels" : ", then GEMM " + products.description());
        // The plain rules' state: clipping needs no scratch copy of g on the device, as it does on the CPU.
        int stateVectors = kernelRules.stream().mapToInt(r -> r.plain().stateVectors()).max().orElse(0);
        boolean clips = ColumnParameters.anyClips(kernelRules);
        this.clipsByNorm = ColumnParameters.anyClipsByNorm(kernelRules);
        long batchBytes = (long) n * columns * precision.bytes();
        this.buffers = new DeviceBuffers(label, deviceBytes(problem, kernelRules, precision, sampling));
        buffers.checkFree();
        try {
            x = buffers.poisoned(batchBytes);
            gradient = buffers.poisoned(batchBytes);
            fullGradient = stochastic ? buffers.poisoned(batchBytes) : gradient;
            for (int s = 0; s < stateVectors; s++) {
                state[s] = buffers.zeroed(batchBytes);
            }
            previous = buffers.poisoned(batchBytes);
            hyper = buffers.uploaded(ColumnParameters.hyperParameters(kernelRules), Precision.FP64);
            clip = clips ? buffers.uploaded(ColumnParameters.clipping(kernelRules), Precision.FP64) : null;
            active = buffers.allocate((long) columns * Integer.BYTES);
            int[] allActive = new int[columns];
            Arrays.fill(allActive, 1);
            JCudaDriver.cuMemcpyHtoD(active, Pointer.to(allActive), (long) columns * Integer.BYTES);
            double[] x0 = problem.initialPoint();
            for (int j = 0; j < columns; j++) {
                buffers.upload(x.withByteOffset((long) j * n * precision.bytes()), x0, precision);
            }
            DeviceGradient.Batch batch = new DeviceGradient.Batch(x, active, n, columns, precision);
            full = DeviceGradient.full(form, batch, buffers, products);
            measures = new DeviceMeasures(kernels, buffers, batch, problem, full.loss(kernels));
            stepGradient = stochastic ? full.miniBatches(kernels, buffers,
                    new RowSampler(sampling, rowResidual.rows(), columns), sampling.batchSize()) : full;
            stepScalars = new StepScalarTable(buffers, kernelRules, this::synchronize);
            graphs = new ChunkGraphs(kernels.stream(), (step, steps) -> enqueueIteration(step, step == steps - 1));
            stepGradient.prepare(1, frozenAt);
            stepGradient.enqueue(0, gradient);
            synchronize();
        } catch (CudaException e) {
            throw closedAfter(() -> failure("opening", e));
        } catch (DeviceMemoryException e) {
            throw closedAfter(() -> e);
        }
    }

    /** What the batch is, for its lines: "batch least-squares n=64 m=128 x 8 configurations (fp32)". */
    static String label(Problem problem, int columns, Precision precision) {
        String rows = problem.gradientForm().match(affine -> "", rowForm -> " m=" + rowForm.rows(), () -> "");
        return String.format(Locale.ROOT, "batch %s n=%d%s x %d configurations (%s)", problem.kind().cliName(),
                problem.dimension(), rows, columns, precision.label());
    }

    /**
     * Device memory the batch allocates: X, G, x_prev and the state, the gradient's own and the
     * measures' buffers, the per-column arrays and, with mini-batches, theirs and the full G (the
     * tables that grow with the chunk are not counted).
     */
    static long deviceBytes(Problem problem, List<KernelRule> kernelRules, Precision precision, Sampling sampling) {
        int n = problem.dimension();
        int columns = kernelRules.size();
        long batchBytes = (long) n * columns * precision.bytes();
        int stateVectors = kernelRules.stream().mapToInt(r -> r.plain().stateVectors()).max().orElse(0);
        boolean clips = ColumnParameters.anyClips(kernelRules);
        GradientForm form = problem.gradientForm();
        long miniBatches = !sampling.isStochasticFor(problem) ? 0 : batchBytes + form.match(affine -> 0L,
                rows -> SampledGradients.deviceBytes(rows.rows(), n, sampling.batchSize(), columns, precision), () -> 0L);
        return (3L + stateVectors) * batchBytes
                + DeviceGradient.deviceBytes(form, new DeviceGradient.Batch(null, null, n, columns, precision))
                + DeviceMeasures.deviceBytes(problem, columns)
                // the hyper-parameters, the clipping bounds and the active flags (ints, counted as doubles)
                + (long) columns * (KernelModule.HYPER_SLOTS + (clips ? KernelModule.CLIP_SLOTS : 0) + 1) * Double.BYTES
                + miniBatches;
    }

    private void synchronize() {
        JCudaDriver.cuStreamSynchronize(kernels.stream());
    }

    /**
     * One iteration as the graph holds it: every rule's update over its columns, then the gradient.
     * The last step of a chunk saves x_prev for the check that follows.
     */
    private void enqueueIteration(int step, boolean lastOfChunk) {
        enqueueUpdate(step, lastOfChunk);
        stepGradient.enqueue(step, gradient);
    }

    /**
     * Every rule's fused update over its columns, after clip_scale where a column clips by norm;
     * {@code step} indexes the chunk's rows of step scalars.
     */
    private void enqueueUpdate(int step, boolean savePrevious) {
        CUdeviceptr scalars = stepScalars.row(step);
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

    /** The step scalars and mini-batch rows of the next {@code steps} iterations; graphs that read a moved table go. */
    private void prepareChunk(int steps) {
        boolean scalarsMoved = stepScalars.prepare(iteration + 1, steps);
        boolean rowsMoved = stepGradient.prepare(steps, frozenAt);
        if (scalarsMoved || rowsMoved) {
            graphs.discard();
        }
    }

    @Override
    public void update() {
        makeCurrent();
        try {
            graphs.settleTiming();
            if (stepScalars.prepare(iteration + 1, 1)) {
                graphs.discard();
            }
            enqueueUpdate(0, false);
            synchronize();
            iteration++;
        } catch (CudaException e) {
            throw failure("the update of iteration " + (iteration + 1) + " (" + chunkKernels + ")", e);
        }
    }

    @Override
    public void gradient() {
        makeCurrent();
        try {
            if (stepGradient.prepare(1, frozenAt)) {
                graphs.discard();
            }
            stepGradient.enqueue(0, gradient);
            synchronize();
        } catch (CudaException e) {
            throw failure("the gradient after iteration " + iteration, e);
        }
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void iterate(int iterations) {
        makeCurrent();
        try {
            graphs.settleTiming();
            prepareChunk(iterations);
            graphs.replay(iterations);
            iteration += iterations;
        } catch (CudaException e) {
            throw failure("iterations " + (iteration + 1) + ".." + (iteration + iterations) + " (a graph of "
                    + chunkKernels + ")", e);
        }
    }

    /** A context is current per thread, and a run may be driven from another thread than the one that opened it. */
    private void makeCurrent() {
        JCudaDriver.cuCtxSetCurrent(context);
    }

    @Override
    public ColumnMeasures measure() {
        makeCurrent();
        try {
            graphs.settleTiming();
        } catch (CudaException e) {
            throw failure("the iterations before " + iteration + " (a graph of " + chunkKernels + ")", e);
        }
        try {
            if (fullGradient != gradient) {
                full.enqueue(fullGradient);  // with mini-batches G is the stochastic gradient
            }
            measures.enqueue(fullGradient, previous);
            synchronize();
            return measures.read(gradientEvaluations());
        } catch (CudaException e) {
            throw failure("measuring after iteration " + iteration + " (" + KernelModule.kernel("measure", precision)
                    + (measures.reducesLoss() ? ", " + KernelModule.kernel("logistic_loss", precision) : "")
                    + (measures.reducesLoss() || fullGradient != gradient ? ", " + full.launches() : "") + ")", e);
        }
    }

    /** One gradient at x0 and one per iteration the column ran; frozen columns stopped counting. */
    private long[] gradientEvaluations() {
        long[] counts = new long[columns];
        for (int j = 0; j < columns; j++) {
            counts[j] = 1 + (frozenAt[j] >= 0 ? frozenAt[j] : iteration);
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
        graphs.settleTiming();
        return graphs.secondsReplaying();
    }

    /**
     * A CUDA error, with the operation and the batch it hit. A kernel's error surfaces at a later
     * call (the next synchronisation): the operation names what it had enqueued.
     */
    private DeviceFailureException failure(String operation, CudaException e) {
        return new DeviceFailureException("cuda: " + operation + " of " + label + ": " + e.getMessage(), e);
    }

    /**
     * Waits for the stream (a replay may still use the buffers), then releases everything. After a
     * sticky CUDA error every call fails: each release is still tried, and the first failure is
     * thrown once all were.
     */
    @Override
    public void close() {
        List<Runnable> releases = new ArrayList<>();
        releases.add(this::makeCurrent);
        releases.add(this::synchronize);
        if (graphs != null) {
            graphs.addReleases(releases);
        }
        releases.addAll(buffers.freeAll());
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
