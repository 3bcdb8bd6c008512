package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lion against optax.lion: scale_by_lion, then add_decayed_weights, then scale_by_learning_rate. */
class LionTest {
    private static final double LR = 0.01;

    /**
     * Three steps on x = (1, -2) with g = (0.5, -1), (0.25, 2), (-0.5, 1) at optax's defaults
     * (b1 0.9, b2 0.99, wd 1e-3): x -= lr (sign(c) + wd x). By hand: c_1 = 0.1 g has g's signs, so
     * x_1 = (1 - 1e-5 - 0.01, -2 + 2e-5 + 0.01); m_1 = 0.01 g; c_2 = (0.0295, 0.191), both positive;
     * m_2 = (0.00745, 0.0101); c_3 = (-0.043295, 0.10909). The literals are that loop's values (Python floats).
     */
    @Test
    void threeStepsAtOptaxDefaultsMoveEachCoordinateByTheLearningRate() {
        double[][] gradients = {{0.5, -1.0}, {0.25, 2.0}, {-0.5, 1.0}};
        double[][] literal = {{0.98999, -1.98998}, {0.9799801001, -1.9999601002}, {0.989970300298999, -2.009940100598998}};
        double[][] momentum = {{0.005, -0.01}, {0.00745, 0.0101}, {0.0023755, 0.019999}};
        UpdateRule rule = Lion.DESCRIPTOR.create(Map.of(HyperParameter.LEARNING_RATE, LR, HyperParameter.BETA1, 0.9,
                HyperParameter.BETA2, 0.99, HyperParameter.WEIGHT_DECAY, 1e-3));
        Vec x = Vec.of(new double[] {1.0, -2.0});
        Vec[] state = {Vec.of(new double[2])};
        for (int t = 1; t <= 3; t++) {
            rule.update(t, LR, x, Vec.of(gradients[t - 1]), state);
            assertArrayEquals(literal[t - 1], x.toArray(), 1e-15, "step " + t);
            assertArrayEquals(momentum[t - 1], state[0].toArray(), 1e-16, "step " + t);
        }
    }

    /** A zero interpolation does not move x (jnp.sign(0) = 0); a NaN one makes x NaN, so the divergence shows. */
    @Test
    void signOfZeroIsZeroAndNanPropagates() {
        Vec x = Vec.of(new double[] {1.5, 1.5});
        Vec[] state = {Vec.of(new double[] {0.0, Double.NaN})};
        new Lion(LR, 0.9, 0.99).update(1, LR, x, Vec.of(new double[] {0.0, 1.0}), state);
        assertEquals(1.5, x.get(0));
        assertTrue(Double.isNaN(x.get(1)));
    }

    /** Registered with optax's decay, decoupled: the kernel is the plain rule's, the decay the transform's. */
    @Test
    void registeredRuleIsThePlainOneInsideTheDecoupledDecay() {
        assertEquals(Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.99, HyperParameter.WEIGHT_DECAY, 1e-3),
                Lion.DESCRIPTOR.defaults());
        WeightDecayed rule = (WeightDecayed) Lion.of(LR, 0.9, 0.99, 1e-3);
        assertEquals(WeightDecayed.Coupling.DECOUPLED, rule.coupling());
        assertEquals(List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2,
                HyperParameter.WEIGHT_DECAY), List.copyOf(rule.hyperParameters().keySet()));
        assertEquals(Lion.DESCRIPTOR.kernel(), rule.inner().kernel());
        assertEquals(List.of(HyperParameter.BETA1, HyperParameter.BETA2), List.copyOf(rule.inner().kernelConstants().keySet()));
    }
}
