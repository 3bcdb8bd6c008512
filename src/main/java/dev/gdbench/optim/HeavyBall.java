package dev.gdbench.optim;

import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Polyak heavy ball, torch.optim.SGD(momentum=beta) convention: v = beta v + g; x -= lr v.
 * Equivalent to x' = x - lr g + beta (x - x_prev). On a quadratic, per eigenvalue lambda, (e, v)
 * evolve by T = [[1 - lr lambda, -lr beta], [lambda, beta]], characteristic polynomial
 * z^2 - (1 + beta - lr lambda) z + beta.
 */
public final class HeavyBall extends ElementwiseRule implements LinearIteration {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "heavyball", "Polyak heavy ball (torch SGD momentum): v = beta v + g; x -= lr v",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.MOMENTUM),
            Map.of(HyperParameter.MOMENTUM, 0.9),
            p -> new HeavyBall(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.MOMENTUM)),
            Optional.of(HeavyBall::optimal));

    private final double momentum;

    public HeavyBall(double learningRate, double momentum) {
        super(DESCRIPTOR, learningRate, momentum);
        this.momentum = momentum;
    }

    /**
     * Polyak (1964): lr = 4/(sqrt L + sqrt mu)^2, beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2,
     * rate sqrt(beta) = (sqrt kappa - 1)/(sqrt kappa + 1). At lambda = mu and lambda = L the two
     * roots coincide (a Jordan block), so the error decays like k rho^k.
     */
    static Map<String, Double> optimal(double mu, double smoothness) {
        double sqrtMu = Math.sqrt(mu);
        double sqrtL = Math.sqrt(smoothness);
        double rate = (sqrtL - sqrtMu) / (sqrtL + sqrtMu);
        return Map.of(HyperParameter.LEARNING_RATE, 4 / ((sqrtL + sqrtMu) * (sqrtL + sqrtMu)),
                HyperParameter.MOMENTUM, rate * rate);
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    /** beta v + g: 2; x - lr v: 2. */
    @Override
    public int flopsPerElement() {
        return 4;
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        Vec velocity = state[0];
        // In fp32 the vector part goes through Fp32Lanes (the same bits); this loop does the rest.
        int i = FloatVec.LANES_ENABLED && x instanceof FloatVec x32 && gradient instanceof FloatVec g32
                && velocity instanceof FloatVec v32 ? Fp32Lanes.heavyBall(momentum, lr, x32, g32, v32) : 0;
        for (; i < x.length(); i++) {
            double v = momentum * velocity.get(i) + gradient.get(i);
            velocity.set(i, v);
            x.set(i, x.get(i) - lr * v);
        }
    }

    @Override
    public double[][] iterationMatrix(double lambda) {
        return new double[][] {
            {1 - learningRate() * lambda, -learningRate() * momentum},
            {lambda, momentum}};
    }
}
