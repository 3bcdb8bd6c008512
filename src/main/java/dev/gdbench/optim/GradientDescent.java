package dev.gdbench.optim;

import dev.gdbench.linalg.FloatVec;
import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gradient descent with a constant step: x -= lr g. On a quadratic, e' = (1 - lr lambda) e. */
public final class GradientDescent extends ElementwiseRule implements LinearIteration {
    public static final OptimizerDescriptor DESCRIPTOR = OptimizerDescriptor.elementwise(
            "gd", "gradient descent, constant step: x -= lr g",
            List.of(HyperParameter.LEARNING_RATE), Map.of(),
            p -> new GradientDescent(p.get(HyperParameter.LEARNING_RATE)),
            // lr = 2/(mu + L) balances |1 - lr mu| = |1 - lr L| = (kappa - 1)/(kappa + 1).
            Optional.of((mu, l) -> Map.of(HyperParameter.LEARNING_RATE, 2 / (mu + l))));

    public GradientDescent(double learningRate) {
        super(DESCRIPTOR, learningRate);
    }

    @Override
    public int stateVectors() {
        return 0;
    }

    /** x - lr g: 2. */
    @Override
    public int flopsPerElement() {
        return 2;
    }

    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        // In fp32 the vector part goes through Fp32Lanes (the same bits); this loop does the rest.
        int i = FloatVec.LANES_ENABLED && x instanceof FloatVec x32 && gradient instanceof FloatVec g32
                ? Fp32Lanes.gradientDescent(lr, x32, g32) : 0;
        for (; i < x.length(); i++) {
            x.set(i, x.get(i) - lr * gradient.get(i));
        }
    }

    @Override
    public double[][] iterationMatrix(double lambda) {
        return new double[][] {{1 - learningRate() * lambda}};
    }
}
