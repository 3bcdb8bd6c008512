package dev.gdbench.result;

import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemSpec;
import java.util.Map;

/**
 * The outcome of one configuration; one row of results.csv, in named groups: what ran, how it
 * ended, its rates, the evaluations it paid for, its batch's throughput and where it ran.
 *
 * @param throughput how fast the configuration's batch iterated (the same on each of its rows)
 */
public record RunResult(Configuration configuration, Outcome outcome, Rates rates, Evaluations evaluations,
                        BatchThroughput throughput, RunContext context) {
    /** x_final is listed for n up to this; beyond, it would swamp the CSV. */
    public static final int MAX_LISTED_DIMENSION = 16;

    /**
     * What ran.
     *
     * @param id              configuration number, stable for a given command line
     * @param hyperParameters concrete values by name, lr first
     * @param transforms      clipping and schedule around the optimizer
     * @param batchSize       rows per stochastic gradient, 0 for the full gradient
     */
    public record Configuration(int id, ProblemSpec problem, String optimizer, Map<String, Double> hyperParameters,
                                Transforms transforms, int batchSize) {
    }

    /**
     * How it ended.
     *
     * @param iterations            iterations run (to convergence, divergence or --max-iters)
     * @param iterationsToTolerance first checked iteration meeting each tolerance, in the order given; -1 if never
     * @param finalIterate          x at the end (results.csv lists it for n up to {@link #MAX_LISTED_DIMENSION})
     */
    public record Outcome(Status status, int iterations, int[] iterationsToTolerance, double finalLoss,
                          double finalSuboptimality, double finalGradientNorm, double finalDistance,
                          double[] finalIterate) {
    }

    /**
     * The measured linear rate beside what theory says of the configuration.
     *
     * @param predicted      exact asymptotic rate from theory, NaN where theory has none
     * @param stabilityLimit largest stable lr with the other hyper-parameters fixed, NaN where theory has none
     * @param smoothness     L of the instance (lr * L is the relative step size), NaN when unknown
     */
    public record Rates(double measured, double predicted, double stabilityLimit, double smoothness) {
    }

    /**
     * @param functions f evaluations paid for (line searches), measurements not counted
     * @param gradients gradient evaluations paid for: x0, each iteration, line-search trials
     */
    public record Evaluations(long functions, long gradients) {
    }

    /**
     * Where and how it ran.
     *
     * @param device       the GPU that ran the row ({@link dev.gdbench.backend.Backend#device()}), empty for the CPU
     * @param precision    fp64 or fp32, as results.csv writes it
     * @param divergence   the rule that judged divergence, as {@code --divergence} writes it
     * @param batchColumns configurations in the batch
     */
    public record RunContext(String backend, String device, String precision, String divergence, int batchColumns) {
    }
}
