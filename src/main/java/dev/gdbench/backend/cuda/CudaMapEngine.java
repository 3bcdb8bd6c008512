package dev.gdbench.backend.cuda;

import dev.gdbench.backend.DeviceFailureException;
import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.engine.Checkpoints;
import dev.gdbench.engine.Samples;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.map.LaneRule;
import dev.gdbench.map.MapEngine;
import dev.gdbench.map.MapResult;
import dev.gdbench.map.MapTheory;
import dev.gdbench.map.SmallProblemEngine;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.QuadraticProblem;
import dev.gdbench.theory.LinearRateTheory;
import dev.gdbench.theory.RatePrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/**
 * The map on the GPU (a quadratic, Rosenbrock or Beale): kernels/smallmap.cu runs every point from
 * x0 to its decision in one launch, a thread per point, and fits its rate there; the host uploads
 * the instance, the checkpoints and per point the step size, the rule's other hyper-parameters and theory's Jordan order
 * (for Adam also its bias corrections, tabulated per distinct beta and step), and reads back the per-point
 * results into the {@link MapResult} the CPU engine returns. Points that do not fit in half the free
 * device memory (each holds its |x_k - x*| at every checkpoint for the fit) run in several launches.
 * Kernel time is measured with CUDA events around each launch.
 */
public final class CudaMapEngine implements MapEngine {
    /** The share of free device memory one launch's buffers may take. */
    static final double MEMORY_FRACTION = 0.5;
    /** The problems it has a kernel for. */
    public static final List<ProblemKind> PROBLEMS = List.of(ProblemKind.QUADRATIC, ProblemKind.ROSENBROCK,
            ProblemKind.BEALE);

    private final CudaBackend backend;
    private final CUevent start = new CUevent();
    private final CUevent stop = new CUevent();
    private double kernelSeconds;

    /** Runs on {@code backend}'s device and context, and closes it with itself. */
    public CudaMapEngine(CudaBackend backend) {
        this.backend = backend;
        backend.makeCurrent();
        JCudaDriver.cuEventCreate(start, 0);
        JCudaDriver.cuEventCreate(stop, 0);
    }

    @Override
    public String description() {
        return "cuda: " + backend.deviceSummary();
    }

    @Override
    public OptionalDouble kernelSeconds() {
        return OptionalDouble.of(kernelSeconds);
    }

