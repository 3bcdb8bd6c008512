package dev.gdbench.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** Each problem's batched gradient alone: the quadratic's GEMM path, least squares' two products. */
public class GradientBenchmark extends BatchBenchmark {
    @Param({"quadratic", "least-squares", "logistic"})
    public String problem;

    @Param({"gd"})
    public String optimizer;

    @Override
    protected Workload workload() {
        return Workload.of(problem, n, batch, precision, optimizer);
    }

    @Benchmark
    public void gradient() {
        run.gradient();
    }
}
