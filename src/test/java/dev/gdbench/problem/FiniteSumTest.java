package dev.gdbench.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stochastic gradients of the row-based problems: by hand on a subset, exactly the full gradient on every row. */
class FiniteSumTest {
    /**
     * M = [[1, 0], [0, 2], [3, 0]], y = (1, 1, 1), x = (1, 1): residuals (0, 1, 2). Rows {1, 2}:
     * g = M_S^T r_S / 2 = ((0 * 1 + 3 * 2) / 2, (2 * 1 + 0 * 2) / 2) = (3, 1).
     */
    @Test
    void leastSquaresMiniBatchGradientAveragesTheSampledRowsOnly() {
        LeastSquaresProblem problem = new LeastSquaresProblem(new double[] {1, 0, 3, 0, 2, 0}, 3,
                new double[] {1, 1, 1}, new double[] {1, 1}, new double[2], new double[2], 0);
        double[] g = new double[2];
        problem.sampledGradient(new double[] {1, 1}, new int[] {1, 2}, g);
        assertArrayEquals(new double[] {3, 1}, g, 0.0);
    }

    @Test
    void everyRowIsTheFullGradientToTheLastBit() {
        for (ProblemKind kind : new ProblemKind[] {ProblemKind.LEAST_SQUARES, ProblemKind.LOGISTIC}) {
            FiniteSum problem = (FiniteSum) ProblemFactory.build(new ProblemSpec(kind, 7, 20, Spectrum.LOGUNIFORM,
                    false, null, false, null, null, 30, 0.01, 2));
            SplittableRandom random = new SplittableRandom(3);
            double[] x = random.doubles(7, -2, 2).toArray();
            double[] full = new double[7];
            double[] sampled = new double[7];
            problem.gradient(x, full);
            problem.sampledGradient(x, IntStream.range(0, 30).toArray(), sampled);
            assertArrayEquals(full, sampled, 0.0, kind.cliName());
        }
    }
}
