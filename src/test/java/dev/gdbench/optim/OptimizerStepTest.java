package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.Vec;
import org.junit.jupiter.api.Test;

/** One step of each rule against numbers computed by hand from its formula (torch conventions). */
class OptimizerStepTest {
    private static final double[] X = {1.0, -2.0};
    private static final double[] G = {0.5, 4.0};

    private static Vec[] zeros(int count) {
        Vec[] state = new Vec[count];
        for (int i = 0; i < count; i++) {
            state[i] = Vec.of(new double[2]);
        }
        return state;
    }

    @Test
    void gradientDescentStepsAgainstTheGradient() {
        Vec x = Vec.of(X.clone());
        new GradientDescent(0.1).update(1, 0.1, x, Vec.of(G), zeros(0));
        assertEquals(1.0 - 0.05, x.get(0), 1e-15);
        assertEquals(-2.0 - 0.4, x.get(1), 1e-15);
    }

    /** v = 0.9 * 0.3 + 0.5 = 0.77; x = 1 - 0.1 * 0.77 = 0.923. */
    @Test
    void heavyBallAccumulatesVelocityThenSteps() {
        Vec x = Vec.of(X.clone());
        Vec[] state = {Vec.of(new double[] {0.3, -1.0})};
        new HeavyBall(0.1, 0.9).update(2, 0.1, x, Vec.of(G), state);
        assertEquals(0.77, state[0].get(0), 1e-15);
        assertEquals(0.923, x.get(0), 1e-15);
        assertEquals(0.9 * -1.0 + 4.0, state[0].get(1), 1e-15);
        assertEquals(-2.0 - 0.1 * 3.1, x.get(1), 1e-15);
    }

    /** v = 0.77 as above; x = 1 - 0.1 (0.5 + 0.9 * 0.77) = 1 - 0.1193 = 0.8807. */
    @Test
    void nesterovStepsAlongGradientPlusLookAheadVelocity() {
        Vec x = Vec.of(X.clone());
        Vec[] state = {Vec.of(new double[] {0.3, -1.0})};
        new Nesterov(0.1, 0.9).update(2, 0.1, x, Vec.of(G), state);
        assertEquals(0.77, state[0].get(0), 1e-15);
        assertEquals(0.8807, x.get(0), 1e-15);
    }

    /**
     * First step from zero state: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2, so
     * x -= lr g / (|g| + eps) = lr sign(g) (1 - eps/|g|) to first order.
     */
    @Test
    void adamFirstStepIsLearningRateTimesSignOfGradient() {
        Vec x = Vec.of(X.clone());
        Vec[] state = zeros(2);
        new Adam(0.01, 0.9, 0.999, 1e-8).update(1, 0.01, x, Vec.of(G), state);
        assertEquals(0.05, state[0].get(0), 1e-15);
        assertEquals(0.001 * 0.25, state[1].get(0), 1e-15);
        assertEquals(1.0 - 0.01 * 0.5 / (0.5 + 1e-8), x.get(0), 1e-15);
        assertEquals(-2.0 - 0.01 * 4.0 / (4.0 + 1e-8), x.get(1), 1e-15);
    }

    /** Second step, by hand: m = 0.9 m1 + 0.1 g2, v = 0.999 v1 + 0.001 g2^2, bias corrections 1 - beta^2. */
    @Test
    void adamSecondStepAppliesBiasCorrectionsForIterationTwo() {
        Vec x = Vec.of(new double[] {1.0});
        Vec[] state = {Vec.of(new double[] {0.05}), Vec.of(new double[] {0.00025})};
        new Adam(0.01, 0.9, 0.999, 1e-8).update(2, 0.01, x, Vec.of(new double[] {-1.0}), state);
        double m = 0.9 * 0.05 + 0.1 * -1.0;
        double v = 0.999 * 0.00025 + 0.001 * 1.0;
        double mHat = m / (1 - 0.81);
        double vHat = v / (1 - 0.999 * 0.999);
        assertEquals(m, state[0].get(0), 1e-15);
        assertEquals(v, state[1].get(0), 1e-15);
        assertEquals(1.0 - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8), x.get(0), 1e-14);
    }
}
