package dev.gdbench.problem;

/**
 * Everything that determines one problem instance; {@link ProblemFactory#build} turns it into the
 * same numbers on every machine.
 *
 * @param dimension    n
 * @param kappa        condition number L/mu (ignored when {@code eigenvalues} is given)
 * @param diagonal     Q = I instead of a random rotation
 * @param eigenvalues  explicit Hessian spectrum (then n is its length), or null
 * @param rotate       rotate an explicit spectrum by a random Q
 * @param initialPoint explicit x0, or null to draw it from the seed
 * @param minimizer    explicit x*, or null to draw it from the seed (0 with explicit eigenvalues)
 * @param rows         m for least squares and logistic regression (0: 2n)
 * @param ridge        logistic regression's ridge term (ridge/2) |w|^2
 */
public record ProblemSpec(ProblemKind kind, int dimension, double kappa, Spectrum spectrum,
                          boolean diagonal, double[] eigenvalues, boolean rotate,
                          double[] initialPoint, double[] minimizer, int rows, double ridge,
                          long seed) {

    public static ProblemSpec quadratic(int dimension, double kappa, long seed) {
        return new ProblemSpec(ProblemKind.QUADRATIC, dimension, kappa, Spectrum.LOGUNIFORM, false,
                null, false, null, null, 0, 0, seed);
    }

    /** Rows actually used by least squares and logistic regression. */
    public int effectiveRows() {
        return rows > 0 ? rows : 2 * dimension;
    }

    /** kappa as the instance will have it. */
    public double effectiveKappa() {
        if (eigenvalues == null) {
            return kappa;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double lambda : eigenvalues) {
            min = Math.min(min, lambda);
            max = Math.max(max, lambda);
        }
        return max / min;
    }

    /** The spectrum of a quadratic family; empty for the others, which have no prescribed spectrum. */
    public String spectrumLabel() {
        if (!kind.hasConstantHessian()) {
            return "";
        }
        return eigenvalues != null ? "explicit" : spectrum.label();
    }
}
