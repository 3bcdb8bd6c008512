package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.engine.Engine;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The time left comes from the configuration-iterations left, timed by the ones already run. */
class WorkLeftTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock the test moves by hand. */
    private static final class Clock {
        long now;
    }

    @Test
    void timeLeftIsTheWorkLeftAtTheRateSoFarOnASyntheticTimeline() {
        Clock clock = new Clock();
        // Two batches of 4 configurations, --max-iters 1000: at most 8000 configuration-iterations.
        WorkLeft work = new WorkLeft(8, 1000, () -> clock.now);
        assertEquals(Optional.empty(), work.timeLeft()); // nothing timed yet

        clock.now = 2 * SECOND; // batch 1: 4 x 500 iterations in 2 s, 1 ms per configuration-iteration
        work.iterated(4, 500);
        assertEquals(6000, work.iterationsLeft());
        assertEquals(Optional.of(Duration.ofSeconds(6)), work.timeLeft());
        work.decided(2, 500); // two converged at 500: their other 500 iterations each leave the work
        assertEquals(Optional.of(Duration.ofSeconds(5)), work.timeLeft());

        clock.now = 3 * SECOND; // the other two run out at 1000
        work.iterated(2, 500);
        work.decided(2, 0);
        // Half the batches are done after 3 s, but the second may take 4000 iterations: 4 s, not 3 s.
        assertEquals(Optional.of(Duration.ofSeconds(4)), work.timeLeft());

        clock.now = 4 * SECOND; // batch 2 converges at 250: what it did not need leaves at once
        work.iterated(4, 250);
        work.decided(4, 750);
        assertEquals(0, work.iterationsLeft());
        assertEquals(Optional.of(Duration.ZERO), work.timeLeft());
        assertEquals(4.0, work.elapsedSeconds());
    }

    /** gd on one quadratic at lr = 1/L (converges), 0.01/L (slow: runs out), 2.5/L (diverges). */
    @Test
    void theEngineAccountsForEveryIterationOfABatch() {
        ProblemSpec spec = ProblemSpec.quadratic(8, 100, 1);
        Problem problem = ProblemFactory.build(spec);
        List<Configuration> configurations = new ArrayList<>();
        for (double scale : new double[] {1, 0.01, 2.5}) {
            var values = Map.of("lr", scale / problem.smoothness());
            configurations.add(new Configuration(configurations.size(), GradientDescent.DESCRIPTOR, values,
                    Transforms.NONE, GradientDescent.DESCRIPTOR.create(values)));
        }
        RunSettings settings = new RunSettings(Precision.FP64, 700, 10, List.of(1e-6), false, DivergenceRule.DEFAULT,
                RunSettings.FULL_BATCH);
        WorkLeft work = new WorkLeft(3, 700, System::nanoTime);
        BatchResult result;
        try (CpuBackend cpu = new CpuBackend(1)) {
            result = new Engine(cpu, settings).run(new Batch(spec, problem, configurations), work);
        }
        Set<Status> statuses = result.results().stream().map(r -> r.outcome().status()).collect(Collectors.toSet());
        assertEquals(Set.of(Status.CONVERGED, Status.MAX_ITERS, Status.DIVERGED), statuses);
        assertEquals(0, work.iterationsLeft());
    }
}
