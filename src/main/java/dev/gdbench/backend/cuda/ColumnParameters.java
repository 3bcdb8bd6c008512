package dev.gdbench.backend.cuda;

import dev.gdbench.optim.UpdateRule;
import java.util.List;

/**
 * The per-column arrays the update kernels read, laid out as KernelModule's shared constants
 * say (kernels/layout.cuh): constant hyper-parameters (the plain rule's kernelConstants() in order;
 * HYPER_SLOTS per column), clipping bounds (CLIP_SLOTS per column) and, per step, the step scalars (STEP_SLOTS
 * per column and step) that the rule itself computes with {@link UpdateRule#stepScalars}, the
 * numbers its CPU update uses. All live on the device, so a captured graph reads whatever values
 * the host last wrote there.
 */
final class ColumnParameters {
    private ColumnParameters() {}

    /** Per column the plain rule's kernel constants from slot 0, and the coupled weight decay in HYPER_L2. */
    static double[] hyperParameters(List<KernelRule> rules) {
        double[] values = new double[rules.size() * KernelModule.HYPER_SLOTS];
        for (int j = 0; j < rules.size(); j++) {
            UpdateRule plain = rules.get(j).plain();
            int slot = 0;
            for (double value : plain.kernelConstants().values()) {
                if (slot == KernelModule.HYPER_L2) {
                    throw new IllegalArgumentException(plain.name() + " has more than " + KernelModule.HYPER_L2
                            + " kernel constants; widen HYPER_SLOTS in KernelModule and regenerate kernels/layout.cuh");
                }
                values[j * KernelModule.HYPER_SLOTS + slot++] = value;
            }
            values[j * KernelModule.HYPER_SLOTS + KernelModule.HYPER_L2] = rules.get(j).l2();
        }
        return values;
    }

    /** Whether any column's step scalars change with the iteration (else one upload serves every chunk). */
    static boolean anyStepScalarsVary(List<UpdateRule> rules) {
        return rules.stream().anyMatch(UpdateRule::stepScalarsVary);
    }

    /**
     * Rows for steps firstStep .. firstStep + steps - 1, each {@code columns x STEP_SLOTS}: what the
     * whole rule (schedule included) makes of t and its base lr, as the CPU backend's update call,
     * the plain rule's scalars from slot 0 and in STEP_DECAY the decoupled decay factor (1 for none,
     * which the kernels skip). A column whose scalars do not vary is computed once and copied down.
     */
    static double[] stepScalars(List<KernelRule> rules, int firstStep, int steps) {
        int columns = rules.size();
        double[] table = new double[steps * columns * KernelModule.STEP_SLOTS];
        for (int j = 0; j < columns; j++) {
            KernelRule kernelRule = rules.get(j);
            UpdateRule rule = kernelRule.rule();
            double[] constant = rule.stepScalarsVary() ? null : rule.stepScalars(firstStep, rule.learningRate());
            for (int s = 0; s < steps; s++) {
                double[] scalars = constant != null ? constant : rule.stepScalars(firstStep + s, rule.learningRate());
                int own = kernelRule.decoupled() ? scalars.length - 1 : scalars.length;
                if (own > KernelModule.STEP_DECAY) {
                    throw new IllegalArgumentException(rule.name() + " has more than " + KernelModule.STEP_DECAY
                            + " step scalars; widen STEP_SLOTS in KernelModule and regenerate kernels/layout.cuh");
                }
                int at = (s * columns + j) * KernelModule.STEP_SLOTS;
                System.arraycopy(scalars, 0, table, at, own);
                table[at + KernelModule.STEP_DECAY] = kernelRule.decoupled() ? scalars[own] : 1;
            }
        }
        return table;
    }

    /** Whether any column clips its gradient (else the kernels get no clip array). */
    static boolean anyClips(List<KernelRule> rules) {
        return rules.stream().anyMatch(KernelRule::clips);
    }

    /** Whether any column clips by norm (then clip_scale runs before every update). */
    static boolean anyClipsByNorm(List<KernelRule> rules) {
        return rules.stream().anyMatch(r -> r.clipNorm() != KernelRule.NO_CLIP);
    }

    /** Per column {norm bound, value bound, scale 1}; clip_scale overwrites the scale of norm-clipped columns. */
    static double[] clipping(List<KernelRule> rules) {
        double[] values = new double[rules.size() * KernelModule.CLIP_SLOTS];
        for (int j = 0; j < rules.size(); j++) {
            int at = j * KernelModule.CLIP_SLOTS;
            values[at + KernelModule.CLIP_NORM] = rules.get(j).clipNorm();
            values[at + KernelModule.CLIP_VALUE] = rules.get(j).clipValue();
            values[at + KernelModule.CLIP_SCALE] = 1;
        }
        return values;
    }
}
