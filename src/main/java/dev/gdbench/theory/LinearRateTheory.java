package dev.gdbench.theory;

import dev.gdbench.optim.LinearIteration;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.UpdateRule;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exact asymptotic rates of linear methods on quadratics with a known spectrum. Along each Hessian
 * eigenvector the method is the small linear recurrence T(lambda) (see {@link LinearIteration});
 * the rate is max over the distinct eigenvalues of the largest |root| of det(z I - T(lambda)).
 */
public final class LinearRateTheory {
    /**
     * Two roots closer than this (relative to their modulus) count as one double root. At exactly
     * optimal parameters rounding leaves a gap near sqrt(1e-16) = 1e-8; over the few thousand
     * iterations of a fit window such roots are indistinguishable from a Jordan block.
     */
    static final double DOUBLE_ROOT_GAP = 1e-6;

    /** Eigenvalues whose root moduli differ from the maximum by less than this share the maximum. */
    static final double SAME_MODULUS = 1e-9;

    private LinearRateTheory() {}

    /**
     * Whether theory speaks for this rule: only a rule whose one step is a fixed linear map of (e,
     * state). Wrappers (optim.Scheduled, optim.Clipped) deliberately do not implement
     * {@link LinearIteration} even around a linear rule: a schedule changes the step over time and
     * clipping makes it depend on |g|, so no constant T(lambda) exists and no rate or stability
     * limit is claimed for them.
     */
    public static boolean applies(UpdateRule rule) {
        return rule instanceof LinearIteration;
    }

    /** The prediction for {@code rule} on a spectrum, or empty when theory does not apply to it. */
    public static Optional<RatePrediction> predict(UpdateRule rule, double[] spectrum) {
        if (!applies(rule)) {
            return Optional.empty();
        }
        LinearIteration linear = (LinearIteration) rule;
        double[] distinct = Arrays.stream(spectrum).sorted().distinct().toArray();
        double rate = 0;
        boolean doubleAtMax = false;
        for (double lambda : distinct) {
            Roots roots = Roots.of(linear.iterationMatrix(lambda));
            double modulus = roots.maxModulus();
            if (modulus > rate * (1 + SAME_MODULUS)) {
                rate = modulus;
                doubleAtMax = roots.isDouble();
            } else if (modulus >= rate * (1 - SAME_MODULUS)) {
                rate = Math.max(rate, modulus);
                doubleAtMax |= roots.isDouble();
            }
        }
        return Optional.of(new RatePrediction(rate, doubleAtMax ? 2 : 1));
    }

    /**
     * The largest step size that keeps the method stable with its other hyper-parameters fixed
     * (gd: 2/L; heavy ball: 2(1 + beta)/L; Nesterov: 2(1 + beta)/((1 + 2 beta) L)), found by
     * bisection on the exact rate so it holds for any linear rule. Empty for non-linear rules.
     */
    public static Optional<Double> stabilityLimit(OptimizerDescriptor descriptor, Map<String, Double> hyperParameters,
                                                  double[] spectrum) {
        if (!(descriptor.create(hyperParameters) instanceof LinearIteration)) {
            return Optional.empty();
        }
        double smoothness = Arrays.stream(spectrum).max().orElseThrow();
        double low = 0;
        double high = 1 / smoothness;
        int doublings = 0;
        while (rateAt(descriptor, hyperParameters, spectrum, high) < 1) {
            low = high;
            high *= 2;
            if (++doublings > 60) {
                return Optional.of(Double.POSITIVE_INFINITY);
            }
        }
        for (int i = 0; i < 80; i++) {
            double middle = 0.5 * (low + high);
            if (rateAt(descriptor, hyperParameters, spectrum, middle) < 1) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return Optional.of(low);
    }

    private static double rateAt(OptimizerDescriptor descriptor, Map<String, Double> hyperParameters,
                                 double[] spectrum, double learningRate) {
        Map<String, Double> values = new HashMap<>(hyperParameters);
        values.put(HyperParameter.LEARNING_RATE, learningRate);
        return predict(descriptor.create(values), spectrum).orElseThrow().rate();
    }

    /** Roots of the characteristic polynomial of a 1x1 or 2x2 matrix. */
    private record Roots(double maxModulus, boolean isDouble) {
        static Roots of(double[][] t) {
            if (t.length == 1) {
                return new Roots(Math.abs(t[0][0]), false);
            }
            if (t.length != 2) {
                throw new IllegalArgumentException("iteration matrices larger than 2x2 are not supported");
            }
            double trace = t[0][0] + t[1][1];
            double det = t[0][0] * t[1][1] - t[0][1] * t[1][0];
            double discriminant = trace * trace - 4 * det;
            double halfTrace = Math.abs(trace) / 2;
            // Roots (trace +- sqrt(discriminant))/2. Near a double root sqrt() turns rounding of order
            // 1e-16 into 1e-8 in the modulus, so a numerically double root takes the exact value |trace|/2.
            if (Math.sqrt(Math.abs(discriminant)) <= 2 * DOUBLE_ROOT_GAP * halfTrace) {
                return new Roots(halfTrace, true);
            }
            if (discriminant < 0) {
                return new Roots(Math.sqrt(det), false); // complex pair: |z|^2 = det
            }
            return new Roots(halfTrace + Math.sqrt(discriminant) / 2, false);
        }
    }
}