    @Override
    public MapResult run(Problem problem, RunSettings settings, LaneRule rule, double[][] values,
                         IntConsumer pointsDone) {
        if (!PROBLEMS.contains(problem.kind())) {
            throw new IllegalArgumentException("the map kernels run " + PROBLEMS + ", not " + problem.kind());
        }
        // A and b for the quadratic; the closed forms read neither (null arguments)
        QuadraticProblem quadratic = problem instanceof QuadraticProblem q ? q : null;
        double[] lr = values[0];
        backend.makeCurrent();
        int n = problem.dimension();
        if (n > SmallProblemEngine.MAX_DIMENSION) {
            throw new IllegalArgumentException("n = " + n + " is above the map kernel's " + SmallProblemEngine.MAX_DIMENSION);
        }
        int tolerances = settings.tolerances().size();
        if (tolerances > KernelModule.MAP_MAX_TOLERANCES) {
            throw new IllegalArgumentException(tolerances + " tolerances, the map kernel tracks " + KernelModule.MAP_MAX_TOLERANCES);
        }
        int points = lr.length;
        // the kernel's hyper rows: the hyper-parameters after lr in the descriptor's order (gd: a row of zeros)
        double[][] hyper = values.length > 1 ? Arrays.copyOfRange(values, 1, values.length) : new double[][] {new double[points]};
        MapResult result = MapResult.allocate(points, tolerances);
        int[] jordanOrder = predict(problem, rule, values, result.ratePredicted());
        int[] checkpoints = new Checkpoints(settings.checkEvery(), settings.maxIterations()).schedule();
        AdamCorrections corrections = rule == LaneRule.ADAM
                ? new AdamCorrections(values[LaneRule.ADAM_BETA1], values[LaneRule.ADAM_BETA2], settings.maxIterations())
                : null;
        String kernel = KernelModule.mapKernel(problem.kind(), n);
        boolean holdsState = KernelModule.mapKernelHoldsState(kernel);
        String label = String.format(Locale.ROOT, "map %s %s n=%d x %d points", rule.descriptor().name(),
                problem.kind().cliName(), n, points);
        // x, v and g (and Adam's s) where the kernel keeps them in memory
        int stateRows = (rule == LaneRule.ADAM ? 4 : 3) * n;
        // lr, the other hyper-parameters, Adam's two correction rows, Jordan order, the samples, status, iterations,
        // the tolerances' iterations, f - f*, the rate; the state
        long bytesPerPoint = (1L + hyper.length) * Double.BYTES + (corrections == null ? 0 : 2L * Integer.BYTES)
                + Integer.BYTES + (long) checkpoints.length * Double.BYTES + 1
                + Integer.BYTES + (long) tolerances * Integer.BYTES + 2L * Double.BYTES
                + (holdsState ? (long) stateRows * Double.BYTES : 0);
        long tableBytes = corrections == null ? 0 : (long) corrections.table.length * Double.BYTES;
        long free = freeDeviceBytes();
        int perLaunch = (int) Math.min(points, (long) ((MEMORY_FRACTION * free - tableBytes) / bytesPerPoint));
        if (perLaunch < 1) {
            throw new DeviceMemoryException("cuda", label, tableBytes + bytesPerPoint, free);
        }
        try (Buffers device = new Buffers()) {
            CUdeviceptr a = quadratic == null ? null : device.upload(quadratic.matrix());
            CUdeviceptr b = quadratic == null ? null : device.upload(quadratic.linearTerm());
            CUdeviceptr x0 = device.upload(problem.initialPoint());
            CUdeviceptr xStar = device.upload(problem.minimizer().orElseThrow());
            CUdeviceptr schedule = device.upload(checkpoints);
            CUdeviceptr tolerance = device.upload(settings.tolerances().stream().mapToDouble(Double::doubleValue).toArray());
            CUdeviceptr table = corrections == null ? null : device.upload(corrections.table);
            CUdeviceptr lrs = device.poisoned((long) perLaunch * Double.BYTES);
            CUdeviceptr betas = device.poisoned((long) hyper.length * perLaunch * Double.BYTES);
            CUdeviceptr rows = corrections == null ? null : device.poisoned(2L * perLaunch * Integer.BYTES);
            CUdeviceptr orders = device.poisoned((long) perLaunch * Integer.BYTES);
            CUdeviceptr state = holdsState ? device.poisoned((long) stateRows * perLaunch * Double.BYTES) : null;
            CUdeviceptr distance = device.poisoned((long) checkpoints.length * perLaunch * Double.BYTES);
            CUdeviceptr status = device.poisoned(perLaunch);
            CUdeviceptr iterations = device.poisoned((long) perLaunch * Integer.BYTES);
            CUdeviceptr toTolerance = device.poisoned((long) tolerances * perLaunch * Integer.BYTES);
            CUdeviceptr suboptimality = device.poisoned((long) perLaunch * Double.BYTES);
            CUdeviceptr rate = device.poisoned((long) perLaunch * Double.BYTES);
            DivergenceRule divergence = settings.divergence();
            int divergenceKind = divergence instanceof DivergenceRule.IterateNorm ? 1 : 0;
            double divergenceBound = divergence instanceof DivergenceRule.IterateNorm norm ? norm.bound()
                    : ((DivergenceRule.Relative) divergence).factor();
            for (int first = 0; first < points; first += perLaunch) {
                int count = Math.min(perLaunch, points - first);
                JCudaDriver.cuMemcpyHtoD(lrs, Pointer.to(Arrays.copyOfRange(lr, first, first + count)),
                        (long) count * Double.BYTES);
                JCudaDriver.cuMemcpyHtoD(betas, Pointer.to(rowsOf(hyper, first, count)),
                        (long) hyper.length * count * Double.BYTES);
                if (corrections != null) {
                    JCudaDriver.cuMemcpyHtoD(rows, Pointer.to(corrections.rowsOf(first, count)),
                            2L * count * Integer.BYTES);
                }
                JCudaDriver.cuMemcpyHtoD(orders, Pointer.to(Arrays.copyOfRange(jordanOrder, first, first + count)),
                        (long) count * Integer.BYTES);
                int blocks = (count + KernelModule.THREADS_PER_BLOCK - 1) / KernelModule.THREADS_PER_BLOCK;
                JCudaDriver.cuEventRecord(start, backend.kernels().stream());
                backend.kernels().launch(kernel, blocks, 1, rule.ordinal(), n, FixedMatrix.fusedRows(n), a, b, x0, xStar,
                        schedule, checkpoints.length, tolerance, tolerances, settings.absoluteTolerance() ? 1 : 0,
                        divergenceKind, divergenceBound, SmallProblemEngine.noiseFloor(problem), count, lrs, betas,
                        table, rows, orders, Samples.CAPACITY, state, distance, status, iterations, toTolerance, suboptimality, rate);
                JCudaDriver.cuEventRecord(stop, backend.kernels().stream());
                JCudaDriver.cuEventSynchronize(stop);
                float[] milliseconds = new float[1];
                JCudaDriver.cuEventElapsedTime(milliseconds, start, stop);
                kernelSeconds += milliseconds[0] / 1e3;
                readBack(result, first, count, perLaunch, status, iterations, toTolerance, suboptimality, rate);
                pointsDone.accept(count);
            }
        } catch (CudaException e) {
            throw new DeviceFailureException("cuda: " + kernel + " on " + label + ": " + e.getMessage(), e);
        }
        return result;
    }

