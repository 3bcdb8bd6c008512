package dev.gdbench.optim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AdamW (Loshchilov and Hutter 2019), torch.optim.AdamW convention: Adam with the decoupled weight
 * decay transform, x *= 1 - lr wd, then the Adam step on the unmodified gradient. Adam with L2 (the
 * coupled transform) would instead feed g + wd x through the moments, where the adaptive
 * denominator rescales the decay per element. It runs Adam's kernel with the decay applied there.
 */
public final class AdamW {
    public static final OptimizerDescriptor DESCRIPTOR = new OptimizerDescriptor(
            "adamw", "AdamW (torch convention): x *= 1 - lr wd, then the Adam step",
            List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2, HyperParameter.EPSILON,
                    HyperParameter.WEIGHT_DECAY),
            Map.of(HyperParameter.BETA1, 0.9, HyperParameter.BETA2, 0.999, HyperParameter.EPSILON, 1e-8,
                    HyperParameter.WEIGHT_DECAY, 1e-2),
            p -> of(p.get(HyperParameter.LEARNING_RATE), p.get(HyperParameter.BETA1), p.get(HyperParameter.BETA2),
                    p.get(HyperParameter.EPSILON), p.get(HyperParameter.WEIGHT_DECAY)),
            Optional.empty(), Adam.DESCRIPTOR.kernel());

    private AdamW() {}

    public static UpdateRule of(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        return new WeightDecayed(DESCRIPTOR.name(), new Adam(learningRate, beta1, beta2, epsilon), weightDecay,
                WeightDecayed.Coupling.DECOUPLED);
    }
}
