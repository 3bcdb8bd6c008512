package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WeightDecayedTest {
    private static Vec[] state(int vectors) {
        Vec[] state = new Vec[vectors];
        for (int s = 0; s < vectors; s++) {
            state[s] = Vec.of(new double[2]);
        }
        return state;
    }

    /** Coupled: gd on g + wd x, x' = x - lr (g + wd x); the batch's gradient is left as it was. */
    @Test
    void coupledDecayAddsTheL2TermToTheGradientTheRuleSees() {
        UpdateRule rule = GradientDescent.DESCRIPTOR.withWeightDecay(WeightDecayed.Coupling.COUPLED)
                .create(Map.of(HyperParameter.LEARNING_RATE, 0.5, HyperParameter.WEIGHT_DECAY, 0.25));
        double[] x = {2, -4};
        double[] g = {1, 1};
        rule.update(1, 0.5, Vec.of(x), Vec.of(g), state(rule.stateVectors()));
        assertArrayEquals(new double[] {2 - 0.5 * (1 + 0.5), -4 - 0.5 * (1 - 1)}, x, 0.0);
        assertArrayEquals(new double[] {1, 1}, g, 0.0);
        assertEquals(4, rule.flopsPerElement());
        assertEquals(Map.of(HyperParameter.LEARNING_RATE, 0.5, HyperParameter.WEIGHT_DECAY, 0.25), rule.hyperParameters());
    }

    /** Decoupled, around heavy ball: x' = (1 - lr wd) x - lr v with v = beta v + g, the momentum untouched by the decay. */
    @Test
    void decoupledDecayShrinksXBeforeTheStepAtTheScheduledStepSize() {
        UpdateRule rule = new Scheduled(new WeightDecayed("heavyball", new HeavyBall(0.1, 0.5), 0.2,
                WeightDecayed.Coupling.DECOUPLED), new Schedule.Exponential(0.5));
        double[] x = {1, 3};
        Vec[] state = state(rule.stateVectors());
        state[0].set(0, 2);
        rule.update(2, 0.1, Vec.of(x), Vec.of(new double[] {1, -1}), state);
        double lr = 0.05; // the schedule's 0.5 at t = 2
        assertArrayEquals(new double[] {(1 - lr * 0.2) * 1 - lr * (0.5 * 2 + 1), (1 - lr * 0.2) * 3 - lr * -1}, x, 1e-15);
        assertArrayEquals(new double[] {lr, 1 - lr * 0.2}, rule.stepScalars(2, 0.1), 0.0);
    }

    @Test
    void aDecayedDescriptorTakesWeightDecayKeepsItsNameAndKernelAndLosesTheTheory() {
        OptimizerDescriptor decayed = Nesterov.DESCRIPTOR.withWeightDecay(WeightDecayed.Coupling.DECOUPLED);
        assertEquals("nesterov", decayed.name());
        assertEquals(List.of(HyperParameter.LEARNING_RATE, HyperParameter.MOMENTUM, HyperParameter.WEIGHT_DECAY),
                decayed.hyperParameters());
        assertEquals(Nesterov.DESCRIPTOR.kernel(), decayed.kernel());
        assertTrue(decayed.optimalTuning().isEmpty());
        assertEquals(Optional.of(WeightDecayed.Coupling.DECOUPLED), decayed.addedWeightDecay());
        assertEquals(Optional.empty(), Nesterov.DESCRIPTOR.addedWeightDecay());
        // Made twice, equal: sweeps key their grids by descriptor.
        assertEquals(decayed, Nesterov.DESCRIPTOR.withWeightDecay(WeightDecayed.Coupling.DECOUPLED));
    }

    /** adamw is adam with the decoupled transform, bit for bit the torch AdamW step. */
    @Test
    void adamwIsAdamWithDecoupledDecay() {
        UpdateRule adamw = AdamW.of(0.01, 0.9, 0.999, 1e-8, 0.1);
        assertEquals("adamw", adamw.name());
        assertEquals(Adam.DESCRIPTOR.kernel(), AdamW.DESCRIPTOR.kernel());
        double[] x = {1.5, -0.5};
        adamw.update(1, 0.01, Vec.of(x), Vec.of(new double[] {0.3, -2}), state(2));
        double shrink = 1 - 0.01 * 0.1;
        double[] expected = new double[2];
        double[] g = {0.3, -2};
        double[] start = {1.5, -0.5};
        for (int i = 0; i < 2; i++) {
            double m = (1 - 0.9) * g[i];
            double v = (1 - 0.999) * g[i] * g[i];
            expected[i] = start[i] * shrink - 0.01 / (1 - 0.9) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999) + 1e-8);
        }
        assertArrayEquals(expected, x, 0.0);
    }
}
