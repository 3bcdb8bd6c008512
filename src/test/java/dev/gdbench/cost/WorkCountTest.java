package dev.gdbench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte and FLOP counts against counts made by hand from the formulas each operation computes. */
class WorkCountTest {
    /** Logistic regression with the CLI's default ridge (it must be > 0 there); the others have none. */
    private static Problem instance(ProblemKind kind, int n, int rows) {
        return ProblemFactory.build(new ProblemSpec(kind, n, 10, Spectrum.LOGUNIFORM, false, null, false, null, null,
                rows, kind == ProblemKind.LOGISTIC ? 1e-3 : 0, 1));
    }

    @Test
    void quadraticIterationWithGradientDescentMatchesHandCount() {
        // n = 2, B = 3, fp64. Gradient G = A X - b 1': read A (4) + b (2) + X (6), write G (6) = 18 values = 144 B;
        // A X is 2 x 2 x 3 multiply-adds = 24 FLOPs, minus b is 6 more: 30.
        // gd update per column: read x, g, write x = 3 x 2 values = 48 B, 2 FLOPs x 2 elements; three columns: 144 B, 12.
        Problem quadratic = instance(ProblemKind.QUADRATIC, 2, 0);
        GradientDescent gd = new GradientDescent(0.1);
        assertEquals(new WorkCount(144, 30), WorkCount.gradient(quadratic, 3, Precision.FP64));
        assertEquals(new WorkCount(288, 42), WorkCount.iteration(quadratic, List.of(gd, gd, gd), Precision.FP64));
    }

    @Test
    void adamUpdateInFp32MatchesHandCount() {
        // n = 10, fp32: read x, g, m, v and write x, m, v = 7 x 10 values x 4 B = 280 B.
        // Per element: m = b1 m + (1-b1) g (3); v = b2 v + (1-b2) g g (4);
        // x -= s m / (sqrt(v)/c + eps) (6): 13 x 10 = 130 FLOPs.
        assertEquals(new WorkCount(280, 130),
                WorkCount.update(new Adam(0.01, 0.9, 0.999, 1e-8), 10, Precision.FP32));
    }

    @Test
    void leastSquaresGradientMatchesHandCount() {
        // n = 2, m = 4, B = 1, fp64: read M twice (16), y (4), X (2); write and read R (8); write G (2):
        // 32 values = 256 B. FLOPs: M X 2 x 4 x 2 = 16, minus y 4, M' R 16, divide by m 2: 38.
        Problem leastSquares = instance(ProblemKind.LEAST_SQUARES, 2, 4);
        assertEquals(new WorkCount(256, 38), WorkCount.gradient(leastSquares, 1, Precision.FP64));
    }

    @Test
    void logisticGradientMatchesHandCount() {
        // n = 2, m = 4, B = 1, fp64: read M twice (16), y (4), X twice (4: M X and ridge X); write and read
        // R (8); write G (2): 34 values = 272 B. FLOPs: M X 2 x 4 x 2 = 16, sigmoid(z) - y 4 x 4 = 16
        // (exp, add, divide, subtract), M' R 16, divide by m 2, ridge x and its add 4: 54.
        Problem logistic = instance(ProblemKind.LOGISTIC, 2, 4);
        assertEquals(new WorkCount(272, 54), WorkCount.gradient(logistic, 1, Precision.FP64));
    }

    @Test
    void miniBatchGradientMatchesHandCount() {
        // n = 2, m = 4, k = 3 rows per column, B = 2, fp64, least squares. Per column: read its 3 rows
        // of M twice (12), their y (3), x (2); write and read r (6); write g (2): 25 values, 50 for
        // both = 400 B, plus 6 row indices x 4 B = 424 B. FLOPs per column: the 3 dot products 12, minus
        // y 3, sum of r_k m_k 12, divide by k 2: 29, 58 for both.
        Problem leastSquares = instance(ProblemKind.LEAST_SQUARES, 2, 4);
        assertEquals(new WorkCount(424, 58), WorkCount.gradient(leastSquares, 2, Precision.FP64, 3));
        assertEquals(WorkCount.gradient(leastSquares, 2, Precision.FP64), WorkCount.gradient(leastSquares, 2,
                Precision.FP64, 0), "k = 0 is the full gradient");
    }

    @Test
    void copyAndProductCountEveryOperandOnce() {
        assertEquals(new WorkCount(2048, 0), WorkCount.copy(1024));
        // 4 x 3 times 3 x 2: 12 + 6 + 8 values x 8 B; 2 x 4 x 2 x 3 FLOPs.
        assertEquals(new WorkCount(208, 48), WorkCount.matrixProduct(4, 2, 3, Precision.FP64));
    }
}
