package dev.gdbench.bench;

import dev.gdbench.backend.Backends;
import dev.gdbench.backend.cuda.CeilingProbe;
import dev.gdbench.backend.cuda.CudaBackend;
import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.linalg.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the machine can do at best, measured by the same harness in the same run as the
 * benchmarks it judges: memory copy bandwidth, the product rate at the benchmark's own shape, and
 * on the CPU the arithmetic peak (fused multiply-adds in registers).
 * On the CPU on every core (as the CPU backend uses them); on the GPU through the backend's stream
 * ({@link CeilingProbe}): a device-to-device copy, and the product by the backend's GEMM path
 * (cuBLAS where it loads; the device column names the path) and by the built-in tiled GEMM.
 */
public final class Ceilings {
    private Ceilings() {}

    /**
     * On the CPU each core works on its own slice, the slices at once, as the backend's column
     * chunks do; on the GPU a probe runs on the backend's stream.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(value = 1, jvmArgsAppend = BatchBenchmark.VECTOR_MODULE)
    public abstract static class OnEveryCore {
        @Param({"cpu", "cuda"})
        public String backend;

        final int threads = Runtime.getRuntime().availableProcessors();
        private ExecutorService pool;
        private CudaBackend gpu;
        /** Non-null on the GPU: what the benchmark method runs. */
        CeilingProbe probe;

        /**
         * The GPU backend when {@link #backend} is cuda, else null after starting the CPU threads.
         * A backend that cannot run here fails with its one-line reason.
         */
        CudaBackend start() {
            if (backend.equals("cuda")) {
                gpu = (CudaBackend) Backends.choose(backend).backend();
                return gpu;
            }
            pool = Executors.newFixedThreadPool(threads);
            return null;
        }

        /** Runs part(t) for t in [0, threads) at once and waits for all. */
        void onEveryCore(IntConsumer part) {
            List<Callable<Void>> parts = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int index = t;
                parts.add(() -> {
                    part.accept(index);
                    return null;
                });
            }
            try {
                for (Future<Void> future : pool.invokeAll(parts)) {
                    future.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (probe != null) {
                probe.close();
            }
            if (gpu != null) {
                gpu.close();
            }
        }
    }

    /**
     * Memory copy bandwidth: on the CPU a copy of {@link #COPY_BYTES}, far beyond any cache, split
     * over the cores; on the GPU {@link #GPU_COPIES} device-to-device copies of {@link #GPU_COPY_BYTES}.
     */
    @State(Scope.Benchmark)
    public static class Copy extends OnEveryCore {
        /** 256 MiB: sixteen times this machine class's last-level cache, so the copy streams from memory. */
        public static final int COPY_BYTES = 1 << 28;
        /** 1 GiB, far beyond an H100's 50 MiB L2; four per operation, milliseconds, so waiting for the stream costs well under 1%. */
        public static final long GPU_COPY_BYTES = 1L << 30;
        public static final int GPU_COPIES = 4;

        private double[] source;
        private double[] target;

        /** Bytes one operation copies on a backend. */
        public static long copiedBytes(String backend) {
            return backend.equals("cuda") ? GPU_COPIES * GPU_COPY_BYTES : COPY_BYTES;
        }

        @Setup(Level.Trial)
        public void allocate() {
            CudaBackend gpu = start();
            if (gpu != null) {
                probe = CeilingProbe.deviceCopy(gpu, GPU_COPY_BYTES, GPU_COPIES);
                return;
            }
            source = new double[COPY_BYTES / Double.BYTES];
            target = new double[source.length];
            java.util.Arrays.fill(source, 1.0); // never time on untouched pages
        }

        @Benchmark
        public double[] copy() {
            if (probe != null) {
                probe.run();
                return null;
            }
            onEveryCore(t -> {
                int first = (int) ((long) source.length * t / threads);
                int end = (int) ((long) source.length * (t + 1) / threads);
                System.arraycopy(source, first, target, first, end - first);
            });
            return target;
        }
    }

