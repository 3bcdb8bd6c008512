package dev.gdbench.map;

import dev.gdbench.problem.BealeProblem;
import dev.gdbench.problem.Problem;
import java.util.Optional;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gradient and f - f* of a group of map lanes on a problem whose Hessian varies (Rosenbrock,
 * Beale): the problem's closed form transcribed to Vector API lanes, every operation in the order
 * its own {@link Problem#gradient} and {@link Problem#value} compute it, so that a lane holds what
 * the batched engine (which calls those per column) holds, to the last bit. Quadratics have none:
 * the map engine forms their gradient as the batched product does. Element i of lane l sits at
 * i * lanes + l, as in {@link SmallProblemEngine}'s groups.
 */
interface LaneGradient {
    VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    /** g = grad f(x) on every lane. */
    void gradient(double[] x, double[] g);

    /** f(x) - f* on every lane, into {@code out} (one entry per lane), as CpuBatchRun.measure takes it from f. */
    void suboptimality(double[] x, double[] out);

    /** The lanes' gradient of this problem, or empty where the map engine's own product applies (quadratics). */
    static Optional<LaneGradient> of(Problem problem, int lanes) {
        return switch (problem.kind()) {
            case ROSENBROCK -> Optional.of(new Rosenbrock(problem.dimension(), lanes, problem.minimum()));
            case BEALE -> Optional.of(new Beale(lanes, problem.minimum()));
            default -> Optional.empty();
        };
    }

    /** RosenbrockProblem: g_i = (0 + 200 valley_{i-1}) + (-400 x_i valley_i - 2 (1 - x_i)), valley_i = x_{i+1} - x_i^2. */
    final class Rosenbrock implements LaneGradient {
        private final int n;
        private final int lanes;
        private final double minimum;

        Rosenbrock(int n, int lanes, double minimum) {
            this.n = n;
            this.lanes = lanes;
            this.minimum = minimum;
        }

        @Override
        public void gradient(double[] x, double[] g) {
            for (int lane = 0; lane < lanes; lane += SPECIES.length()) {
                // what the reference's g[i + 1] += 200 valley left in g[i + 1] (which starts at 0)
                DoubleVector carried = DoubleVector.zero(SPECIES);
                DoubleVector xi = DoubleVector.fromArray(SPECIES, x, lane);
                for (int i = 0; i + 1 < n; i++) {
                    DoubleVector next = DoubleVector.fromArray(SPECIES, x, (i + 1) * lanes + lane);
                    DoubleVector valley = next.sub(xi.mul(xi));
                    DoubleVector own = xi.mul(-400).mul(valley).sub(DoubleVector.broadcast(SPECIES, 1).sub(xi).mul(2));
                    carried.add(own).intoArray(g, i * lanes + lane);
                    carried = DoubleVector.zero(SPECIES).add(valley.mul(200));
                    xi = next;
                }
                carried.intoArray(g, (n - 1) * lanes + lane);
            }
        }

        @Override
        public void suboptimality(double[] x, double[] out) {
            for (int lane = 0; lane < lanes; lane += SPECIES.length()) {
                DoubleVector sum = DoubleVector.zero(SPECIES);
                DoubleVector xi = DoubleVector.fromArray(SPECIES, x, lane);
                for (int i = 0; i + 1 < n; i++) {
                    DoubleVector next = DoubleVector.fromArray(SPECIES, x, (i + 1) * lanes + lane);
                    DoubleVector valley = next.sub(xi.mul(xi));
                    DoubleVector offset = DoubleVector.broadcast(SPECIES, 1).sub(xi);
                    sum = sum.add(valley.mul(100).mul(valley).add(offset.mul(offset)));
                    xi = next;
                }
                sum.sub(minimum).intoArray(out, lane);
            }
        }
    }

    /**
     * BealeProblem: t_k = (c_k - x) + x y^k, g_x = sum 2 t_k (y^k - 1), g_y = sum 2 t_k k x y^(k-1),
     * summed from 0 over k = 1, 2, 3, with y^k as {@link BealeProblem#powers} multiplies it out.
     */
    final class Beale implements LaneGradient {
        private static final double[] CONSTANTS = {1.5, 2.25, 2.625};

        private final int lanes;
        private final double minimum;

        Beale(int lanes, double minimum) {
            this.lanes = lanes;
            this.minimum = minimum;
        }

        // k = 1, 2, 3 written out, not looped over an array of powers: C2 keeps vectors in registers
        // only where it can see every use (an array of them would be allocated)
        @Override
        public void gradient(double[] x, double[] g) {
            for (int lane = 0; lane < lanes; lane += SPECIES.length()) {
                DoubleVector first = DoubleVector.fromArray(SPECIES, x, lane);
                DoubleVector y = DoubleVector.fromArray(SPECIES, x, lanes + lane);
                DoubleVector square = y.mul(y);
                DoubleVector cube = square.mul(y);
                DoubleVector twice1 = term(first, y, 0).mul(2);
                DoubleVector twice2 = term(first, square, 1).mul(2);
                DoubleVector twice3 = term(first, cube, 2).mul(2);
                DoubleVector zero = DoubleVector.zero(SPECIES);
                zero.add(twice1.mul(y.sub(1))).add(twice2.mul(square.sub(1))).add(twice3.mul(cube.sub(1)))
                        .intoArray(g, lane);
                // 2 t_1 1 x y^0: both factors 1 are exact, so 2 t_1 x
                zero.add(twice1.mul(first)).add(twice2.mul(2).mul(first).mul(y)).add(twice3.mul(3).mul(first).mul(square))
                        .intoArray(g, lanes + lane);
            }
        }

        @Override
        public void suboptimality(double[] x, double[] out) {
            for (int lane = 0; lane < lanes; lane += SPECIES.length()) {
                DoubleVector first = DoubleVector.fromArray(SPECIES, x, lane);
                DoubleVector y = DoubleVector.fromArray(SPECIES, x, lanes + lane);
                DoubleVector square = y.mul(y);
                DoubleVector t1 = term(first, y, 0);
                DoubleVector t2 = term(first, square, 1);
                DoubleVector t3 = term(first, square.mul(y), 2);
                DoubleVector.zero(SPECIES).add(t1.mul(t1)).add(t2.mul(t2)).add(t3.mul(t3)).sub(minimum).intoArray(out, lane);
            }
        }

        /** c_k - x + x y^k, left to right (constant {@code index} = k - 1). */
        private static DoubleVector term(DoubleVector first, DoubleVector power, int index) {
            return DoubleVector.broadcast(SPECIES, CONSTANTS[index]).sub(first).add(first.mul(power));
        }
    }
}
