package dev.gdbench.optim;

import static dev.gdbench.linalg.FloatLanes.LANES;
import static dev.gdbench.linalg.FloatLanes.load;
import static dev.gdbench.linalg.FloatLanes.store;

import dev.gdbench.linalg.FloatLanes;
import dev.gdbench.linalg.FloatVec;
import jdk.incubator.vector.DoubleVector;

/**
 * The update loops of gd, heavy ball, Nesterov, RMSprop, AdaGrad and the Adam step on fp32 storage,
 * FloatLanes.LANES elements at a time up to the vector bound, which each returns; the rule's own
 * loop does the rest. Each is its rule's loop with the same operations in the same order in
 * double lanes, so the same bits (Fp32LanesTest). They live here, not in the rules, because they
 * name jdk.incubator.vector: a rule class that did would fail to load without the module even in
 * fp64, and a rule calls these only when {@link FloatVec#LANES_ENABLED}.
 */
final class Fp32Lanes {
    private Fp32Lanes() {
    }

    /** {@link GradientDescent}: x -= lr g. */
    static int gradientDescent(double lr, FloatVec x, FloatVec gradient) {
        int end = FloatLanes.vectorBound(x);
        for (int i = 0; i < end; i += LANES.length()) {
            store(x, i, load(x, i).sub(load(gradient, i).mul(lr)));
        }
        return end;
    }

    /** {@link HeavyBall}: v = beta v + g; x -= lr v. */
    static int heavyBall(double momentum, double lr, FloatVec x, FloatVec gradient, FloatVec velocity) {
        int end = FloatLanes.vectorBound(x);
        for (int i = 0; i < end; i += LANES.length()) {
            DoubleVector v = load(velocity, i).mul(momentum).add(load(gradient, i));
            store(velocity, i, v);
            store(x, i, load(x, i).sub(v.mul(lr)));
        }
        return end;
    }

    /** {@link Nesterov}: v = beta v + g; x -= lr (g + beta v). */
    static int nesterov(double momentum, double lr, FloatVec x, FloatVec gradient, FloatVec velocity) {
        int end = FloatLanes.vectorBound(x);
        for (int i = 0; i < end; i += LANES.length()) {
            DoubleVector g = load(gradient, i);
            DoubleVector v = load(velocity, i).mul(momentum).add(g);
            store(velocity, i, v);
            store(x, i, load(x, i).sub(g.add(v.mul(momentum)).mul(lr)));
        }
        return end;
    }

    /**
     * {@link RmsProp} (decay alpha, weight 1 - alpha) and {@link AdaGrad} (decay and weight 1,
     * multiplications that change no bit): s = decay s + weight g^2; x -= step g / (sqrt(s) + eps).
     */
    static int squaredGradientStep(double decay, double weight, double step, double epsilon, FloatVec x,
                                   FloatVec gradient, FloatVec squares) {
        int end = FloatLanes.vectorBound(x);
        for (int i = 0; i < end; i += LANES.length()) {
            DoubleVector g = load(gradient, i);
            DoubleVector s = load(squares, i).mul(decay).add(g.mul(weight).mul(g));
            store(squares, i, s);
            store(x, i, load(x, i).sub(g.mul(step).div(s.sqrt().add(epsilon))));
        }
        return end;
    }

    /**
     * {@link AdamFamily#adamStep}: m and v advanced, vmax = max(vmax, v) with maxSecond (null
     * without: VectorOperators.MAX is Math.max lane by lane, NaN included), x -= (lr / c1) m /
     * (sqrt(v) / sqrt(c2) + eps).
     */
    static int adamStep(AdamFamily rule, double[] scalars, FloatVec x, FloatVec gradient, FloatVec first,
                        FloatVec second, FloatVec maxSecond) {
        double beta1 = rule.beta1;
        double beta2 = rule.beta2;
        double epsilon = rule.epsilon;
        int end = FloatLanes.vectorBound(x);
        for (int i = 0; i < end; i += LANES.length()) {
            DoubleVector g = load(gradient, i);
            DoubleVector m = load(first, i).mul(beta1).add(g.mul(1 - beta1));
            store(first, i, m);
            DoubleVector v = load(second, i).mul(beta2).add(g.mul(1 - beta2).mul(g));
            store(second, i, v);
            if (maxSecond != null) {
                v = load(maxSecond, i).max(v);
                store(maxSecond, i, v);
            }
            store(x, i, load(x, i).sub(m.mul(scalars[0]).div(v.sqrt().div(scalars[1]).add(epsilon))));
        }
        return end;
    }
}
