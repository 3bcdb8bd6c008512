package dev.gdbench.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** One whole iteration (update, then gradient) as a sweep runs it, with the cheapest and the dearest rule. */
public class IterationBenchmark extends BatchBenchmark {
    @Param({"gd", "adam"})
    public String optimizer;

    @Param({"quadratic"})
    public String problem;

    @Override
    protected Workload workload() {
        return Workload.of(problem, n, batch, precision, optimizer);
    }

    @Benchmark
    public void iteration() {
        run.iterate(1);
    }
}
