package dev.gdbench.bench;

import dev.gdbench.backend.ColumnMeasures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** The per-column reductions a check runs (loss, suboptimality, |g|, |x - x*|). */
public class ReductionBenchmark extends BatchBenchmark {
    @Param({"quadratic"})
    public String problem;

    @Param({"gd"})
    public String optimizer;

    @Override
    protected Workload workload() {
        return Workload.of(problem, n, batch, precision, optimizer);
    }

    @Benchmark
    public ColumnMeasures reduction() {
        return run.measure();
    }
}
