package dev.gdbench.map;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.linalg.SymmetricEigenvalues;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.QuadraticForm;
import dev.gdbench.theory.LinearRateTheory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Theory's overlay of a map, in the units of its axes: the stability limit of the step size along
 * the other axis (LinearRateTheory.stabilityLimit: gd 2/L, heavy ball 2(1 + beta)/L, Nesterov
 * 2(1 + beta)/((1 + 2 beta) L)) and the optimal tuning where both axes are its parameters.
 * On a quadratic that theory is exact everywhere; where the Hessian varies (Rosenbrock, Beale) it
 * is the theory of the quadratic with the Hessian H* at the minimum, L* = lambda_max(H*), mu* =
 * lambda_min(H*): its regions and optimum are those of local convergence near x*.
 */
public final class MapTheory {
    private MapTheory() {}

    /**
     * The Hessian spectrum theory speaks for, ascending: a quadratic's own, or H(x*)'s where the
     * Hessian varies (local theory).
     */
    public static double[] spectrum(Problem problem) {
        return problem.quadraticForm().map(QuadraticForm::hessianEigenvalues).orElseGet(() -> {
            double[] xStar = problem.minimizer().orElseThrow(() -> new IllegalArgumentException(
                    problem.kind().cliName() + " has no known minimizer, so no local theory"));
            double[] hessian = problem.hessian(xStar).orElseThrow(() -> new IllegalArgumentException(
                    problem.kind().cliName() + " has no closed-form Hessian, so no local theory"));
            return SymmetricEigenvalues.of(hessian, problem.dimension());
        });
    }

    /**
     * What map.json and the figures say of the theory drawn: nothing for a quadratic (exact), else
     * that it is local, with the L* and mu* of the Hessian at x* it comes from (the figures split it at its colon).
     */
    public static String scope(Problem problem, double[] spectrum) {
        return problem.quadraticForm().isPresent() ? "" : String.format(Locale.ROOT,
                "local, at the minimum x*: L* = %.6g, mu* = %.6g", spectrum[spectrum.length - 1], spectrum[0]);
    }

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
