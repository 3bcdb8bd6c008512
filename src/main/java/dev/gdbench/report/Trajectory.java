package dev.gdbench.report;

import java.util.Map;

/**
 * The sampled history of one configuration from history.csv.
 *
 * @param values one array per numeric column (suboptimality, grad_norm, ...), aligned with iterations
 */
public record Trajectory(int[] iterations, Map<String, double[]> values) {
}
