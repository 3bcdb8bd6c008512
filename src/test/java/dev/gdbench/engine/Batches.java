package dev.gdbench.engine;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.Configuration;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test fixtures: batches built directly, without the command line. */
final class Batches {
    private Batches() {}

    static ProblemSpec quadratic(int n, double kappa, Spectrum spectrum, long seed) {
        return new ProblemSpec(ProblemKind.QUADRATIC, n, kappa, spectrum, false, null, false, null, null, 0, 0, seed);
    }

    record Column(OptimizerDescriptor optimizer, Map<String, Double> values) {
    }

    static Column column(OptimizerDescriptor optimizer, Map<String, Double> values) {
        return new Column(optimizer, values);
    }

    /** The theory's optimal tuning of an optimizer for an instance with spectrum in [mu, L]. */
    static Column optimal(OptimizerDescriptor optimizer, double mu, double smoothness) {
        return new Column(optimizer, optimizer.optimalTuning().orElseThrow().optimal(mu, smoothness));
    }

    static Batch batch(ProblemSpec spec, List<Column> columns) {
        List<Configuration> configurations = new ArrayList<>();
        for (Column c : columns) {
            configurations.add(new Configuration(configurations.size(), c.optimizer(), c.values(), Transforms.NONE,
                    c.optimizer().create(c.values())));
        }
        return new Batch(spec, ProblemFactory.build(spec), configurations);
    }
}
