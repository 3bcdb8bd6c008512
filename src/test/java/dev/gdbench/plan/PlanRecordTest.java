package dev.gdbench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlanRecordTest {
    private static SweepPlan plan(List<Double> kappas, Map<String, List<ParamValue>> hyperParameters) {
        return SweepPlan.expand(new SweepSpec(ProblemKind.QUADRATIC, List.of(4, 8), kappas, Spectrum.LOGUNIFORM, false,
                null, false, null, null, 0, 0, List.of(1L, 2L),
                List.of(Optimizers.find("gd").orElseThrow(), Optimizers.find("adam").orElseThrow()),
                hyperParameters, Transforms.NONE));
    }

    private static final RunSettings RUN = new RunSettings(Precision.FP64, 100, 10, List.of(1e-6), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    private static final Map<String, List<ParamValue>> LR = Map.of("lr", List.of(new ParamValue.Absolute(0.1)));

    @Test
    void everySettingOfThePlanIsNamedByTheFlagThatSetsIt() {
        Stream.of(ProblemSpec.class, RunSettings.class, Transforms.class)
                .flatMap(type -> Stream.of(type.getRecordComponents())).map(RecordComponent::getName)
                .forEach(name -> assertTrue(PlanRecord.FLAGS.containsKey(name), name + " has no flag in PlanRecord.FLAGS"));
    }

    @Test
    void recordsTheResolvedAxesDefaultsIncluded() {
        PlanRecord record = PlanRecord.of(plan(List.of(10.0, 1000.0), LR), RUN);
        assertEquals("4,8", record.settings().get("--dims"));
        assertEquals("10,1000", record.settings().get("--kappas"));
        assertEquals("1,2", record.settings().get("--seeds"));
        assertEquals("8", record.settings().get("instances"));
        assertEquals("gd,adam", record.settings().get("--optimizers"));
        assertEquals("0.9", record.settings().get("--beta1 (adam)"));
        assertEquals("1.0E-6", record.settings().get("--tol"));
        assertEquals("100", record.settings().get("--max-iters"));
        assertEquals("relative:1e10", record.settings().get("--divergence"));
    }

    @Test
    void aDefaultGivenExplicitlyIsTheSamePlanAndAnyChangeIsNamed() {
        PlanRecord recorded = PlanRecord.of(plan(List.of(10.0, 100.0), LR), RUN);
        Map<String, List<ParamValue>> spelledOut = Map.of("lr", List.of(new ParamValue.Absolute(0.1)),
                "beta1", List.of(new ParamValue.Absolute(0.9)));
        assertEquals(Optional.empty(), PlanRecord.of(plan(List.of(10.0, 100.0), spelledOut), RUN).firstDifference(recorded));
        assertEquals(Optional.of("--kappas is 10,100 there but 10,1000 here"),
                PlanRecord.of(plan(List.of(10.0, 1000.0), LR), RUN).firstDifference(recorded));
        RunSettings fp32 = new RunSettings(Precision.FP32, 100, 10, List.of(1e-6), false,
                DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);
        assertEquals(Optional.of("--precision is fp64 there but fp32 here"),
                PlanRecord.of(plan(List.of(10.0, 100.0), LR), fp32).firstDifference(recorded));
    }
}
