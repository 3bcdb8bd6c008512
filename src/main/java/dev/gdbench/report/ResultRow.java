package dev.gdbench.report;

import dev.gdbench.result.Status;
import java.util.Map;

/**
 * One row of results.csv as the reports read it back: the instance, the configuration and what
 * it measured. Reports work from the files only, so a finished, interrupted or old run reads alike.
 *
 * @param hyperParameters       values by name as in the CSV (lr first); absent where empty
 * @param iterationsToTolerance first checked iteration meeting each tolerance of the run, -1 if never
 * @param stabilityLimit        largest stable lr for this configuration's other parameters, NaN if unknown
 * @param kappa                 NaN for problems without one (logistic regression, Rosenbrock, Beale)
 * @param batchSize             rows per mini-batch step, NaN for full-batch gradients (and in older runs)
 * @param speedup               with several --backend: the first backend's time per iteration over this
 *                              row's backend's; NaN with one (and in older runs)
 */
public record ResultRow(int configurationId, int n, double kappa, long seed, double batchSize, String optimizer,
                        Map<String, Double> hyperParameters,
                        double lrTimesL, Status status, int iterations, int[] iterationsToTolerance,
                        double finalSuboptimality, double rateMeasured, double ratePredicted, double stabilityLimit,
                        String backend, double speedup) {
    public static final String LR = "lr";

    /** The stability limit in units of 1/L, comparable with {@link #lrTimesL()}; NaN where either is unknown. */
    public double stabilityLimitTimesL() {
        Double lr = hyperParameters.get(LR);
        return lr == null || lr == 0 ? Double.NaN : stabilityLimit * lrTimesL / lr;
    }
}
