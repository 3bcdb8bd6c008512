package dev.gdbench.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each family's gradient as the data the backends interpret, and the row-residual form's own gradients. */
class GradientFormTest {
    private static Problem instance(ProblemKind kind) {
        return ProblemFactory.build(new ProblemSpec(kind, 2, 20, Spectrum.LOGUNIFORM, false, null, false, null, null, 5,
                0.25, 2));
    }

    private static String describe(GradientForm form) {
        return form.match(affine -> "affine n=" + affine.dimension(),
                rows -> "rows m=" + rows.rows() + " n=" + rows.dimension() + " " + rows.activation() + " ridge="
                        + rows.ridge(),
                () -> "per-vector");
    }

    @Test
    void everyFamilyDescribesItsGradientAsTheFormItsBackendsInterpret() {
        assertEquals("affine n=2", describe(instance(ProblemKind.QUADRATIC).gradientForm()));
        assertEquals("rows m=5 n=2 IDENTITY ridge=0.0", describe(instance(ProblemKind.LEAST_SQUARES).gradientForm()));
        assertEquals("rows m=5 n=2 SIGMOID ridge=0.25", describe(instance(ProblemKind.LOGISTIC).gradientForm()));
        assertSame(GradientForm.PER_VECTOR, instance(ProblemKind.ROSENBROCK).gradientForm());
        assertSame(GradientForm.PER_VECTOR, instance(ProblemKind.BEALE).gradientForm());
    }

    /** The quadratic's form holds A and b themselves: G = A X - b 1^T with b = A x*. */
    @Test
    void theAffineFormIsTheQuadraticsMatrixAndLinearTerm() {
        QuadraticProblem problem = (QuadraticProblem) instance(ProblemKind.QUADRATIC);
        GradientForm.Affine form = (GradientForm.Affine) problem.gradientForm();
        assertSame(problem.matrix(), form.matrix());
        assertSame(problem.linearTerm(), form.offset());
    }

    /**
     * M = [[1, 0], [0, 2], [3, 0]], y = (1, 1, 1), x = (1, 1): residuals (0, 1, 2). Rows {1, 2}:
     * g = M_S^T r_S / 2 = ((0 * 1 + 3 * 2) / 2, (2 * 1 + 0 * 2) / 2) = (3, 1); a ridge of 0.5 adds x / 2.
     */
    @Test
    void aMiniBatchGradientAveragesTheSampledRowsOnlyAndAddsTheRidgeUnsampled() {
        double[] design = {1, 0, 3, 0, 2, 0};
        double[] targets = {1, 1, 1};
        double[] g = new double[2];
        new GradientForm.RowResidual(design, 3, 2, targets, GradientForm.Activation.IDENTITY, 0)
                .sampledGradient(new double[] {1, 1}, new int[] {1, 2}, g);
        assertArrayEquals(new double[] {3, 1}, g, 0.0);
        new GradientForm.RowResidual(design, 3, 2, targets, GradientForm.Activation.IDENTITY, 0.5)
                .sampledGradient(new double[] {1, 1}, new int[] {1, 2}, g);
        assertArrayEquals(new double[] {3.5, 1.5}, g, 0.0);
    }

    @Test
    void everyRowIsTheFullGradientToTheLastBit() {
        for (ProblemKind kind : new ProblemKind[] {ProblemKind.LEAST_SQUARES, ProblemKind.LOGISTIC}) {
            Problem problem = ProblemFactory.build(new ProblemSpec(kind, 7, 20, Spectrum.LOGUNIFORM,
                    false, null, false, null, null, 30, 0.01, 2));
            GradientForm.RowResidual form = (GradientForm.RowResidual) problem.gradientForm();
            SplittableRandom random = new SplittableRandom(3);
            double[] x = random.doubles(7, -2, 2).toArray();
            double[] full = new double[7];
            double[] sampled = new double[7];
            problem.gradient(x, full);
            form.sampledGradient(x, IntStream.range(0, 30).toArray(), sampled);
            assertArrayEquals(full, sampled, 0.0, kind.cliName());
        }
    }

    /** 1/(1 + e^-z) on either side of 0 without overflow: sigmoid(-800) is e^-800 = 0 in fp64, not NaN. */
    @Test
    void theSigmoidNeverOverflows() {
        assertEquals(0.5, GradientForm.Activation.SIGMOID.apply(0), 0.0);
        assertEquals(1.0, GradientForm.Activation.SIGMOID.apply(800), 0.0);
        assertEquals(0.0, GradientForm.Activation.SIGMOID.apply(-800), 0.0);
        assertEquals(-800, GradientForm.Activation.IDENTITY.apply(-800), 0.0);
    }
}