    /**
     * Theory per point: its rate into {@code rates} (NaN where theory has none: Adam), and the Jordan
     * order the rate fit divides by (as the CPU map: 1, a plain fit, where theory is local to x*, for
     * that is sweep's fit there, or has no prediction).
     */
    private static int[] predict(Problem problem, LaneRule rule, double[][] values, double[] rates) {
        double[] spectrum = MapTheory.spectrum(problem);
        boolean local = problem.quadraticForm().isEmpty();
        int[] jordanOrder = new int[values[0].length];
        IntStream.range(0, jordanOrder.length).parallel().forEach(p -> {
            double[] point = new double[values.length];
            for (int k = 0; k < point.length; k++) {
                point[k] = values[k][p];
            }
            Optional<RatePrediction> prediction = LinearRateTheory.predict(rule.rule(point), spectrum);
            rates[p] = prediction.map(RatePrediction::rate).orElse(Double.NaN);
            jordanOrder[p] = local ? 1 : prediction.map(RatePrediction::jordanOrder).orElse(1);
        });
        return jordanOrder;
    }

    /** Points [first, first + count) of each row, the rows one after another (the kernel's row k at k * count). */
    private static double[] rowsOf(double[][] rows, int first, int count) {
        double[] packed = new double[rows.length * count];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(rows[k], first, packed, k * count, count);
        }
        return packed;
    }

    /**
     * Adam's bias corrections as the CPU map computes them (Math.pow, which no device pow matches to
     * the bit): one row of max-iters values per distinct beta1 (1 - beta1^t) and per distinct beta2
     * (sqrt(1 - beta2^t)), step t at t - 1, and per point the rows of its two betas.
     */
    private static final class AdamCorrections {
        final double[] table;
        private final int[] firstRow;
        private final int[] secondRow;

        AdamCorrections(double[] beta1, double[] beta2, int steps) {
            Map<Double, Integer> firstRows = new LinkedHashMap<>();
            Map<Double, Integer> secondRows = new LinkedHashMap<>();
            firstRow = Arrays.stream(beta1).mapToInt(b -> firstRows.computeIfAbsent(b, k -> firstRows.size())).toArray();
            secondRow = Arrays.stream(beta2)
                    .mapToInt(b -> secondRows.computeIfAbsent(b, k -> firstRows.size() + secondRows.size())).toArray();
            long entries = (long) (firstRows.size() + secondRows.size()) * steps;
            if (entries > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(entries + " bias corrections (distinct betas x max-iters) do not fit one table");
            }
            table = new double[(int) entries];
            firstRows.forEach((beta, row) -> {
                for (int t = 1; t <= steps; t++) {
                    table[row * steps + t - 1] = LaneRule.adamFirstCorrection(beta, t);
                }
            });
            secondRows.forEach((beta, row) -> {
                for (int t = 1; t <= steps; t++) {
                    table[row * steps + t - 1] = LaneRule.adamSqrtSecondCorrection(beta, t);
                }
            });
        }

        /** Points [first, first + count): their beta1 rows, then their beta2 rows (the kernel's correction_rows). */
        int[] rowsOf(int first, int count) {
            int[] rows = new int[2 * count];
            System.arraycopy(firstRow, first, rows, 0, count);
            System.arraycopy(secondRow, first, rows, count, count);
            return rows;
        }
    }

    /** Points [first, first + count) of the map from the launch's buffers (tolerance t's row at t * stride). */
    private static void readBack(MapResult result, int first, int count, int stride, CUdeviceptr status,
                                 CUdeviceptr iterations, CUdeviceptr toTolerance, CUdeviceptr suboptimality,
                                 CUdeviceptr rate) {
        byte[] bytes = new byte[count];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(bytes), status, count);
        System.arraycopy(bytes, 0, result.status(), first, count);
        int[] ints = new int[count];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(ints), iterations, (long) count * Integer.BYTES);
        System.arraycopy(ints, 0, result.iterations(), first, count);
        for (int t = 0; t < result.toTolerance().length; t++) {
            JCudaDriver.cuMemcpyDtoH(Pointer.to(ints), toTolerance.withByteOffset((long) t * stride * Integer.BYTES),
                    (long) count * Integer.BYTES);
            System.arraycopy(ints, 0, result.toTolerance()[t], first, count);
        }
        double[] doubles = new double[count];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(doubles), suboptimality, (long) count * Double.BYTES);
        System.arraycopy(doubles, 0, result.suboptimality(), first, count);
        JCudaDriver.cuMemcpyDtoH(Pointer.to(doubles), rate, (long) count * Double.BYTES);
        System.arraycopy(doubles, 0, result.rateMeasured(), first, count);
    }

    private static long freeDeviceBytes() {
        long[] free = new long[1];
        long[] total = new long[1];
        JCudaDriver.cuMemGetInfo(free, total);
        return free[0];
    }

    /** One run's device buffers, freed together. */
    private static final class Buffers implements AutoCloseable {
        private final List<CUdeviceptr> allocated = new ArrayList<>();

        CUdeviceptr allocate(long bytes) {
            CUdeviceptr pointer = new CUdeviceptr();
            JCudaDriver.cuMemAlloc(pointer, Math.max(bytes, 1));
            allocated.add(pointer);
            return pointer;
        }

        /** All bits set (NaN, status 255, iteration -1), so a point the kernel did not write shows. */
        CUdeviceptr poisoned(long bytes) {
            CUdeviceptr pointer = allocate(bytes);
            JCudaDriver.cuMemsetD8(pointer, (byte) 0xFF, Math.max(bytes, 1));
            return pointer;
        }

        CUdeviceptr upload(double[] values) {
            CUdeviceptr pointer = allocate((long) values.length * Double.BYTES);
            JCudaDriver.cuMemcpyHtoD(pointer, Pointer.to(values), (long) values.length * Double.BYTES);
            return pointer;
        }

        CUdeviceptr upload(int[] values) {
            CUdeviceptr pointer = allocate((long) values.length * Integer.BYTES);
            JCudaDriver.cuMemcpyHtoD(pointer, Pointer.to(values), (long) values.length * Integer.BYTES);
            return pointer;
        }

        @Override
        public void close() {
            allocated.forEach(JCudaDriver::cuMemFree);
        }
    }

    @Override
    public void close() {
        backend.makeCurrent();
        JCudaDriver.cuEventDestroy(start);
        JCudaDriver.cuEventDestroy(stop);
        backend.close();
    }
}
