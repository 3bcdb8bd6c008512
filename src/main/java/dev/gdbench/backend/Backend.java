package dev.gdbench.backend;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import java.util.List;

/**
 * Runs batches: one problem instance, one column per configuration. Backends provide only the
 * primitives (allocate, iterate, measure, freeze, read back); the convergence logic lives in the
 * engine, once, for every backend.
 */
public interface Backend extends AutoCloseable {
    /** {@code cpu} or {@code cuda}. */
    String name();

    /** The GPU's ordinal that runs the batches, as --devices names it; empty for the CPU. */
    default String device() {
        return "";
    }

    /** One line for the terminal and meta.json: what runs, with which library and threads. */
    String description();

    /**
     * Whether this backend runs the batch as {@link #open} would be asked to, decided before
     * anything is allocated; by default every batch runs.
     */
    default Acceptance accepts(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling) {
        return Acceptance.RUN;
    }

    /**
     * Allocates the batch, sets every column to the problem's x0, zeroes the optimizer state and
     * evaluates the gradient at x0.
     *
     * @param rules    one rule per column, in column order
     * @param sampling mini-batch size and seed of the stochastic gradients (the full gradient by default)
     */
    BatchRun open(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling);

    @Override
    void close();
}
