package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.LeastSquaresProblem;
import dev.gdbench.problem.Problem;
import java.util.List;
import java.util.Map;

/**
 * Bytes moved and floating-point operations of one batched iteration (update, then gradient),
 * counted from the algorithm rather than measured: the one place these figures are defined.
 *
 * <p>Update, per element: reads x, g and the state, writes x and the state: (3 + 2 s) elements for
 * s state vectors (adam: 7, so 28 bytes in fp32). Gradient: the matrix is read once per
 * iteration (the GEMM's tiles re-read it from cache, not from memory), X read, G written;
 * quadratic 2 n^2 B flops, least squares 4 m n B (two products) plus R written and read back.
 */
public record IterationCost(double bytes, double flops) {
    /** Multiply-adds and other operations per element of each rule's update (kernels/updates.cu). */
    static final Map<String, Integer> UPDATE_FLOPS = Map.of("gd", 2, "heavyball", 4, "nesterov", 6, "adam", 12);

    public static IterationCost of(Problem problem, List<UpdateRule> rules, Precision precision) {
        double n = problem.dimension();
        double size = precision.bytes();
        double bytes = 0;
        double flops = 0;
        for (UpdateRule rule : rules) {
            bytes += (3 + 2 * rule.stateVectors()) * n * size;
            flops += UPDATE_FLOPS.getOrDefault(rule.name(), 0) * n;
        }
        double columns = rules.size();
        if (problem instanceof LeastSquaresProblem ls) {
            double m = ls.rows();
            bytes += (2 * m * n + m + n * columns + 2 * m * columns + n * columns) * size;
            flops += 4 * m * n * columns;
        } else {
            bytes += (n * n + n + 2 * n * columns) * size;
            flops += 2 * n * n * columns;
        }
        return new IterationCost(bytes, flops);
    }
}
