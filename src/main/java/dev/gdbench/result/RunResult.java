package dev.gdbench.result;

import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemSpec;
import java.util.Map;

/**
 * The outcome of one configuration; one row of results.csv.
 *
 * @param hyperParameters          concrete values by name, lr first
 * @param transforms               clipping and schedule around the optimizer
 * @param batchSize                rows per stochastic gradient, 0 for the full gradient
 * @param smoothness               L of the instance (lr * L is the relative step size), NaN when unknown
 * @param iterations               iterations run (to convergence, divergence or --max-iters)
 * @param iterationsToTolerance    first checked iteration meeting each tolerance, in the order given; -1 if never
 * @param ratePredicted            exact asymptotic rate from theory, NaN where theory has none
 * @param stabilityLimit           largest stable lr with the other hyper-parameters fixed, NaN where theory has none
 * @param throughput               how fast the configuration's batch iterated (the same on each of its rows)
 * @param functionEvaluations      f evaluations paid for (line searches), measurements not counted
 * @param gradientEvaluations      gradient evaluations paid for: x0, each iteration, line-search trials
 * @param device                 the GPU that ran the row ({@link dev.gdbench.backend.Backend#device()}), empty for the CPU
 * @param divergence               the rule that judged divergence, as {@code --divergence} writes it
 * @param finalIterate             x at the end (results.csv lists it for n up to {@link #MAX_LISTED_DIMENSION})
 */
public record RunResult(int configurationId, ProblemSpec problem, String optimizer,
                        Map<String, Double> hyperParameters, Transforms transforms, int batchSize, double smoothness, Status status, int iterations,
                        int[] iterationsToTolerance, double finalLoss, double finalSuboptimality,
                        double finalGradientNorm, double finalDistance, double rateMeasured, double ratePredicted,
                        double stabilityLimit, long functionEvaluations, long gradientEvaluations,
                        BatchThroughput throughput, int batchColumns, String backend, String device, String precision, String divergence, double[] finalIterate) {
    /** x_final is listed for n up to this; beyond, it would swamp the CSV. */
    public static final int MAX_LISTED_DIMENSION = 16;
}
