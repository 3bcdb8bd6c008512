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
 * benchmarks it judges: memory copy bandwidth and the product rate at the benchmark's own shape.
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
