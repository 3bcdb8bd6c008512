package dev.gdbench.theory;

/**
 * Measures a linear rate from error samples e_k (for instance |x_k - x*|): a least-squares line
 * through log(e_k / k^(jordanOrder - 1)) against k on the late half of the samples, after the
 * transient. Dividing by k matters at a double root: a plain fit of log e_k on [k1, k2] would
 * overstate the rate by about (k2/k1)^(1/(k2 - k1)).
 */
public final class RateFit {
    /** Fewer points than this in the window give no measurement rather than a noisy one. */
    static final int MIN_SAMPLES = 3;

    private RateFit() {}

    /**
     * @param iterations  ascending sample iterations
     * @param errors      e_k at those iterations
     * @param count       how many samples are valid
     * @param noiseFloor  samples at or below this are rounding noise and are left out
     * @return the rate, or NaN when there are too few usable samples
     */
    public static double fit(int[] iterations, double[] errors, int count, int jordanOrder, double noiseFloor) {
        int usable = 0;
        while (usable < count && Double.isFinite(errors[usable]) && errors[usable] > noiseFloor) {
            usable++;
        }
        if (usable < MIN_SAMPLES) {
            return Double.NaN;
        }
        int last = iterations[usable - 1];
        int first = 0;
        while (first < usable && iterations[first] < last / 2) {
            first++;
        }
        if (usable - first < MIN_SAMPLES) {
            first = usable - MIN_SAMPLES;
        }
        int points = usable - first;
        // each log once: a map fits a million series, and log dominates the fit
        double[] y = new double[points];
        double sumK = 0;
        double sumY = 0;
        for (int i = first; i < usable; i++) {
            y[i - first] = logCorrected(iterations[i], errors[i], jordanOrder);
            sumK += iterations[i];
            sumY += y[i - first];
        }
        double meanK = sumK / points;
        double meanY = sumY / points;
        double sxy = 0;
        double sxx = 0;
        for (int i = first; i < usable; i++) {
            double dk = iterations[i] - meanK;
            sxy += dk * (y[i - first] - meanY);
            sxx += dk * dk;
        }
        return sxx > 0 ? Math.exp(sxy / sxx) : Double.NaN;
    }

    private static double logCorrected(int iteration, double error, int jordanOrder) {
        // a simple root subtracts 0 * log k = 0, which leaves log e unchanged: no second log needed
        return jordanOrder == 1 ? Math.log(error) : Math.log(error) - (jordanOrder - 1) * Math.log(Math.max(iteration, 1));
    }
}
