package dev.gdbench.plan;

import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemSpec;
import java.util.List;

/** A batch ready to run: the built instance and its resolved configurations, one per column. */
public record Batch(ProblemSpec spec, Problem problem, List<Configuration> configurations) {
    /** Configurations [from, to) on the same instance: a batch run in parts. */
    public Batch part(int from, int to) {
        return new Batch(spec, problem, configurations.subList(from, to));
    }
}
