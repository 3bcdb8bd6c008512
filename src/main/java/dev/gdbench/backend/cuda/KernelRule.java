package dev.gdbench.backend.cuda;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.optim.Clipped;
import dev.gdbench.optim.Scheduled;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.optim.WeightDecayed;

/**
 * How one configuration's rule runs on the update kernels: the plain rule a kernel implements
 * (its kernel family, kernels/updates.cu {@code update_<rule>}, suffixed by precision) and the gradient clipping around it, which the
 * kernel applies as g' = clamp(s g, -clipValue, clipValue) with s = min(1, clipNorm / |g|) from
 * clip_scale: by norm first, then by value, the order optim.Transforms chains them. A schedule
 * needs nothing here: it enters through the step scalars the host computes per step
 * ({@link UpdateRule#stepScalars}), so the whole wrapped rule is what the host asks for those.
 * Weight decay right around the plain rule (optim.WeightDecayed) the kernels apply too: coupled
 * as g' += wd x after the clipping, decoupled as x *= the factor in the step scalars' decay slot.
 *
 * @param rule        the whole rule, wrappers and all
 * @param plain       the innermost rule, which names its kernel
 * @param clipNorm    the norm bound, +infinity for none
 * @param clipValue   the element bound, +infinity for none
 * @param l2          the coupled weight decay, 0 for none
 * @param decoupled   whether the rule's last step scalar is a decoupled decay factor
 */
record KernelRule(String kernel, UpdateRule rule, UpdateRule plain, double clipNorm, double clipValue, double l2,
                  boolean decoupled) {
    static final double NO_CLIP = Double.POSITIVE_INFINITY;

    boolean clips() {
        return clipNorm != NO_CLIP || clipValue != NO_CLIP;
    }

    /**
     * Unwraps schedules and clipping down to the plain rule.
     *
     * @throws BackendUnavailableException naming what has no kernel: a rule without one (line
     *         searches, a wrapper the kernels do not apply), or clipping composed otherwise than by
     *         norm outside by value
     */
    static KernelRule of(UpdateRule rule) {
        double clipNorm = NO_CLIP;
        double clipValue = NO_CLIP;
        UpdateRule inner = rule;
        while (inner instanceof Scheduled || inner instanceof Clipped) {
            if (inner instanceof Scheduled scheduled) {
                inner = scheduled.inner();
                continue;
            }
            Clipped clipped = (Clipped) inner;
            // Walking outside in, a norm clip must come before any value clip, and each at most once.
            boolean inOrder = clipped.kind() == Clipped.Kind.NORM ? clipNorm == NO_CLIP && clipValue == NO_CLIP
                    : clipValue == NO_CLIP;
            if (!inOrder) {
                throw new BackendUnavailableException("cuda: the kernels clip by norm, then by value, once each, and "
                        + rule.name() + " is clipped otherwise; use --backend cpu");
            }
            if (clipped.kind() == Clipped.Kind.NORM) {
                clipNorm = clipped.bound();
            } else {
                clipValue = clipped.bound();
            }
            inner = clipped.inner();
        }
        double l2 = 0;
        boolean decoupled = false;
        if (inner instanceof WeightDecayed decayed) {
            l2 = decayed.coupling() == WeightDecayed.Coupling.COUPLED ? decayed.weightDecay() : 0;
            decoupled = decayed.coupling() == WeightDecayed.Coupling.DECOUPLED;
            inner = decayed.inner();
        }
        UpdateRule plain = inner;
        String kernel = plain.kernel().orElseThrow(() -> new BackendUnavailableException(
                "cuda: no update kernel for " + rule.name() + " (kernels exist for " + KernelModule.updateFamilies()
                        + "); use --backend cpu"));
        return new KernelRule(kernel, rule, plain, clipNorm, clipValue, l2, decoupled);
    }
}
