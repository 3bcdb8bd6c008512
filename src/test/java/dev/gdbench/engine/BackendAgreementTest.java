package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.ParamValue;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.plan.SweepSpec;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two backends' results for one batch agree only within the precision's bound, and a difference is named. */
class BackendAgreementTest {
    private static Batch batch() {
        SweepSpec spec = new SweepSpec(ProblemKind.QUADRATIC, List.of(12), List.of(100.0), Spectrum.LOGUNIFORM, false,
                null, false, null, null, 0, 0, List.of(3L), List.of(Optimizers.find("gd").orElseThrow(),
                Optimizers.find("heavyball").orElseThrow()),
                Map.of("lr", List.of(new ParamValue.RelativeToSmoothness(1), new ParamValue.RelativeToSmoothness(2.5)),
                        "momentum", List.of(ParamValue.OPTIMAL)), Transforms.NONE);
        return SweepPlan.realize(SweepPlan.expand(spec).batches().get(0));
    }

    private static BatchResult run(Batch batch, Precision precision) {
        RunSettings settings = new RunSettings(precision, 3000, 10, List.of(1e-6), false, DivergenceRule.DEFAULT,
                RunSettings.FULL_BATCH);
        try (CpuBackend cpu = new CpuBackend(1)) {
            return new Engine(cpu, settings).run(batch, BatchProgress.NONE);
        }
    }

    /**
     * The same record with one component replaced, found in it or in one of its nested records (a
     * RunResult's outcome), as another backend might have produced it.
     */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R with(R record, String component, Object value) throws Exception {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            Object current = components[i].getAccessor().invoke(record);
            values[i] = components[i].getName().equals(component) ? value
                    : current instanceof Record nested && hasComponent(nested, component) ? with(nested, component, value)
                    : current;
        }
        return (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
    }

    private static boolean hasComponent(Record record, String component) {
        return Arrays.stream(record.getClass().getRecordComponents()).anyMatch(c -> c.getName().equals(component));
    }

    private static BatchResult replaced(BatchResult result, int index, RunResult row) {
        List<RunResult> rows = new ArrayList<>(result.results());
        rows.set(index, row);
        return new BatchResult(rows, result.history());
    }

    private static double[] scaledFirst(double[] x, double factor) {
        double[] y = x.clone();
        y[0] *= factor;
        return y;
    }

    @Test
    void identicalRunsAgreeAndADifferenceAboveTheBoundIsNamed() throws Exception {
        Batch batch = batch();
        BatchResult reference = run(batch, Precision.FP64);
        assertEquals(Optional.empty(), BackendAgreement.check(batch, Precision.FP64, reference, run(batch, Precision.FP64)));

        // Converged columns end near x* (|x| ~ 1): a relative nudge of 1e-14 is inside 1e-12, 1e-9 is not.
        int converged = 0;
        while (reference.results().get(converged).outcome().status() != Status.CONVERGED) {
            converged++;
        }
        RunResult row = reference.results().get(converged);
        BatchResult close = replaced(reference, converged, with(row, "finalIterate", scaledFirst(row.outcome().finalIterate(), 1 + 1e-14)));
        assertEquals(Optional.empty(), BackendAgreement.check(batch, Precision.FP64, reference, close));
        BatchResult off = replaced(reference, converged, with(row, "finalIterate", scaledFirst(row.outcome().finalIterate(), 1 + 1e-9)));
        Optional<String> named = BackendAgreement.check(batch, Precision.FP64, reference, off);
        assertTrue(named.isPresent() && named.get().startsWith("configuration " + row.configuration().id() + " (")
                && named.get().contains("final iterates differ by"), named.toString());
    }

    @Test
    void fp64NeedsTheSameOutcomeFp32OnlyTheSameDivergence() throws Exception {
        Batch batch = batch();
        BatchResult reference = run(batch, Precision.FP64);
        int converged = 0;
        while (reference.results().get(converged).outcome().status() != Status.CONVERGED) {
            converged++;
        }
        RunResult row = reference.results().get(converged);
        BatchResult later = replaced(reference, converged, with(row, "iterations", row.outcome().iterations() + 10));
        Optional<String> named = BackendAgreement.check(batch, Precision.FP64, reference, later);
        assertTrue(named.isPresent() && named.get().contains("converged at " + row.outcome().iterations() + " on cpu but converged at "
                + (row.outcome().iterations() + 10) + " on cpu"), named.toString());

        // fp32: one check later, and to max-iters instead, are both within rounding; diverging is not.
        BatchResult fp32 = run(batch, Precision.FP32);
        RunResult fp32Row = fp32.results().get(converged);
        assertEquals(Optional.empty(), BackendAgreement.check(batch, Precision.FP32, fp32,
                replaced(fp32, converged, with(with(fp32Row, "iterations", fp32Row.outcome().iterations() + 10), "status",
                        Status.MAX_ITERS))));
        Optional<String> diverged = BackendAgreement.check(batch, Precision.FP32, fp32,
                replaced(fp32, converged, with(fp32Row, "status", Status.DIVERGED)));
        assertTrue(diverged.isPresent() && diverged.get().contains("diverged"), diverged.toString());
        // The fp32 bound, 2 x 4 (kappa + K) sqrt(n) 2^-24, is about 1e-3 here: 1e-2 is outside it.
        Optional<String> far = BackendAgreement.check(batch, Precision.FP32, fp32, replaced(fp32, converged,
                with(fp32Row, "finalIterate", scaledFirst(fp32Row.outcome().finalIterate(), 1.01))));
        assertTrue(far.isPresent() && far.get().contains("final iterates differ"), far.toString());
    }
}
