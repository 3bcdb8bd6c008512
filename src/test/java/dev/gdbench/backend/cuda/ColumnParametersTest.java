package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Vec;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.UpdateRule;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnParametersTest {
    @Test
    void hyperParametersArePackedPerColumnLearningRateFirst() {
        List<UpdateRule> rules = List.of(new GradientDescent(0.5), new HeavyBall(0.25, 0.9), new Adam(1e-3, 0.8, 0.99, 1e-8));
        assertArrayEquals(new double[] {0.5, 0, 0, 0, 0.25, 0.9, 0, 0, 1e-3, 0.8, 0.99, 1e-8},
                ColumnParameters.hyperParameters(rules));
    }

    /**
     * The adam kernel's step with the host's table values (kernels/updates.cu:
     * x -= bias[0] m / (sqrt(v) / bias[1] + eps)) reproduces optim.Adam step for step, bit for bit in fp64.
     */
    @Test
    void biasCorrectionTableDrivesTheKernelFormulaExactlyLikeTheCpuRule() {
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        List<UpdateRule> rules = List.of(new GradientDescent(0.1), adam);
        Random random = new Random(5);
        int n = 7;
        double[] x = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        double[] xCpu = x.clone();
        Vec[] stateCpu = {Vec.of(new double[n]), Vec.of(new double[n])};
        int steps = 25;
        double[] table = ColumnParameters.biasCorrections(rules, 1, steps);
        for (int s = 0; s < steps; s++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = random.nextGaussian();
            }
            int at = (s * rules.size() + 1) * KernelModule.BIAS_SLOTS;
            assertEquals(0.0, table[(s * rules.size()) * KernelModule.BIAS_SLOTS], "gd columns get no correction");
            for (int i = 0; i < n; i++) {
                m[i] = 0.9 * m[i] + (1 - 0.9) * g[i];
                v[i] = 0.999 * v[i] + (1 - 0.999) * g[i] * g[i];
                x[i] -= table[at] * m[i] / (Math.sqrt(v[i]) / table[at + 1] + 1e-8);
            }
            Vec xVec = Vec.of(xCpu);
            adam.update(s + 1, adam.learningRate(), xVec, Vec.of(g), stateCpu);
        }
        assertArrayEquals(xCpu, x, 0.0);
    }

    @Test
    void onlyBatchesWithAdamNeedBiasCorrections() {
        assertFalse(ColumnParameters.needsBiasCorrections(List.of(new GradientDescent(0.1), new HeavyBall(0.1, 0.5))));
        assertTrue(ColumnParameters.needsBiasCorrections(List.of(new GradientDescent(0.1), new Adam(0.1, 0.9, 0.99, 1e-8))));
    }
}
