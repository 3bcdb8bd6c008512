package dev.gdbench.problem;

import java.util.Locale;

/** The problem families, by their command-line names. */
public enum ProblemKind {
    QUADRATIC("quadratic"),
    LEAST_SQUARES("least-squares"),
    LOGISTIC("logistic"),
    ROSENBROCK("rosenbrock"),
    BEALE("beale");

    private final String cliName;

    ProblemKind(String cliName) {
        this.cliName = cliName;
    }

    /** Families whose Hessian is constant and known (QuadraticForm): exact line search and theory apply. */
    public boolean hasConstantHessian() {
        return this == QUADRATIC || this == LEAST_SQUARES;
    }

    /** Families with known mu and L, so step sizes relative to L and theory's optima exist. */
    public boolean knowsSmoothness() {
        return this != ROSENBROCK && this != BEALE;
    }

    /**
     * Families whose minimum f* is known, so convergence is judged on the suboptimality; logistic
     * regression's is not (its minimum() is NaN), and |g| / |g0| stands in.
     */
    public boolean knowsMinimum() {
        return this != LOGISTIC;
    }

    /** Families built from an m x n data matrix: --rows and --batch-size apply. */
    public boolean hasRows() {
        return this == LEAST_SQUARES || this == LOGISTIC;
    }

    public String cliName() {
        return cliName;
    }

    public static ProblemKind parse(String name) {
        for (ProblemKind kind : values()) {
            if (kind.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