    /**
     * The arithmetic peak: {@link #CHAINS} independent chains of vector fused multiply-adds in
     * registers, no memory traffic, on every core at once and on one core, in fp64 and fp32 (twice
     * the lanes). Every product figure is also a fraction of it. CPU only.
     */
    @State(Scope.Benchmark)
    public static class FmaPeak extends OnEveryCore {
        /**
         * Enough independent chains to hide the FMA latency on every port (4 cycles x 2 ports on
         * AVX-512 parts: 8 in flight), and few enough to stay in the 16 registers of AVX2.
         */
        public static final int CHAINS = 12;
        /**
         * Steps of every chain per call of a chain method, and calls per operation and core (about
         * a millisecond, so handing the work to the cores costs little). Short calls, many of them:
         * HotSpot compiles a method with C2 after some thousands of calls, and the Vector API runs a
         * hundred times slower before that.
         */
        public static final int STEPS = 256;
        public static final int CALLS = 1024;

        @Param({"fp64"})
        public String precision;

        private double[] doubleResults;
        private float[] floatResults;

        /** Floating-point operations of one call on one core: two per lane per fused multiply-add. */
        public static double flopsPerCore(Precision precision) {
            int lanes = precision == Precision.FP64 ? DoubleVector.SPECIES_PREFERRED.length()
                    : FloatVector.SPECIES_PREFERRED.length();
            return 2.0 * STEPS * CHAINS * CALLS * lanes;
        }

        @Setup(Level.Trial)
        public void allocate() {
            if (start() != null) {
                throw new UnsupportedOperationException("the FMA peak is a CPU measure, not applicable on " + backend);
            }
            doubleResults = new double[threads];
            floatResults = new float[threads];
        }

        private boolean fp64() {
            return precision.equals("fp64");
        }

        private void onOneCore(int core) {
            for (int call = 0; call < CALLS; call++) {
                if (fp64()) {
                    doubleResults[core] += doubleChains();
                } else {
                    floatResults[core] += floatChains();
                }
            }
        }

        @Benchmark
        public Object fmaPeak() {
            onEveryCore(this::onOneCore);
            return fp64() ? doubleResults : floatResults;
        }

        @Benchmark
        public Object fmaPeakOneCore() {
            onOneCore(0);
            return fp64() ? doubleResults : floatResults;
        }

        /**
         * x = x a + b on every chain: a just below 1 keeps the values finite (they converge to b /
         * (1 - a)) and never denormal. The chains are written out: C2 keeps named vectors in
         * registers, not an array of them.
         */
        private static double doubleChains() {
            VectorSpecies<Double> species = DoubleVector.SPECIES_PREFERRED;
            DoubleVector a = DoubleVector.broadcast(species, 0.999);
            DoubleVector b = DoubleVector.broadcast(species, 1e-3);
            DoubleVector x0 = DoubleVector.broadcast(species, 0.1);
            DoubleVector x1 = x0.add(0.01);
            DoubleVector x2 = x0.add(0.02);
            DoubleVector x3 = x0.add(0.03);
            DoubleVector x4 = x0.add(0.04);
            DoubleVector x5 = x0.add(0.05);
            DoubleVector x6 = x0.add(0.06);
            DoubleVector x7 = x0.add(0.07);
            DoubleVector x8 = x0.add(0.08);
            DoubleVector x9 = x0.add(0.09);
            DoubleVector x10 = x0.add(0.10);
            DoubleVector x11 = x0.add(0.11);
            for (int step = 0; step < STEPS; step++) {
                x0 = x0.fma(a, b);
                x1 = x1.fma(a, b);
                x2 = x2.fma(a, b);
                x3 = x3.fma(a, b);
                x4 = x4.fma(a, b);
                x5 = x5.fma(a, b);
                x6 = x6.fma(a, b);
                x7 = x7.fma(a, b);
                x8 = x8.fma(a, b);
                x9 = x9.fma(a, b);
                x10 = x10.fma(a, b);
                x11 = x11.fma(a, b);
            }
            return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
                    .reduceLanes(VectorOperators.ADD);
        }

        /** {@link #doubleChains} in fp32: the same code on twice the lanes (the Vector API has no common type for both). */
        private static float floatChains() {
            VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
            FloatVector a = FloatVector.broadcast(species, 0.999f);
            FloatVector b = FloatVector.broadcast(species, 1e-3f);
            FloatVector x0 = FloatVector.broadcast(species, 0.1f);
            FloatVector x1 = x0.add(0.01f);
            FloatVector x2 = x0.add(0.02f);
            FloatVector x3 = x0.add(0.03f);
            FloatVector x4 = x0.add(0.04f);
            FloatVector x5 = x0.add(0.05f);
            FloatVector x6 = x0.add(0.06f);
            FloatVector x7 = x0.add(0.07f);
            FloatVector x8 = x0.add(0.08f);
            FloatVector x9 = x0.add(0.09f);
            FloatVector x10 = x0.add(0.10f);
            FloatVector x11 = x0.add(0.11f);
            for (int step = 0; step < STEPS; step++) {
                x0 = x0.fma(a, b);
                x1 = x1.fma(a, b);
                x2 = x2.fma(a, b);
                x3 = x3.fma(a, b);
                x4 = x4.fma(a, b);
                x5 = x5.fma(a, b);
                x6 = x6.fma(a, b);
                x7 = x7.fma(a, b);
                x8 = x8.fma(a, b);
                x9 = x9.fma(a, b);
                x10 = x10.fma(a, b);
                x11 = x11.fma(a, b);
            }
            return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
                    .reduceLanes(VectorOperators.ADD);
        }
    }

