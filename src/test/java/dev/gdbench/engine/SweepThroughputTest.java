package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.cost.WorkCount;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.BatchThroughput;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sweep's GB/s and GFLOP/s are the cost model's counts per iteration over its measured time per iteration. */
class SweepThroughputTest {
    @Test
    void sweepThroughputIsTheCostModelsIterationOverTheTimePerIteration() {
        // No column can meet 1e-300 in 30 iterations, so all stay active and every iteration costs the same.
        RunSettings settings = new RunSettings(Precision.FP64, 30, 10, List.of(1e-300), false,
                DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
        Batch batch = Batches.batch(Batches.quadratic(48, 10, Spectrum.LOGUNIFORM, 2), List.of(
                Batches.column(GradientDescent.DESCRIPTOR, Map.of("lr", 1.0)),
                Batches.column(Adam.DESCRIPTOR, Map.of("lr", 0.01, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8))));
        WorkCount perIteration = WorkCount.iteration(batch.problem(),
                batch.configurations().stream().map(Configuration::rule).toList(), Precision.FP64);
        try (CpuBackend backend = new CpuBackend()) {
            for (RunResult r : new Engine(backend, settings).run(batch).results()) {
                assertEquals(Status.MAX_ITERS, r.outcome().status());
                BatchThroughput t = r.throughput();
                assertEquals(perIteration.bytes(), t.bytesPerIteration(), 1e-9 * perIteration.bytes());
                assertEquals(perIteration.flops(), t.flopsPerIteration(), 1e-9 * perIteration.flops());
                assertEquals(perIteration.bytes(), t.gigabytesPerSecond() * 1e9 * t.secondsPerIteration(),
                        1e-9 * perIteration.bytes());
                assertEquals(perIteration.flops(), t.gigaflopsPerSecond() * 1e9 * t.secondsPerIteration(),
                        1e-9 * perIteration.flops());
                // Both columns ran all 30 iterations: 60 configuration-iterations in 30 iterations' time.
                assertEquals(2 / t.secondsPerIteration(), t.configurationIterationsPerSecond(),
                        1e-9 * t.configurationIterationsPerSecond());
            }
        }
    }
}
