package dev.gdbench.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Each optimizer's update step alone over the batch (x, g and state read, x and state written).
 * JMH needs the values as constants: they are the registry's rules with an update kernel
 * (optim.Optimizers.withKernels), in its order, which UpdateBenchmarkTest holds them to.
 */
public class UpdateBenchmark extends BatchBenchmark {
    @Param({"gd", "heavyball", "nesterov", "adam", "adagrad", "rmsprop", "adamw", "amsgrad", "nadam", "radam", "lion"})
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