    /**
     * The product alone at the gradient's shape, C = A X (n x n times n x B), by the JVM BLAS and by
     * the backend's own kernel, columns split over the cores and on one core; the ceiling is the
     * fastest of the four. On the GPU, {@code gemm} is the backend's GEMM path (cuBLAS where it
     * loads) and {@code packedGemm} the built-in tiled GEMM; the one-core variants do not apply and
     * fail with a line saying so (JMH logs it and goes on).
     */
    @State(Scope.Benchmark)
    public static class MatrixProduct extends OnEveryCore {
        @Param({"1024"})
        public int n;

        @Param({"64"})
        public int batch;

        @Param({"fp64"})
        public String precision;

        private DenseMatrix a;
        private FixedMatrix packed;
        private DenseMatrix x;
        private DenseMatrix product;

        /** The built-in GEMM on the GPU, beside {@link OnEveryCore#probe}'s backend path. */
        private CeilingProbe builtinProbe;

        @Setup(Level.Trial)
        public void allocate() {
            Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
            CudaBackend gpu = start();
            if (gpu != null) {
                probe = CeilingProbe.product(gpu, n, batch, p, false);
                builtinProbe = CeilingProbe.product(gpu, n, batch, p, true);
                return;
            }
            a = random(p, n, n);
            packed = FixedMatrix.of(a, false);
            x = random(p, n, batch);
            product = DenseMatrix.zeros(p, n, batch);
        }

        private static DenseMatrix random(Precision precision, int rows, int cols) {
            double[] values = new double[rows * cols];
            java.util.SplittableRandom random = new java.util.SplittableRandom(Workload.SEED);
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble() - 0.5;
            }
            return DenseMatrix.of(precision, rows, cols, values);
        }

        /** Columns [first, end) by the JVM BLAS, or by the kernel the CPU backend multiplies with. */
        private void multiply(boolean byBackendKernel, int first, int end) {
            if (byBackendKernel) {
                packed.multiply(1.0, x, 0.0, product, first, end);
            } else {
                DenseMatrix.multiply(false, 1.0, a, x, 0.0, product, first, end);
            }
        }

        private DenseMatrix onEveryCore(boolean byBackendKernel) {
            int tasks = Math.min(threads, batch);
            onEveryCore(t -> {
                if (t < tasks) {
                    multiply(byBackendKernel, (int) ((long) batch * t / tasks), (int) ((long) batch * (t + 1) / tasks));
                }
            });
            return product;
        }

        @TearDown(Level.Trial)
        public void closeBuiltin() {
            if (builtinProbe != null) {
                builtinProbe.close();
            }
        }

        private void cpuOnly() {
            if (probe != null) {
                throw new UnsupportedOperationException("one core: a CPU measure, not applicable on " + backend);
            }
        }

        @Benchmark
        public DenseMatrix gemm() {
            if (probe != null) {
                probe.run();
                return null;
            }
            return onEveryCore(false);
        }

        /** On the calling thread: for small shapes, handing work to a second core costs more than it saves. */
        @Benchmark
        public DenseMatrix gemmOneCore() {
            cpuOnly();
            multiply(false, 0, batch);
            return product;
        }

        /** The CPU backend's own fp64 kernel (linalg.FixedMatrix), the BLAS in fp32; the GPU's built-in GEMM. */
        @Benchmark
        public DenseMatrix packedGemm() {
            if (builtinProbe != null) {
                builtinProbe.run();
                return null;
            }
            return onEveryCore(true);
        }

        @Benchmark
        public DenseMatrix packedGemmOneCore() {
            cpuOnly();
            multiply(true, 0, batch);
            return product;
        }
    }
}
