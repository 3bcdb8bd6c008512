package dev.gdbench.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The batched gradients (dense products over all columns at once) against each problem's reference gradient. */
class CpuGradientTest {
    /** Summation order differs between the GEMMs and the reference's dot products: a few ulps of the largest term. */
    static final double RELATIVE_TOLERANCE = 1e-13;

    /**
     * n = 37 and m = 83 are multiples of no block size; the columns are spread from -3 to 3 and some
     * are scaled by 1000 so that logistic's |z| reaches thousands, where exp(|z|) overflows. Column ranges
     * are computed in two disjoint pieces, as threads of the CPU backend do.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProblemKind.class, names = {"QUADRATIC", "LEAST_SQUARES", "LOGISTIC"})
    void batchedGradientEqualsTheReferenceGradientColumnByColumn(ProblemKind kind) {
        int n = 37;
        int columns = 9;
        Problem problem = ProblemFactory.build(new ProblemSpec(kind, n, 20, Spectrum.LOGUNIFORM, false, null, false,
                null, null, 83, 0.01, 5));
        SplittableRandom random = new SplittableRandom(17);
        DenseMatrix x = DenseMatrix.zeros(Precision.FP64, n, columns);
        for (int j = 0; j < columns; j++) {
            double scale = j % 3 == 2 ? 1000 : 1;
            for (int i = 0; i < n; i++) {
                x.column(j).set(i, scale * random.nextDouble(-3, 3));
            }
        }
        DenseMatrix gradient = DenseMatrix.zeros(Precision.FP64, n, columns);
        CpuGradient batched = CpuGradient.of(problem, Precision.FP64, columns);
        batched.compute(x, gradient, 0, 4);
        batched.compute(x, gradient, 4, columns);

        double[] expected = new double[n];
        for (int j = 0; j < columns; j++) {
            problem.gradient(x.column(j).toArray(), expected);
            double largest = 0;
            for (double g : expected) {
                largest = Math.max(largest, Math.abs(g));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], gradient.column(j).get(i), RELATIVE_TOLERANCE * largest,
                        kind + " column " + j + " component " + i);
            }
        }
    }
}
