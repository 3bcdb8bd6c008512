package dev.gdbench.bench;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.Backends;
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
 * benchmarks it judges, on every core (as the CPU backend uses them): memory copy bandwidth and
 * the BLAS product rate at the benchmark's own shape. On a backend other than the CPU the values
 * are unavailable until that backend brings its own probes.
 */
public final class Ceilings {
    private Ceilings() {}

    /** Each core copies its own slice: the slices run at once, as the backend's column chunks do. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(value = 1, jvmArgsAppend = BatchBenchmark.VECTOR_MODULE)
    public abstract static class OnEveryCore {
        @Param({"cpu", "cuda"})
        public String backend;

        final int threads = Runtime.getRuntime().availableProcessors();
        private ExecutorService pool;

        void startCores() {
            if (!backend.equals("cpu")) {
                // Backends.choose states why the backend cannot run; if it can, no probe exists yet.
                Backends.choose(backend).backend().close();
                throw new BackendUnavailableException("no " + backend + " ceiling probe in this build");
            }
            pool = Executors.newFixedThreadPool(threads);
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
        public void stopCores() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Memory copy bandwidth: a copy of {@link #COPY_BYTES}, far beyond any cache, split over the cores. */
    @State(Scope.Benchmark)
    public static class Copy extends OnEveryCore {
        /** 256 MiB: sixteen times this machine class's last-level cache, so the copy streams from memory. */
        public static final int COPY_BYTES = 1 << 28;

        private double[] source;
        private double[] target;

        @Setup(Level.Trial)
        public void allocate() {
            startCores();
            source = new double[COPY_BYTES / Double.BYTES];
            target = new double[source.length];
            java.util.Arrays.fill(source, 1.0); // never time on untouched pages
        }

        @Benchmark
        public double[] copy() {
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
     * fastest of the four.
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

        @Setup(Level.Trial)
        public void allocate() {
            startCores();
            Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
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

        @Benchmark
        public DenseMatrix gemm() {
            return onEveryCore(false);
        }

        /** On the calling thread: for small shapes, handing work to a second core costs more than it saves. */
        @Benchmark
        public DenseMatrix gemmOneCore() {
            multiply(false, 0, batch);
            return product;
        }

        /** The CPU backend's own fp64 kernel (linalg.FixedMatrix); the BLAS in fp32. */
        @Benchmark
        public DenseMatrix packedGemm() {
            return onEveryCore(true);
        }

        @Benchmark
        public DenseMatrix packedGemmOneCore() {
            multiply(true, 0, batch);
            return product;
        }
    }
}
