package dev.gdbench.optim;

/**
 * Step-size searches along the steepest-descent direction d = -g from x: phi(a) = f(x - a g),
 * phi'(a) = -grad f(x - a g) . g, phi'(0) = -g.g. Each returns the accepted step with the values
 * it was accepted on, so tests can check the acceptance conditions on every step taken.
 */
public sealed interface LineSearch {
    /** Backtracking halvings (or expansions) before a search gives up: 2^-60 is below fp64 resolution of any step. */
    int MAX_TRIALS = 60;

    /**
     * @param initialStep the first trial step (--lr); unused by the exact search
     */
    Step search(ColumnObjective objective, double[] x, double[] gradient, double initialStep);

    /** Name as in --line-search. */
    String label();

    /**
     * An accepted step a, with phi(0), phi'(0), phi(a) and phi'(a) where the search evaluated them
     * (NaN where it did not). A search that finds no acceptable step returns a = 0: no move.
     */
    record Step(double step, double value0, double slope0, double value, double slope) {
    }

    /** Exact minimisation along -g on a quadratic: a = g.g / g.H g (Cauchy's steepest descent). */
    record Exact() implements LineSearch {
        @Override
        public Step search(ColumnObjective objective, double[] x, double[] gradient, double initialStep) {
            double gg = dot(gradient, gradient);
            double curvature = objective.curvature(gradient);
            double step = gg == 0 ? 0 : gg / curvature;
            return new Step(step, Double.NaN, -gg, Double.NaN, Double.NaN);
        }

        @Override
        public String label() {
            return "exact";
        }
    }

    /** Backtracking (Armijo 1966): a = a0 backtrack^k, the first with phi(a) <= phi(0) + c a phi'(0). */
    record Armijo(double sufficientDecrease, double backtrack) implements LineSearch {
        @Override
        public Step search(ColumnObjective objective, double[] x, double[] gradient, double initialStep) {
            double value0 = objective.value(x);
            double slope0 = -dot(gradient, gradient);
            double[] trial = new double[x.length];
            double step = initialStep;
            for (int k = 0; k < MAX_TRIALS; k++) {
                double value = objective.value(along(x, gradient, step, trial));
                if (value <= value0 + sufficientDecrease * step * slope0) {
                    return new Step(step, value0, slope0, value, Double.NaN);
                }
                step *= backtrack;
            }
            return new Step(0, value0, slope0, value0, slope0);
        }

        @Override
        public String label() {
            return "armijo";
        }
    }

    /**
     * Strong Wolfe (Nocedal and Wright, Numerical Optimization, algorithms 3.5 and 3.6, zoom by
     * bisection): phi(a) <= phi(0) + c1 a phi'(0) and |phi'(a)| <= c2 |phi'(0)|. The bracket phase
     * doubles the step from a0.
     */
    record Wolfe(double sufficientDecrease, double curvature) implements LineSearch {
        @Override
        public Step search(ColumnObjective objective, double[] x, double[] gradient, double initialStep) {
            Phi phi = new Phi(objective, x, gradient);
            double value0 = phi.value(0);
            double slope0 = -dot(gradient, gradient);
            double previous = 0;
            double previousValue = value0;
            double step = initialStep;
            for (int k = 0; k < MAX_TRIALS; k++) {
                double value = phi.value(step);
                if (value > value0 + sufficientDecrease * step * slope0 || (k > 0 && value >= previousValue)) {
                    return zoom(phi, value0, slope0, previous, previousValue, step);
                }
                double slope = phi.slope(step);
                if (Math.abs(slope) <= -curvature * slope0) {
                    return new Step(step, value0, slope0, value, slope);
                }
                if (slope >= 0) {
                    return zoom(phi, value0, slope0, step, value, previous);
                }
                previous = step;
                previousValue = value;
                step *= 2;
            }
            return new Step(0, value0, slope0, value0, slope0);
        }

        /** Algorithm 3.6: lo satisfies sufficient decrease with the lower value; the minimiser lies between lo and hi. */
        private Step zoom(Phi phi, double value0, double slope0, double lo, double loValue, double hi) {
            for (int k = 0; k < MAX_TRIALS; k++) {
                double step = 0.5 * (lo + hi);
                double value = phi.value(step);
                if (value > value0 + sufficientDecrease * step * slope0 || value >= loValue) {
                    hi = step;
                    continue;
                }
                double slope = phi.slope(step);
                if (Math.abs(slope) <= -curvature * slope0) {
                    return new Step(step, value0, slope0, value, slope);
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                }
                lo = step;
                loValue = value;
            }
            return new Step(0, value0, slope0, value0, slope0);
        }

        @Override
        public String label() {
            return "wolfe";
        }
    }

    /** phi and phi' on one column, with one scratch point. */
    final class Phi {
        private final ColumnObjective objective;
        private final double[] x;
        private final double[] gradient;
        private final double[] trial;
        private final double[] trialGradient;

        Phi(ColumnObjective objective, double[] x, double[] gradient) {
            this.objective = objective;
            this.x = x;
            this.gradient = gradient;
            this.trial = new double[x.length];
            this.trialGradient = new double[x.length];
        }

        double value(double step) {
            return objective.value(along(x, gradient, step, trial));
        }

        double slope(double step) {
            objective.gradient(along(x, gradient, step, trial), trialGradient);
            return -dot(trialGradient, gradient);
        }
    }

    /** out = x - step g. */
    static double[] along(double[] x, double[] gradient, double step, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - step * gradient[i];
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
