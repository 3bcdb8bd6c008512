package dev.gdbench.map;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.theory.LinearRateTheory;
import java.util.HashMap;
import java.util.Map;

/**
 * Theory's overlay of a map, in the units of its axes: the stability limit of the step size along
 * the other axis (LinearRateTheory.stabilityLimit: gd 2/L, heavy ball 2(1 + beta)/L, Nesterov
 * 2(1 + beta)/((1 + 2 beta) L)) and the optimal tuning where both axes are its parameters.
 */
final class MapTheory {
    private MapTheory() {}

    /** The step size in the lr axis's units: lr itself, or lr L for lr-scale. */
    static double inAxisUnits(MapAxis.Parameter lrAxis, double learningRate, double smoothness) {
        return lrAxis == MapAxis.Parameter.LR_SCALE ? learningRate * smoothness : learningRate;
    }

    /**
     * The largest stable step for one value of the other axis.
     *
     * @param fixed the point's other hyper-parameters (lr is replaced by the bisection)
     */
    static double stabilityLimit(OptimizerDescriptor optimizer, MapAxis.Parameter lrAxis, Map<String, Double> fixed,
                                 double[] spectrum, double smoothness) {
        Map<String, Double> values = new HashMap<>(fixed);
        values.putIfAbsent(HyperParameter.LEARNING_RATE, 1 / smoothness);
        double limit = LinearRateTheory.stabilityLimit(optimizer, values, spectrum).orElse(Double.NaN);
        return inAxisUnits(lrAxis, limit, smoothness);
    }

    /** Theory's optimal (x, y) when the axes are the step size and the momentum (either way round); else empty. */
    static double[] optimum(OptimizerDescriptor optimizer, MapAxis x, MapAxis y, double mu, double smoothness) {
        boolean stepAndMomentum = isStep(x) && y.parameter() == MapAxis.Parameter.MOMENTUM
                || isStep(y) && x.parameter() == MapAxis.Parameter.MOMENTUM;
        if (!stepAndMomentum || optimizer.optimalTuning().isEmpty()) {
            return new double[0];
        }
        Map<String, Double> best = optimizer.optimalTuning().get().optimal(mu, smoothness);
        MapAxis step = isStep(x) ? x : y;
        double lr = inAxisUnits(step.parameter(), best.get(HyperParameter.LEARNING_RATE), smoothness);
        double momentum = best.get(HyperParameter.MOMENTUM);
        return isStep(x) ? new double[] {lr, momentum} : new double[] {momentum, lr};
    }

    static boolean isStep(MapAxis axis) {
        return HyperParameter.LEARNING_RATE.equals(axis.parameter().hyperParameter());
    }
}
