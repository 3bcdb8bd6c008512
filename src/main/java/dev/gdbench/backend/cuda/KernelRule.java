package dev.gdbench.backend.cuda;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.optim.Clipped;
import dev.gdbench.optim.Scheduled;
import dev.gdbench.optim.UpdateRule;

/**
 * How one configuration's rule runs on the update kernels: the plain rule a kernel implements
 * (its kernel family, kernels/updates.cu {@code update_<rule>}, suffixed by precision) and the gradient clipping around it, which the
 * kernel applies as g' = clamp(s g, -clipValue, clipValue) with s = min(1, clipNorm / |g|) from
 * clip_scale: by norm first, then by value, the order optim.Transforms chains them. A schedule
 * needs nothing here: it enters through the step scalars the host computes per step
 * ({@link UpdateRule#stepScalars}), so the whole wrapped rule is what the host asks for those.
 *
 * @param plain     the innermost rule, whose class has a kernel
 * @param clipNorm  the norm bound, +infinity for none
 * @param clipValue the element bound, +infinity for none
 */
record KernelRule(String kernel, UpdateRule plain, double clipNorm, double clipValue) {
    static final double NO_CLIP = Double.POSITIVE_INFINITY;

    boolean clips() {
        return clipNorm != NO_CLIP || clipValue != NO_CLIP;
    }

    /**
     * Unwraps schedules and clipping down to the plain rule.
     *
     * @throws BackendUnavailableException naming what has no kernel: a rule without one (line
     *         searches), or clipping composed otherwise than by norm outside by value
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
        UpdateRule plain = inner;
        String kernel = plain.kernel().orElseThrow(() -> new BackendUnavailableException(
                "cuda: no update kernel for " + plain.name() + " (kernels exist for " + KernelModule.updateFamilies()
                        + "); use --backend cpu"));
        return new KernelRule(kernel, plain, clipNorm, clipValue);
    }
}
