package dev.gdbench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep's cross-flag rules, without the command line (the CLI tests show them end to end). */
class SweepChecksTest {
    private static SweepSpec sweep(ProblemKind kind, int n, double[] x0, int rows, String optimizer,
                                   Map<String, List<ParamValue>> hyperParameters) {
        return new SweepSpec(kind, List.of(n), List.of(10.0), Spectrum.LOGUNIFORM, false, null, false, x0, null, rows,
                0.1, List.of(1L), List.of(Optimizers.find(optimizer).orElseThrow()), hyperParameters, Transforms.NONE);
    }

    private static String refusal(SweepSpec sweep, boolean eigenvaluesGiven, int batchSize) {
        return assertThrows(InvalidInputException.class,
                () -> SweepChecks.check(sweep, eigenvaluesGiven, batchSize, name -> "--" + name)).getMessage();
    }

    @Test
    void refusesFlagsThatContradictEachOther() {
        assertEquals("--x0: has 3 entries but n = 4",
                refusal(sweep(ProblemKind.QUADRATIC, 4, new double[3], 0, "gd", Map.of()), false, RunSettings.FULL_BATCH));
        assertEquals("--batch-size: 2 is not allowed: mini-batches need least-squares or logistic and B <= m = 8",
                refusal(sweep(ProblemKind.QUADRATIC, 4, null, 0, "gd", Map.of()), false, 2));
        assertEquals("--rows: 3 is not allowed: least-squares needs m >= n = 4",
                refusal(sweep(ProblemKind.LEAST_SQUARES, 4, null, 3, "gd", Map.of()), false, RunSettings.FULL_BATCH));
        SweepSpec rotatedWithoutSpectrum = new SweepSpec(ProblemKind.QUADRATIC, List.of(4), List.of(10.0),
                Spectrum.LOGUNIFORM, false, null, true, null, null, 0, 0.1, List.of(1L),
                List.of(Optimizers.find("gd").orElseThrow()), Map.of(), Transforms.NONE);
        assertEquals("--rotate: only applies with --eigenvalues", refusal(rotatedWithoutSpectrum, false, RunSettings.FULL_BATCH));
    }

    @Test
    void problemsWithoutSmoothnessNeedAbsoluteValuesNamedByTheirFlag() {
        assertEquals("--lr-scale: '" + new ParamValue.RelativeToSmoothness(0.5) + "' needs L and mu, which rosenbrock "
                        + "does not have; give absolute values (--lr, --momentum)",
                refusal(sweep(ProblemKind.ROSENBROCK, 2, null, 0, "gd",
                        Map.of("lr", List.of(new ParamValue.RelativeToSmoothness(0.5)))), false, RunSettings.FULL_BATCH));
        String momentum = refusal(sweep(ProblemKind.ROSENBROCK, 2, null, 0, "heavyball", Map.of("lr",
                List.of(new ParamValue.Absolute(1e-3)), "momentum", List.of(new ParamValue.Optimal()))), false,
                RunSettings.FULL_BATCH);
        assertTrue(momentum.startsWith("--momentum: "), momentum);
        SweepChecks.check(sweep(ProblemKind.ROSENBROCK, 2, null, 0, "gd", Map.of("lr", List.of(new ParamValue.Absolute(1e-3)))),
                false, RunSettings.FULL_BATCH, name -> "--" + name);
    }
}
