package dev.gdbench.optim;

import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Adam, AMSGrad, NAdam and RAdam share (torch.optim's conventions): beta1, beta2 and eps, the
 * moments m = beta1 m + (1 - beta1) g and v = beta2 v + (1 - beta2) g^2 in the first two state
 * vectors, and bias corrections c = 1 - beta^t that depend on t only, so they are folded into the
 * step scalars once per step. A rule keeps its own step scalars and the line that moves x, as
 * kernels/updates.cu's functors keep theirs after Adam::moments. Each rule's loop calls the final
 * moment methods here, which the JIT inlines; a loop here calling back into the rule per element
 * would make that call megamorphic once several family rules run in one JVM.
 */
abstract class AdamFamily extends ElementwiseRule {
    /** lr, beta1, beta2, eps: the hyper-parameters every rule of the family takes, in its descriptor's order. */
    static final List<String> HYPER_PARAMETERS = List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1,
            HyperParameter.BETA2, HyperParameter.EPSILON);
    /** torch.optim's defaults for beta1, beta2 and eps. */
    static final Map<String, Double> DEFAULTS = Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.999,
            HyperParameter.EPSILON, 1e-8);

    final double beta1;
    final double beta2;
    final double epsilon;

    /** A family rule built from (lr, beta1, beta2, eps). */
    @FunctionalInterface
    interface Constructor {
        UpdateRule create(double learningRate, double beta1, double beta2, double epsilon);
    }

    /**
     * @param otherValues the descriptor's hyper-parameters after eps, in its order
     */
    AdamFamily(OptimizerDescriptor descriptor, double learningRate, double beta1, double beta2, double epsilon,
               double... otherValues) {
        super(descriptor, learningRate, prepended(beta1, beta2, epsilon, otherValues));
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    private static double[] prepended(double beta1, double beta2, double epsilon, double[] otherValues) {
        double[] values = new double[3 + otherValues.length];
        values[0] = beta1;
        values[1] = beta2;
        values[2] = epsilon;
        System.arraycopy(otherValues, 0, values, 3, otherValues.length);
        return values;
    }

    /** The descriptor of a family rule that takes exactly lr, beta1, beta2 and eps, at torch's defaults. */
    static OptimizerDescriptor descriptor(String name, String summary, Constructor constructor) {
        return OptimizerDescriptor.elementwise(name, summary, HYPER_PARAMETERS, DEFAULTS,
                p -> constructor.create(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1),
                        p.get(HyperParameter.BETA2), p.get(HyperParameter.EPSILON)),
                Optional.empty());
    }

    /** m and v; AMSGrad adds the running maximum of v. */
    @Override
    public int stateVectors() {
        return 2;
    }

    /** The bias corrections change with t. */
    @Override
    public final boolean stepScalarsVary() {
        return true;
    }

    /**
     * beta1, beta2, eps, in the order of the Adam functor's Hyper slots, which every family kernel
     * reads; anything else a rule takes (NAdam's psi) enters through its step scalars.
     */
    @Override
    public final Map<String, Double> kernelConstants() {
        Map<String, Double> constants = new LinkedHashMap<>();
        constants.put(HyperParameter.BETA1, beta1);
        constants.put(HyperParameter.BETA2, beta2);
        constants.put(HyperParameter.EPSILON, epsilon);
        return constants;
    }

    /** lr / (1 - beta1^t): the step size with the first moment's bias correction. */
    final double correctedStepSize(int iteration, double lr) {
        return lr / (1 - Math.pow(beta1, iteration));
    }

    /** sqrt(1 - beta2^t): the square root of the second moment's bias correction. */
    final double sqrtSecondCorrection(int iteration) {
        return Math.sqrt(1 - Math.pow(beta2, iteration));
    }

    /**
     * Adam's and AMSGrad's step scalars, {lr / c1, sqrt(c2)}, as {@link #adamStep} reads them; NAdam
     * and RAdam fold their schedules into scalars of their own.
     */
    @Override
    public double[] stepScalars(int iteration, double lr) {
        return new double[] {correctedStepSize(iteration, lr), sqrtSecondCorrection(iteration)};
    }

    /**
     * The Adam step of {@link Adam}, {@link AdamW} and {@link AmsGrad}, as torch computes it:
     * lr m_hat / (sqrt(v_hat) + eps) = (lr / c1) m / (sqrt(v) / sqrt(c2) + eps) with c = 1 - beta^t.
     * With {@code maxSecond} (AMSGrad) the denominator uses vmax = max(vmax, v) in place of v,
     * bias-corrected by the same c2, as torch.optim.Adam(amsgrad=True) does; Math.max keeps a NaN v.
     *
     * @param scalars {@link #stepScalars}'s {lr / c1, sqrt(c2)}
     */
    final void adamStep(double[] scalars, Vec x, Vec gradient, Vec[] state, Vec maxSecond) {
        // In fp32 the vector part goes through Fp32Lanes (the same bits); this loop does the rest.
        int i = FloatVec.LANES_ENABLED && x instanceof FloatVec x32 && gradient instanceof FloatVec g32
                && state[0] instanceof FloatVec m32 && state[1] instanceof FloatVec v32
                && (maxSecond == null || maxSecond instanceof FloatVec)
                ? Fp32Lanes.adamStep(this, scalars, x32, g32, m32, v32, (FloatVec) maxSecond) : 0;
        for (; i < x.length(); i++) {
            double g = gradient.get(i);
            double m = advanceFirstMoment(state[0], i, g);
            double v = advanceSecondMoment(state[1], i, g);
            if (maxSecond != null) {
                v = Math.max(maxSecond.get(i), v);
                maxSecond.set(i, v);
            }
            x.set(i, x.get(i) - scalars[0] * m / (Math.sqrt(v) / scalars[1] + epsilon));
        }
    }

    /** m = beta1 m + (1 - beta1) g at element i, stored, and returned unrounded whatever the storage precision. */
    final double advanceFirstMoment(Vec first, int i, double g) {
        double m = beta1 * first.get(i) + (1 - beta1) * g;
        first.set(i, m);
        return m;
    }

    /** v = beta2 v + (1 - beta2) g^2 at element i, stored, and returned unrounded. */
    final double advanceSecondMoment(Vec second, int i, double g) {
        double v = beta2 * second.get(i) + (1 - beta2) * g * g;
        second.set(i, v);
        return v;
    }
}
