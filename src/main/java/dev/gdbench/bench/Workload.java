package dev.gdbench.bench;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a benchmark runs, named by its JMH parameters: one instance and a batch of identical
 * configurations. Benchmarks build their batch from it and the report computes their cost from
 * it, so the two cannot drift apart.
 *
 * @param batch columns B, every one running {@code optimizer}
 */
public record Workload(String problem, int n, int batch, Precision precision, String optimizer) {
    /** Condition number of benchmark instances: timing does not depend on it, convergence must not reach rounding. */
    static final double KAPPA = 100;
    static final long SEED = 1;

    /** Parameter names, as the benchmarks declare them and JMH reports them. */
    public static final String PROBLEM = "problem";
    public static final String DIMENSION = "n";
    public static final String BATCH = "batch";
    public static final String PRECISION = "precision";
    public static final String OPTIMIZER = "optimizer";
    public static final String BACKEND = "backend";

    public static Workload of(String problem, int n, int batch, String precision, String optimizer) {
        return new Workload(problem, n, batch, Precision.valueOf(precision.toUpperCase(Locale.ROOT)), optimizer);
    }

    /** From a JMH result's parameters; ceilings lack some, which then take harmless defaults. */
    public static Workload of(Map<String, String> params) {
        return of(params.getOrDefault(PROBLEM, ProblemKind.QUADRATIC.cliName()),
                Integer.parseInt(params.getOrDefault(DIMENSION, "1")),
                Integer.parseInt(params.getOrDefault(BATCH, "1")),
                params.getOrDefault(PRECISION, Precision.FP64.label()),
                params.getOrDefault(OPTIMIZER, "gd"));
    }

    public ProblemSpec spec() {
        return new ProblemSpec(ProblemKind.parse(problem), n, KAPPA, Spectrum.LOGUNIFORM, false, null, false,
                null, null, 0, 0, SEED);
    }

    public Problem build() {
        return ProblemFactory.build(spec());
    }

    /**
     * B copies of the optimizer at theory's optimal tuning where it has one, else its defaults
     * with lr = 1/L: stable on the instance, so timings never run on infinities or NaN.
     */
    public List<UpdateRule> rules(Problem instance) {
        OptimizerDescriptor descriptor = Optimizers.find(optimizer)
                .orElseThrow(() -> new IllegalArgumentException("unknown optimizer " + optimizer));
        Map<String, Double> values = new HashMap<>(descriptor.defaults());
        descriptor.optimalTuning().ifPresent(t ->
                values.putAll(t.optimal(instance.strongConvexity(), instance.smoothness())));
        values.putIfAbsent(HyperParameter.LEARNING_RATE, 1 / instance.smoothness());
        return Collections.nCopies(batch, descriptor.create(values));
    }
}
