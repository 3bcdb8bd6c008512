package dev.gdbench.result;

import java.util.Locale;

/** How a configuration ended. */
public enum Status {
    /** Met every tolerance. */
    CONVERGED,
    /** Non-finite, or past the run's divergence rule (by default suboptimality above 1e10 x the initial one). */
    DIVERGED,
    /** Still running at --max-iters. */
    MAX_ITERS;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The inverse of {@link #label()}, for reading results.csv back. */
    public static Status fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
