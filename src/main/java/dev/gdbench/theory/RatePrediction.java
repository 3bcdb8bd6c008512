package dev.gdbench.theory;

/**
 * The asymptotic linear rate of a method on a quadratic: the error behaves like
 * k^(jordanOrder - 1) rate^k.
 *
 * @param rate        max over the spectrum of the spectral radius of the iteration matrix
 * @param jordanOrder 2 when the dominant eigenvalue of the iteration is (numerically) double, so
 *                    the error decays like k rate^k; else 1
 */
public record RatePrediction(double rate, int jordanOrder) {
    public boolean stable() {
        return rate < 1;
    }
}
