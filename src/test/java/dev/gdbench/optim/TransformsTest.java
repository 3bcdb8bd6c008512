package dev.gdbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Vec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Clipping and schedules as wrappers: what the inner rule sees, against the formulas. */
class TransformsTest {
    /** An inner rule that records the gradient norm and step size it is handed. */
    private static final class Recording implements UpdateRule {
        final List<Double> gradientNorms = new ArrayList<>();
        final List<Double> maxAbsEntries = new ArrayList<>();
        final List<Double> stepSizes = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int stateVectors() {
            return 1;
        }

        @Override
        public int flopsPerElement() {
            return 0;
        }

        @Override
        public double learningRate() {
            return 0.5;
        }

        @Override
        public Map<String, Double> hyperParameters() {
            return Map.of(HyperParameter.LEARNING_RATE, 0.5);
        }

        @Override
        public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {
            gradientNorms.add(Math.sqrt(gradient.dot(gradient)));
            double max = 0;
            for (int i = 0; i < gradient.length(); i++) {
                max = Math.max(max, Math.abs(gradient.get(i)));
            }
            maxAbsEntries.add(max);
            stepSizes.add(learningRate);
            state[0].set(0, state[0].get(0) + 1); // its own state is its first vector, untouched by the wrapper
        }
    }

    private static Vec[] state(int count, int n) {
        Vec[] vectors = new Vec[count];
        for (int v = 0; v < count; v++) {
            vectors[v] = Vec.of(new double[n]);
        }
        return vectors;
    }

    @Test
    void clipByNormNeverHandsTheRuleAGradientAboveTheBound() {
        Recording inner = new Recording();
        double bound = 0.7;
        UpdateRule clipped = new Transforms(Schedule.CONSTANT, bound, Double.NaN).wrap(inner);
        assertEquals(2, clipped.stateVectors());
        SplittableRandom random = new SplittableRandom(4);
        Vec[] state = state(clipped.stateVectors(), 5);
        List<Double> trueNorms = new ArrayList<>();
        for (int t = 1; t <= 1000; t++) {
            double scale = Math.pow(10, random.nextDouble(-3, 3));
            double[] g = new double[5];
            for (int i = 0; i < 5; i++) {
                g[i] = scale * random.nextDouble(-1, 1);
            }
            Vec gradient = Vec.of(g);
            trueNorms.add(Math.sqrt(gradient.dot(gradient)));
            clipped.update(t, clipped.learningRate(), Vec.of(new double[5]), gradient, state);
            assertEquals(trueNorms.get(t - 1), Math.sqrt(gradient.dot(gradient)), 0.0, "the batch keeps the true gradient");
        }
        for (int t = 0; t < 1000; t++) {
            double seen = inner.gradientNorms.get(t);
            assertTrue(seen <= bound * (1 + 1e-15), "step " + t + ": " + seen);
            assertEquals(Math.min(trueNorms.get(t), bound), seen, 1e-15 * Math.max(1, trueNorms.get(t)),
                    "below the bound the gradient passes unchanged; above, it is scaled onto the bound");
        }
        assertEquals(1000, state[0].get(0), "the inner rule's state is its own");
    }

    @Test
    void clipByValueThenByNormKeepsBothBounds() {
        Recording inner = new Recording();
        UpdateRule clipped = new Transforms(Schedule.CONSTANT, 1.0, 0.3).wrap(inner);
        assertEquals(3, clipped.stateVectors());
        clipped.update(1, 0.5, Vec.of(new double[3]), Vec.of(new double[] {2.0, -0.1, -5.0}), state(3, 3));
        assertEquals(0.3, inner.maxAbsEntries.get(0), 1e-16);
        double middle = 0.1 / Math.sqrt(29.01); // (2, -0.1, -5) / |(2, -0.1, -5)|, then entries clipped to 0.3
        assertEquals(Math.sqrt(0.3 * 0.3 + middle * middle + 0.3 * 0.3), inner.gradientNorms.get(0), 1e-15);
    }

    @Test
    void scheduledRuleRunsWithTheScheduledStepSize() {
        Recording inner = new Recording();
        UpdateRule scheduled = new Transforms(new Schedule.Exponential(0.5), Double.NaN, Double.NaN).wrap(inner);
        Vec[] state = state(1, 1);
        for (int t = 1; t <= 3; t++) {
            scheduled.update(t, scheduled.learningRate(), Vec.of(new double[1]), Vec.of(new double[1]), state);
        }
        assertEquals(List.of(0.5, 0.25, 0.125), inner.stepSizes);
        assertEquals(0.125, scheduled.learningRateAt(3), 0.0);
    }

    @Test
    void noTransformLeavesTheRuleItself() {
        UpdateRule gd = new GradientDescent(0.1);
        assertTrue(Transforms.NONE.wrap(gd) == gd);
    }

    @Test
    void stepScheduleIsTorchStepLr() {
        Schedule step = new Schedule.Step(10, 0.5);
        assertEquals(1.0, step.factor(1), 0.0);
        assertEquals(1.0, step.factor(10), 0.0);
        assertEquals(0.5, step.factor(11), 0.0);
        assertEquals(0.125, step.factor(31), 0.0);
    }

    @Test
    void exponentialScheduleIsGammaToTheTMinusOne() {
        Schedule exponential = new Schedule.Exponential(0.9);
        assertEquals(1.0, exponential.factor(1), 0.0);
        assertEquals(0.729, exponential.factor(4), 1e-15);
    }

    /** T = 100: factor (1 + cos(pi (t-1)/100))/2: 1 at t = 1, 1/2 at t = 51, (1 + cos(0.75 pi))/2 at t = 76, 0 from t = 101. */
    @Test
    void cosineScheduleAnnealsToZeroAtT() {
        Schedule cosine = new Schedule.Cosine(100);
        assertEquals(1.0, cosine.factor(1), 0.0);
        assertEquals(0.5, cosine.factor(51), 1e-15);
        assertEquals((1 - Math.sqrt(0.5)) / 2, cosine.factor(76), 1e-15);
        assertEquals(0.0, cosine.factor(101), 1e-15);
        assertEquals(0.0, cosine.factor(500), 1e-15);
    }

    @Test
    void warmupRisesLinearlyThenHandsOver() {
        Schedule warmup = new Schedule.Warmup(4, new Schedule.Exponential(0.5));
        assertEquals(0.25, warmup.factor(1), 0.0);
        assertEquals(0.75, warmup.factor(3), 0.0);
        assertEquals(1.0, warmup.factor(4), 0.0);
        assertEquals(1.0, warmup.factor(5), 0.0);
        assertEquals(0.25, warmup.factor(7), 0.0);
        assertEquals(1.0, new Schedule.Warmup(4, Schedule.CONSTANT).factor(1000), 0.0);
    }

    @Test
    void inverseSqrtScheduleIsOneOverRootT() {
        Schedule invsqrt = new Schedule.InverseSqrt();
        assertEquals(1.0, invsqrt.factor(1), 0.0);
        assertEquals(0.25, invsqrt.factor(16), 0.0);
        assertEquals(0.1, invsqrt.factor(100), 1e-16);
    }
}
