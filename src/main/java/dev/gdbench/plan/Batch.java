package dev.gdbench.plan;

import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemSpec;
import java.util.List;

/** A batch ready to run: the built instance and its resolved configurations, one per column. */
public record Batch(ProblemSpec spec, Problem problem, List<Configuration> configurations) {
}
