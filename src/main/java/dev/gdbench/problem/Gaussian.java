package dev.gdbench.problem;

import java.util.SplittableRandom;

/** Standard normal draws from a {@link SplittableRandom} (Box-Muller), so instances depend only on the seed. */
final class Gaussian {
    private Gaussian() {}

    static double next(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // in (0, 1]: log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double[] vector(int n, SplittableRandom random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = next(random);
        }
        return v;
    }
}
