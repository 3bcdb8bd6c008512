package dev.gdbench.backend.cuda;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.UpdateRule;
import java.util.List;
import java.util.Map;

/**
 * The per-column arrays the update kernels read: hyper-parameters (the rule's hyperParameters()
 * in order, lr first; kernels/common.cuh HYPER_SLOTS per column) and, per step, adam's bias
 * corrections (BIAS_SLOTS per column: lr / (1 - beta1^t) and sqrt(1 - beta2^t), computed exactly as
 * optim.Adam computes them). Both live on the device, so a captured graph reads whatever values
 * the host last wrote there.
 */
final class ColumnParameters {
    private ColumnParameters() {}

    static double[] hyperParameters(List<UpdateRule> rules) {
        double[] values = new double[rules.size() * KernelModule.HYPER_SLOTS];
        for (int j = 0; j < rules.size(); j++) {
            int slot = 0;
            for (double value : rules.get(j).hyperParameters().values()) {
                if (slot == KernelModule.HYPER_SLOTS) {
                    throw new IllegalArgumentException(rules.get(j).name() + " has more than "
                            + KernelModule.HYPER_SLOTS + " hyper-parameters; widen HYPER_SLOTS in kernels/common.cuh");
                }
                values[j * KernelModule.HYPER_SLOTS + slot++] = value;
            }
        }
        return values;
    }

    static boolean needsBiasCorrections(List<UpdateRule> rules) {
        return rules.stream().anyMatch(r -> r.name().equals("adam"));
    }

    /** Rows for steps firstStep .. firstStep + steps - 1, each {@code columns x BIAS_SLOTS}; zero for other rules. */
    static double[] biasCorrections(List<UpdateRule> rules, int firstStep, int steps) {
        int columns = rules.size();
        double[] table = new double[steps * columns * KernelModule.BIAS_SLOTS];
        for (int j = 0; j < columns; j++) {
            UpdateRule rule = rules.get(j);
            if (!rule.name().equals("adam")) {
                continue;
            }
            Map<String, Double> hyper = rule.hyperParameters();
            double beta1 = hyper.get(HyperParameter.BETA1);
            double beta2 = hyper.get(HyperParameter.BETA2);
            for (int s = 0; s < steps; s++) {
                int t = firstStep + s;
                int at = (s * columns + j) * KernelModule.BIAS_SLOTS;
                table[at] = rule.learningRate() / (1 - Math.pow(beta1, t));
                table[at + 1] = Math.sqrt(1 - Math.pow(beta2, t));
            }
        }
        return table;
    }
}
