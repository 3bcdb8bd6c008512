package dev.gdbench.cost;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.ParamValue;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.plan.SweepSpec;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep's memory estimate, without the command line. */
class HeapBudgetTest {
    private static SweepPlan quadraticPlan(int n) {
        return SweepPlan.expand(new SweepSpec(ProblemKind.QUADRATIC, List.of(n), List.of(10.0), Spectrum.LOGUNIFORM,
                false, null, false, null, null, 0, 0.1, List.of(1L), List.of(Optimizers.find("gd").orElseThrow()),
                Map.of("lr", List.of(new ParamValue.Absolute(0.1))), Transforms.NONE));
    }

    @Test
    void refusesABatchPastTheHeapBeforeAnythingRuns() {
        SweepPlan plan = quadraticPlan(400_000);
        String message = assertThrows(InvalidInputException.class, () -> HeapBudget.requireFits(plan, Precision.FP64))
                .getMessage();
        assertTrue(message.startsWith("--dims: n = 400000 with 1 configurations per batch needs about 2560.0 GB"), message);
        assertTrue(message.endsWith("(lower --dims or the grid, or raise -Xmx)"), message);
    }

    /** n = 64: 64 x 64 doubles and their fp32 copy plus seven vectors, about 50 kB. */
    @Test
    void acceptsABatchWellInsideTheHeap() {
        HeapBudget.requireFits(quadraticPlan(64), Precision.FP32);
    }
}
