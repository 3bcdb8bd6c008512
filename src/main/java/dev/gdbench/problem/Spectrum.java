package dev.gdbench.problem;

import java.util.Locale;

/**
 * How n Hessian eigenvalues fill [mu, L]; both endpoints are always eigenvalues, so kappa = L/mu
 * holds exactly. Generated problems use L = 1, mu = 1/kappa.
 */
public enum Spectrum {
    /** lambda_i = mu kappa^(i/(n-1)): equal density per decade, the usual hard case. */
    LOGUNIFORM,
    /** lambda_i = mu + (L - mu) i/(n-1). */
    LINEAR,
    /** Half the eigenvalues at mu, the rest at L. */
    CLUSTERED;

    public double[] eigenvalues(int n, double kappa) {
        double largest = 1.0;
        double smallest = largest / kappa;
        double[] lambda = new double[n];
        if (n == 1) {
            lambda[0] = largest;
            return lambda;
        }
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1);
            lambda[i] = switch (this) {
                case LOGUNIFORM -> smallest * Math.pow(kappa, t);
                case LINEAR -> smallest + (largest - smallest) * t;
                case CLUSTERED -> i < n / 2 ? smallest : largest;
            };
        }
        lambda[0] = smallest; // exact endpoints, whatever pow rounded to
        lambda[n - 1] = largest;
        return lambda;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
