package dev.gdbench.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.Nesterov;
import dev.gdbench.optim.Schedule;
import dev.gdbench.optim.Transforms;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Spectrum;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Theory against the closed forms in the literature. */
class LinearRateTheoryTest {
    private static double[] spectrum(double kappa) {
        return Spectrum.LOGUNIFORM.eigenvalues(64, kappa);
    }

    @ParameterizedTest
    @ValueSource(doubles = {2, 10, 1000, 1e6})
    void gradientDescentAtTwoOverMuPlusLHasRateKappaMinusOneOverKappaPlusOne(double kappa) {
        double mu = 1 / kappa;
        Map<String, Double> optimal = GradientDescent.DESCRIPTOR.optimalTuning().orElseThrow().optimal(mu, 1);
        RatePrediction prediction = LinearRateTheory.predict(GradientDescent.DESCRIPTOR.create(optimal), spectrum(kappa))
                .orElseThrow();
        assertEquals((kappa - 1) / (kappa + 1), prediction.rate(), 1e-14);
        assertEquals(1, prediction.jordanOrder());
        assertEquals(2.0, LinearRateTheory.stabilityLimit(GradientDescent.DESCRIPTOR, optimal, spectrum(kappa))
                .orElseThrow(), 1e-12, "gd is stable for lr < 2/L");
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 1000, 1e6})
    void heavyBallAtPolyakParametersHasRateSqrtKappaMinusOneOverPlusOneWithDoubleRoots(double kappa) {
        Map<String, Double> optimal = HeavyBall.DESCRIPTOR.optimalTuning().orElseThrow().optimal(1 / kappa, 1);
        RatePrediction prediction = LinearRateTheory.predict(HeavyBall.DESCRIPTOR.create(optimal), spectrum(kappa))
                .orElseThrow();
        double sqrtKappa = Math.sqrt(kappa);
        assertEquals((sqrtKappa - 1) / (sqrtKappa + 1), prediction.rate(), 1e-12);
        assertEquals(2, prediction.jordanOrder(), "roots at mu and L coincide: error ~ k rho^k");
        double beta = optimal.get(HyperParameter.MOMENTUM);
        assertEquals(2 * (1 + beta), LinearRateTheory.stabilityLimit(HeavyBall.DESCRIPTOR, optimal, spectrum(kappa))
                .orElseThrow(), 1e-10, "heavy ball is stable for lr < 2(1 + beta)/L");
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 1000, 1e6})
    void nesterovAtLessardParametersHasRateOneMinusTwoOverSqrtThreeKappaPlusOne(double kappa) {
        Map<String, Double> optimal = Nesterov.DESCRIPTOR.optimalTuning().orElseThrow().optimal(1 / kappa, 1);
        RatePrediction prediction = LinearRateTheory.predict(Nesterov.DESCRIPTOR.create(optimal), spectrum(kappa))
                .orElseThrow();
        assertEquals(1 - 2 / Math.sqrt(3 * kappa + 1), prediction.rate(), 1e-12);
        assertEquals(2, prediction.jordanOrder(), "the roots at mu coincide");
        double beta = optimal.get(HyperParameter.MOMENTUM);
        assertEquals(2 * (1 + beta) / (1 + 2 * beta),
                LinearRateTheory.stabilityLimit(Nesterov.DESCRIPTOR, optimal, spectrum(kappa)).orElseThrow(), 1e-10,
                "Nesterov is stable for lr < 2(1 + beta)/((1 + 2 beta) L)");
    }

    /** The tuning is optimal: no nearby (lr, beta) gives a smaller worst-case rate. */
    @ParameterizedTest
    @ValueSource(strings = {"heavyball", "nesterov"})
    void optimalMomentumTuningCannotBeImprovedLocally(String name) {
        var descriptor = name.equals("heavyball") ? HeavyBall.DESCRIPTOR : Nesterov.DESCRIPTOR;
        double kappa = 100;
        double[] lambda = spectrum(kappa);
        Map<String, Double> optimal = descriptor.optimalTuning().orElseThrow().optimal(1 / kappa, 1);
        double best = LinearRateTheory.predict(descriptor.create(optimal), lambda).orElseThrow().rate();
        for (double lrFactor : new double[] {0.98, 1, 1.02}) {
            for (double betaFactor : new double[] {0.98, 1, 1.02}) {
                double lr = optimal.get(HyperParameter.LEARNING_RATE) * lrFactor;
                double beta = optimal.get(HyperParameter.MOMENTUM) * betaFactor;
                double rate = LinearRateTheory.predict(descriptor.create(Map.of(HyperParameter.LEARNING_RATE, lr,
                        HyperParameter.MOMENTUM, beta)), lambda).orElseThrow().rate();
                assertTrue(rate >= best - 1e-12, name + " lr x" + lrFactor + " beta x" + betaFactor + ": " + rate
                        + " beats " + best);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.5, 2.5})
    void gradientDescentBeyondTwoOverLIsUnstable(double scale) {
        RatePrediction prediction = LinearRateTheory.predict(new GradientDescent(scale), spectrum(10)).orElseThrow();
        assertEquals(Math.max(Math.abs(1 - scale), Math.abs(1 - scale / 10)), prediction.rate(), 1e-14);
        assertEquals(scale < 2, prediction.stable());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001})
    void adamHasNoLinearTheory(double lr) {
        assertTrue(LinearRateTheory.predict(new Adam(lr, 0.9, 0.999, 1e-8), spectrum(10)).isEmpty());
    }

    /** A schedule or clipping around gd changes its effective step over time: no T(lambda), no claim. */
    @Test
    void wrappedRulesGetNoPredictionEvenAroundGradientDescent() {
        GradientDescent gd = new GradientDescent(1.0);
        assertTrue(LinearRateTheory.predict(gd, spectrum(10)).isPresent());
        for (Transforms transforms : List.of(new Transforms(new Schedule.InverseSqrt(), Double.NaN, Double.NaN),
                new Transforms(Schedule.CONSTANT, 1.0, Double.NaN), new Transforms(Schedule.CONSTANT, Double.NaN, 1.0))) {
            UpdateRule wrapped = transforms.wrap(gd);
            assertFalse(LinearRateTheory.applies(wrapped));
            assertTrue(LinearRateTheory.predict(wrapped, spectrum(10)).isEmpty());
        }
    }
}
