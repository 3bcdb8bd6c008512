package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.linalg.Vec;
import dev.gdbench.optim.AdaGrad;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.AdamW;
import dev.gdbench.optim.Clipped;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.LineSearchDescent;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Schedule;
import dev.gdbench.optim.Transforms;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.optim.WeightDecayed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnParametersTest {
    private static final Transforms SCHEDULED_AND_CLIPPED = new Transforms(new Schedule.Exponential(0.9), 2.0, 0.5);

    private static UpdateRule withDefaults(OptimizerDescriptor descriptor, double learningRate) {
        Map<String, Double> values = new HashMap<>(descriptor.defaults());
        values.put(HyperParameter.LEARNING_RATE, learningRate);
        return descriptor.create(values);
    }

    @Test
    void kernelConstantsArePackedPerColumnFromThePlainRuleWithoutTheValuesNoKernelReads() {
        List<KernelRule> rules = List.of(new GradientDescent(0.5), new HeavyBall(0.25, 0.9),
                SCHEDULED_AND_CLIPPED.wrap(AdamW.of(1e-3, 0.8, 0.99, 1e-8, 0.01))).stream().map(KernelRule::of).toList();
        // lr reaches the kernels as a step scalar, adamw's decay as its factor 1 - lr wd, adagrad's lr_decay in its step.
        assertArrayEquals(new double[] {0, 0, 0, 0, 0.9, 0, 0, 0, 0.8, 0.99, 1e-8, 0}, ColumnParameters.hyperParameters(rules));
        // A coupled decay goes to its slot after the rule's constants.
        UpdateRule decayed = new WeightDecayed("adagrad", new AdaGrad(0.1, 0.5, 1e-10), 0.25, WeightDecayed.Coupling.COUPLED);
        assertArrayEquals(new double[] {1e-10, 0, 0, 0.25}, ColumnParameters.hyperParameters(List.of(KernelRule.of(decayed))));
    }

    @Test
    void everyOptimizerButTheLineSearchesHasAKernelThatFitsTheSlots() {
        for (String name : Optimizers.names()) {
            UpdateRule rule = SCHEDULED_AND_CLIPPED.wrap(withDefaults(Optimizers.find(name).orElseThrow(), 0.1));
            if (LineSearchDescent.DESCRIPTORS.stream().anyMatch(d -> d.name().equals(name))) {
                BackendUnavailableException refused = assertThrows(BackendUnavailableException.class, () -> KernelRule.of(rule));
                assertTrue(refused.getMessage().contains("no update kernel for " + name), refused.getMessage());
                continue;
            }
            KernelRule kernelRule = KernelRule.of(rule);
            assertEquals(Optimizers.find(name).orElseThrow().kernel().orElseThrow(), kernelRule.kernel());
            assertTrue(KernelModule.allKernels().contains(KernelModule.kernel(kernelRule.kernel(), dev.gdbench.linalg.Precision.FP32)));
            assertTrue(kernelRule.plain().kernelConstants().size() <= KernelModule.HYPER_SLOTS, name);
            assertTrue(kernelRule.plain().stateVectors() <= 3, name + ": the kernels take s0, s1, s2");
            assertTrue(rule.stepScalars(7, 0.1).length <= KernelModule.STEP_SLOTS, name);
        }
    }

    /**
     * The GPU uploads the scalars of a rule that says they do not vary once for every chunk: each
     * such rule, plain, clipped or not, must give the same scalars at every t. Those that vary must
     * say so (a decayed adagrad, the adam family, any schedule).
     */
    @Test
    void aRuleWhoseStepScalarsAreSaidConstantHasTheSameAtEveryIteration() {
        List<UpdateRule> rules = new java.util.ArrayList<>();
        for (String name : Optimizers.names()) {
            UpdateRule plain = withDefaults(Optimizers.find(name).orElseThrow(), 0.1);
            if (plain.kernel().isEmpty()) {
                continue; // the line searches: no kernel, and no lr to schedule
            }
            rules.add(plain);
            rules.add(new Transforms(Schedule.CONSTANT, 1.0, 0.5).wrap(plain));
            rules.add(SCHEDULED_AND_CLIPPED.wrap(plain));
        }
        rules.add(new AdaGrad(0.1, 0.01, 1e-10));
        for (UpdateRule rule : rules) {
            boolean same = java.util.stream.IntStream.of(2, 7, 1000).allMatch(t -> java.util.Arrays.equals(
                    rule.stepScalars(1, rule.learningRate()), rule.stepScalars(t, rule.learningRate())));
            assertEquals(!same, rule.stepScalarsVary(), rule.name() + " as " + rule.getClass().getSimpleName());
        }
        assertTrue(ColumnParameters.anyStepScalarsVary(List.of(new GradientDescent(0.1), new Adam(0.1, 0.9, 0.99, 1e-8))));
        assertFalse(ColumnParameters.anyStepScalarsVary(List.of(new GradientDescent(0.1), new HeavyBall(0.1, 0.5))));
    }

    @Test
    void wrappersUnwrapToThePlainRuleAndItsClipBounds() {
        GradientDescent plain = new GradientDescent(0.1);
        KernelRule both = KernelRule.of(SCHEDULED_AND_CLIPPED.wrap(plain));
        assertSame(plain, both.plain());
        assertEquals(2.0, both.clipNorm());
        assertEquals(0.5, both.clipValue());
        KernelRule none = KernelRule.of(plain);
        assertFalse(none.clips());
        assertEquals(KernelRule.NO_CLIP, none.clipNorm());
        assertFalse(ColumnParameters.anyClips(List.of(none)));
        assertTrue(ColumnParameters.anyClipsByNorm(List.of(none, both)));
        assertArrayEquals(new double[] {KernelRule.NO_CLIP, KernelRule.NO_CLIP, 1, 2.0, 0.5, 1},
                ColumnParameters.clipping(List.of(none, both)));
        // By value outside by norm is not what the kernels compute (they scale, then clamp).
        UpdateRule valueOutside = new Clipped(new Clipped(plain, Clipped.Kind.NORM, 1), Clipped.Kind.VALUE, 1);
        assertThrows(BackendUnavailableException.class, () -> KernelRule.of(valueOutside));
        UpdateRule twice = new Clipped(new Clipped(plain, Clipped.Kind.VALUE, 1), Clipped.Kind.VALUE, 1);
        assertThrows(BackendUnavailableException.class, () -> KernelRule.of(twice));
    }

    /** Row s of the table is the whole rule's stepScalars(firstStep + s, lr): a schedule enters through it. */
    @Test
    void stepTableHoldsEachColumnsScalarsWithTheScheduleApplied() {
        double lr = 0.01;
        List<UpdateRule> rules = List.of(new GradientDescent(0.5), SCHEDULED_AND_CLIPPED.wrap(new Adam(lr, 0.9, 0.999, 1e-8)));
        int firstStep = 4;
        double[] table = ColumnParameters.stepScalars(rules.stream().map(KernelRule::of).toList(), firstStep, 3);
        for (int s = 0; s < 3; s++) {
            int t = firstStep + s;
            int gd = (s * 2) * KernelModule.STEP_SLOTS;
            int adam = (s * 2 + 1) * KernelModule.STEP_SLOTS;
            assertArrayEquals(new double[] {0.5, 0, 0, 1}, java.util.Arrays.copyOfRange(table, gd, gd + 4));
            double scheduled = lr * Math.pow(0.9, t - 1); // torch ExponentialLR
            assertEquals(scheduled / (1 - Math.pow(0.9, t)), table[adam], 1e-18);
            assertEquals(Math.sqrt(1 - Math.pow(0.999, t)), table[adam + 1], 1e-16);
        }
    }

    /**
     * The adamw kernel's step with the host's table values (kernels/updates.cu: x *= s[STEP_DECAY], then
     * x -= s0 m / (sqrt(v) / s1 + eps)) reproduces the scheduled optim.AdamW step for step, bit
     * for bit in fp64.
     */
    @Test
    void stepTableDrivesTheKernelFormulaExactlyLikeTheCpuRule() {
        UpdateRule adamw = new Transforms(new Schedule.Exponential(0.95), Double.NaN, Double.NaN)
                .wrap(AdamW.of(0.01, 0.9, 0.999, 1e-8, 0.05));
        List<UpdateRule> rules = List.of(new GradientDescent(0.1), adamw);
        Random random = new Random(5);
        int n = 7;
        double[] x = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        double[] xCpu = x.clone();
        Vec[] stateCpu = {Vec.of(new double[n]), Vec.of(new double[n])};
        int steps = 25;
        double[] table = ColumnParameters.stepScalars(rules.stream().map(KernelRule::of).toList(), 1, steps);
        for (int s = 0; s < steps; s++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = random.nextGaussian();
            }
            int at = (s * rules.size() + 1) * KernelModule.STEP_SLOTS;
            for (int i = 0; i < n; i++) {
                x[i] *= table[at + KernelModule.STEP_DECAY];
                m[i] = 0.9 * m[i] + (1 - 0.9) * g[i];
                v[i] = 0.999 * v[i] + (1 - 0.999) * g[i] * g[i];
                x[i] -= table[at] * m[i] / (Math.sqrt(v[i]) / table[at + 1] + 1e-8);
            }
            adamw.update(s + 1, adamw.learningRate(), Vec.of(xCpu), Vec.of(g), stateCpu);
        }
        assertArrayEquals(xCpu, x, 0.0);
    }
}
