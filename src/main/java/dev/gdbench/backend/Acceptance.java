package dev.gdbench.backend;

/**
 * A backend's answer, before a batch is opened, to whether it runs that batch as planned: run it,
 * run it in parts (it does not fit its memory), or leave it to another backend, with the reason in
 * one line ({@code cuda: no kernels for the rosenbrock problem yet; use --backend cpu}).
 *
 * @param reason what the backend says where it does not run the batch whole; empty for {@link Verdict#RUN}
 */
public record Acceptance(Verdict verdict, String reason) {
    public enum Verdict {
        RUN,
        /** Fewer configurations at a time would run: the batch goes in halves, each asked again. */
        SPLIT,
        /** Not on this backend at all. */
        FALLBACK
    }

    public static final Acceptance RUN = new Acceptance(Verdict.RUN, "");

    public static Acceptance split(String reason) {
        return new Acceptance(Verdict.SPLIT, reason);
    }

    public static Acceptance fallback(String reason) {
        return new Acceptance(Verdict.FALLBACK, reason);
    }

    /** What a failure at open or while running says, for a batch the backend accepted and then could not run. */
    public static Acceptance of(BackendUnavailableException failure) {
        return failure instanceof DeviceMemoryException ? split(failure.getMessage()) : fallback(failure.getMessage());
    }
}
