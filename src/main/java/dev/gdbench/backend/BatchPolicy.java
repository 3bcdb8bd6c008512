package dev.gdbench.backend;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a sweep does with a batch its backend does not run as it is ({@link Acceptance}), saying so
 * in one line per distinct reason:
 * <ul>
 * <li>a batch that does not fit in device memory runs in halves (recursively) on the same backend;
 * one configuration that does not fit alone is left to the CPU like any refusal;
 * <li>where {@code --backend auto} chose the GPU, a batch it cannot run (a rule, a problem,
 * mini-batches it has no kernels for) runs on the CPU instead. An explicitly requested backend
 * never falls back: its refusal is thrown, and ends the sweep with exit code 3.
 * </ul>
 */
public final class BatchPolicy {
    public enum Action {
        RUN,
        /** In two halves, each decided again. */
        SPLIT,
        ON_CPU
    }

    private final boolean cpuFallbackAllowed;
    private final Consumer<String> notes;
    private boolean splitSaid;
    private final Set<String> fallbacksSaid = new HashSet<>();

    /**
     * @param cpuFallbackAllowed the backend was chosen by {@code auto}
     * @param notes              takes each line the user is told, once per distinct reason
     */
    public BatchPolicy(boolean cpuFallbackAllowed, Consumer<String> notes) {
        this.cpuFallbackAllowed = cpuFallbackAllowed;
        this.notes = notes;
    }

    /**
     * @param columns the batch's configurations
     * @throws BackendUnavailableException the backend's reason, where it refuses and no fallback is allowed
     */
    public Action decide(Acceptance acceptance, int columns) {
        if (acceptance.verdict() == Acceptance.Verdict.RUN) {
            return Action.RUN;
        }
        if (acceptance.verdict() == Acceptance.Verdict.SPLIT && columns > 1) {
            // One line for every split, whatever the sizes: the first says what did not fit.
            if (!splitSaid) {
                splitSaid = true;
                notes.accept(firstClause(acceptance.reason()) + ": running such batches in parts that fit");
            }
            return Action.SPLIT;
        }
        if (!cpuFallbackAllowed) {
            throw new BackendUnavailableException(acceptance.reason());
        }
        if (fallbacksSaid.add(acceptance.reason())) {
            notes.accept(firstClause(acceptance.reason()) + ": running such batches on the CPU");
        }
        return Action.ON_CPU;
    }

    /** The reason up to its advice ("; use --backend cpu"), which the fallback has taken. */
    private static String firstClause(String reason) {
        int advice = reason.indexOf(';');
        return advice < 0 ? reason : reason.substring(0, advice);
    }
}
