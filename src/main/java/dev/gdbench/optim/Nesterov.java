package dev.gdbench.optim;

import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nesterov momentum, torch.optim.SGD(momentum=beta, nesterov=True) convention:
 * v = beta v + g; x -= lr (g + beta v). On a quadratic, per eigenvalue lambda, (e, v) evolve by
 * T = [[1 - lr lambda (1 + beta), -lr beta^2], [lambda, beta]], characteristic polynomial
 * z^2 - (1 + beta)(1 - lr lambda) z + beta (1 - lr lambda): the classical Nesterov recurrence.
 */
public final class Nesterov extends ElementwiseRule implements LinearIteration {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "nesterov", "Nesterov momentum (torch SGD nesterov=True): v = beta v + g; x -= lr (g + beta v)",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.MOMENTUM),
            Map.of(HyperParameter.MOMENTUM, 0.9),
            p -> new Nesterov(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.MOMENTUM)),
            Optional.of(Nesterov::optimal));

    private final double momentum;

    public Nesterov(double learningRate, double momentum) {
        super(DESCRIPTOR, learningRate, momentum);
        this.momentum = momentum;
    }

    /**
     * The tuning that minimises the worst-case rate on quadratics (Lessard, Recht and Packard,
     * SIAM J. Optim. 2016, table 2): lr = 4/(3L + mu), beta = (sqrt(3 kappa + 1) - 2)/(sqrt(3 kappa
     * + 1) + 2), rate 1 - 2/sqrt(3 kappa + 1). The roots at lambda = mu coincide there.
     */
    static Map<String, Double> optimal(double mu, double smoothness) {
        double root = Math.sqrt(3 * smoothness / mu + 1);
        return Map.of(HyperParameter.LEARNING_RATE, 4 / (3 * smoothness + mu),
                HyperParameter.MOMENTUM, (root - 2) / (root + 2));
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    /** beta v + g: 2; x - lr (g + beta v): 4. */
    @Override
    public int flopsPerElement() {
        return 6;
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        Vec velocity = state[0];
        // In fp32 the vector part goes through Fp32Lanes (the same bits); this loop does the rest.
        int i = FloatVec.LANES_ENABLED && x instanceof FloatVec x32 && gradient instanceof FloatVec g32
                && velocity instanceof FloatVec v32 ? Fp32Lanes.nesterov(momentum, lr, x32, g32, v32) : 0;
        for (; i < x.length(); i++) {
            double g = gradient.get(i);
            double v = momentum * velocity.get(i) + g;
            velocity.set(i, v);
            x.set(i, x.get(i) - lr * (g + momentum * v));
        }
    }

    @Override
    public double[][] iterationMatrix(double lambda) {
        return new double[][] {
            {1 - learningRate() * lambda * (1 + momentum), -learningRate() * momentum * momentum},
            {lambda, momentum}};
    }
}
