package dev.gdbench.map;

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
     * summed from 0 over k = 1, 2, 3. The powers are the reference's Math.pow per lane (pow(y, 0) = 1
     * and pow(y, 1) = y exactly, as Math.pow specifies; the Vector API's pow is not Math.pow's).
     */
    final class Beale implements LaneGradient {
        private static final double[] CONSTANTS = {1.5, 2.25, 2.625};

        private final int lanes;
        private final double minimum;
        /** Per lane y^2 and y^3, by Math.pow. */
        private final double[] square;
        private final double[] cube;

        Beale(int lanes, double minimum) {
            this.lanes = lanes;
            this.minimum = minimum;
            this.square = new double[lanes];
            this.cube = new double[lanes];
        }

        private void powers(double[] x) {
            for (int l = 0; l < lanes; l++) {
                double y = x[lanes + l];
                square[l] = Math.pow(y, 2);
                cube[l] = Math.pow(y, 3);
            }
        }

        /** y^k on the lanes from {@code lane}, k = 0 to 3. */
        private DoubleVector power(DoubleVector y, int k, int lane) {
            return switch (k) {
                case 0 -> DoubleVector.broadcast(SPECIES, 1);
                case 1 -> y;
                case 2 -> DoubleVector.fromArray(SPECIES, square, lane);
                default -> DoubleVector.fromArray(SPECIES, cube, lane);
            };
        }

        @Override
        public void gradient(double[] x, double[] g) {
            powers(x);
            for (int lane = 0; lane < lanes; lane += SPECIES.length()) {
                DoubleVector first = DoubleVector.fromArray(SPECIES, x, lane);
                DoubleVector y = DoubleVector.fromArray(SPECIES, x, lanes + lane);
                DoubleVector gx = DoubleVector.zero(SPECIES);
                DoubleVector gy = gx;
                for (int k = 1; k <= CONSTANTS.length; k++) {
                    DoubleVector term = term(first, power(y, k, lane), k);
                    DoubleVector twice = term.mul(2);
                    gx = gx.add(twice.mul(power(y, k, lane).sub(1)));
                    gy = gy.add(twice.mul(k).mul(first).mul(power(y, k - 1, lane)));
                }
                gx.intoArray(g, lane);
                gy.intoArray(g, lanes + lane);
            }
        }

        @Override
        public void suboptimality(double[] x, double[] out) {
            powers(x);
            for (int lane = 0; lane < lanes; lane += SPECIES.length()) {
                DoubleVector first = DoubleVector.fromArray(SPECIES, x, lane);
                DoubleVector y = DoubleVector.fromArray(SPECIES, x, lanes + lane);
                DoubleVector sum = DoubleVector.zero(SPECIES);
                for (int k = 1; k <= CONSTANTS.length; k++) {
                    DoubleVector term = term(first, power(y, k, lane), k);
                    sum = sum.add(term.mul(term));
                }
                sum.sub(minimum).intoArray(out, lane);
            }
        }

        /** c_k - x + x y^k, left to right. */
        private static DoubleVector term(DoubleVector first, DoubleVector power, int k) {
            return DoubleVector.broadcast(SPECIES, CONSTANTS[k - 1]).sub(first).add(first.mul(power));
        }
    }
}
