package dev.gdbench.bench;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.Backends;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.Sampling;
import dev.gdbench.problem.Problem;
import java.util.concurrent.TimeUnit;
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
 * A batch open on a backend, for the benchmarks of its parts. The batch starts at x0 with G
 * evaluated, exactly as a sweep starts it. {@code cuda} is a parameter value like any other; where
 * no CUDA backend can run, opening fails with the backend's one-line reason
 * ({@code gdbench bench} leaves such values out before running, and says so).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = BatchBenchmark.VECTOR_MODULE)
public abstract class BatchBenchmark {
    /** The JVM BLAS runs its SIMD code only with the Vector API enabled, as ./gdbench enables it. */
    public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    @Param({"1024"})
    public int n;

    @Param({"64"})
    public int batch;

    @Param({"fp64"})
    public String precision;

    @Param({"cpu", "cuda"})
    public String backend;

    private Backend device;
    protected BatchRun run;

    /** The instance and rules this benchmark runs (its problem and optimizer parameters). */
    protected abstract Workload workload();

    @Setup(Level.Trial)
    public void open() {
        Workload workload = workload();
        Problem instance = workload.build();
        device = Backends.choose(backend).backend();
        run = device.open(instance, workload.rules(instance), workload.precision(), Sampling.FULL);
    }

    @TearDown(Level.Trial)
    public void close() {
        run.close();
        device.close();
    }
}
