package dev.gdbench.cli;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A benchmark that always throws, as one that runs out of memory or hits a driver error would: what
 * {@code gdbench bench} must report. Outside dev.gdbench.bench, so the default --include never runs it.
 */
@State(Scope.Benchmark)
public class FailingBenchmark {
    @Benchmark
    public void fails() {
        throw new IllegalStateException("this benchmark fails on purpose");
    }
}
