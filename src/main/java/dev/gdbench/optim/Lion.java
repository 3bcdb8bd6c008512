package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lion (Chen et al. 2023), optax.lion convention: x -= lr sign(b1 m + (1 - b1) g), then
 * m = b2 m + (1 - b2) g. Only the sign of the interpolation moves x, so every coordinate moves by
 * exactly lr. optax chains add_decayed_weights after it, so the registered rule is this one
 * inside the decoupled weight decay transform (x *= 1 - lr wd, wd 1e-3 by default), as adamw is adam's.
 */
public final class Lion extends ElementwiseRule {
    /** The rule without its decay: what the kernel computes, the decay being the transform's. */
    private static final OptimizerDescriptor PLAIN = OptimizerDescriptor.elementwise(
            "lion", "Lion (optax) without weight decay",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.99),
            p -> new Lion(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1), p.get(HyperParameter.BETA2)),
            Optional.empty());

    public static final OptimizerDescriptor DESCRIPTOR = new OptimizerDescriptor(
            "lion", "Lion (optax): x -= lr sign(b1 m + (1-b1) g); m = b2 m + (1-b2) g; decoupled weight decay",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.WEIGHT_DECAY),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.99, HyperParameter.WEIGHT_DECAY, 1e-3),
            p -> of(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1), p.get(HyperParameter.BETA2),
                    p.get(HyperParameter.WEIGHT_DECAY)),
            Optional.empty(), PLAIN.kernel());

    private final double beta1;
    private final double beta2;

    public Lion(double learningRate, double beta1, double beta2) {
        super(PLAIN, learningRate, beta1, beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    /** optax.lion: this rule with decoupled weight decay. */
    public static UpdateRule of(double learningRate, double beta1, double beta2, double weightDecay) {
        return new WeightDecayed(DESCRIPTOR.name(), new Lion(learningRate, beta1, beta2), weightDecay,
                WeightDecayed.Coupling.DECOUPLED);
    }

    @Override
    public int stateVectors() {
        return 1;
    }

    /** Interpolation: 3; sign: 1; x: 2 (scale, subtract); m: 3. */
    @Override
    public int flopsPerElement() {
        return 9;
    }

    /** Math.signum keeps a NaN (a divergence shows) and gives 0 for 0, as jnp.sign does. */
    @Override
    public void update(int iteration, double lr, Vec x, Vec gradient, Vec[] state) {
        Vec momentum = state[0];
        for (int i = 0; i < x.length(); i++) {
            double g = gradient.get(i);
            double m = momentum.get(i);
            x.set(i, x.get(i) - lr * Math.signum(beta1 * m + (1 - beta1) * g));
            momentum.set(i, beta2 * m + (1 - beta2) * g);
        }
    }
}
