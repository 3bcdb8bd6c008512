package dev.gdbench.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** Each optimizer's update step alone over the batch (x, g and state read, x and state written). */
public class UpdateBenchmark extends BatchBenchmark {
    @Param({"gd", "heavyball", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "amsgrad"})
    public String optimizer;

    @Param({"quadratic"})
    public String problem;

    @Override
    protected Workload workload() {
        return Workload.of(problem, n, batch, precision, optimizer);
    }

    @Benchmark
    public void update() {
        run.update();
    }
}
