package dev.gdbench.plan;

import dev.gdbench.problem.ProblemSpec;
import java.util.List;

/** The configurations that share one problem instance, and so run as one batch. */
public record BatchPlan(ProblemSpec problem, List<ConfigurationSpec> configurations) {
}
