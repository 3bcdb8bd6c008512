package dev.gdbench.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.cost.WorkCount;
import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.GradientForm;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The batched gradients (dense products over all columns at once) against each problem's reference gradient. */
class CpuGradientTest {
    /** Summation order differs between the GEMMs and the reference's dot products: a few ulps of the largest term. */
    static final double RELATIVE_TOLERANCE = 1e-13;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ProblemKind.class, names = {"QUADRATIC", "LEAST_SQUARES", "LOGISTIC"})
    void batchedGradientEqualsTheReferenceGradientColumnByColumn(ProblemKind kind) {
        assertBatchedEqualsReference(ProblemFactory.build(new ProblemSpec(kind, 37, 20, Spectrum.LOGUNIFORM, false, null,
                false, null, null, 83, 0.01, 5)));
    }

    /**
     * A problem the backends have never heard of, f(x) = 1/(2m) |M x - y|^2 + (r/2) |x|^2: one class
     * that states its gradient's form is batched through the dense products and costed by the model.
     */
    @Test
    void aNewProblemThatStatesItsFormIsBatchedWithoutTheBackendKnowingIt() {
        int rows = 83;
        int n = 37;
        double[] design = new SplittableRandom(2).doubles((long) rows * n, -1, 1).toArray();
        double[] targets = new SplittableRandom(3).doubles(rows, -1, 1).toArray();
        GradientForm.RowResidual form = new GradientForm.RowResidual(design, rows, n, targets,
                GradientForm.Activation.IDENTITY, 0.3);
        Problem ridgeRegression = new Problem() {
            @Override
            public ProblemKind kind() {
                return ProblemKind.LEAST_SQUARES;
            }

            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double value(double[] x) {
                throw new UnsupportedOperationException("not needed for the gradient");
            }

            @Override
            public void gradient(double[] x, double[] gradientOut) {
                form.gradient(x, gradientOut);
            }

            @Override
            public GradientForm gradientForm() {
                return form;
            }

            @Override
            public double[] initialPoint() {
                return new double[n];
            }

            @Override
            public double strongConvexity() {
                return Double.NaN;
            }

            @Override
            public double smoothness() {
                return Double.NaN;
            }

            @Override
            public Optional<double[]> minimizer() {
                return Optional.empty();
            }

            @Override
            public double minimum() {
                return Double.NaN;
            }
        };
        assertBatchedEqualsReference(ridgeRegression);
        // 2 m n + m + 2 n B (X twice) + 2 m B + n B elements; 4 m n B + m B + 3 n B operations, B = 9.
        assertEquals(new WorkCount((2.0 * rows * n + rows + 2 * n * 9 + 2 * rows * 9 + n * 9) * 8,
                4.0 * rows * n * 9 + rows * 9 + 3 * n * 9), WorkCount.gradient(ridgeRegression, 9, Precision.FP64));
    }

    /**
     * n = 37 and m = 83 are multiples of no block size; the columns are spread from -3 to 3 and some
     * are scaled by 1000 so that logistic's |z| reaches thousands, where exp(|z|) overflows. Column ranges
     * are computed in two disjoint pieces, as threads of the CPU backend do.
     */
    private static void assertBatchedEqualsReference(Problem problem) {
        int n = problem.dimension();
        int columns = 9;
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
                        problem.kind() + " column " + j + " component " + i);
            }
        }
    }
}
