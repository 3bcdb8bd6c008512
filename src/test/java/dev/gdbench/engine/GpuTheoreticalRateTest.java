package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.Backends;
import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.Nesterov;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TheoreticalRateTest's oracle on the GPU: skipped where no GPU is usable. */
class GpuTheoreticalRateTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 200_000, 10, List.of(1e-14), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    @ParameterizedTest(name = "n=256 kappa={0} clustered, on the GPU")
    @CsvSource({"10", "100", "1000"})
    void heavyBallAndNesterovConvergeAtTheoreticalRateOnTheGpu(double kappa) {
        assumeTrue(CudaAvailability.check().usable(), () -> "no usable GPU: " + CudaAvailability.check().reason());
        double mu = 1 / kappa;
        var batch = Batches.batch(Batches.quadratic(256, kappa, Spectrum.CLUSTERED, 42), List.of(
                Batches.optimal(HeavyBall.DESCRIPTOR, mu, 1),
                Batches.optimal(Nesterov.DESCRIPTOR, mu, 1)));
        try (Backend gpu = Backends.cuda()) {
            for (RunResult r : new Engine(gpu, SETTINGS).run(batch).results()) {
                assertEquals(Status.CONVERGED, r.outcome().status(), r.configuration().optimizer());
                assertEquals(r.rates().predicted(), r.rates().measured(), 0.01 * r.rates().predicted(),
                        r.configuration().optimizer() + " kappa " + kappa + ": rate within 1% of theory on the GPU");
            }
        }
    }
}
