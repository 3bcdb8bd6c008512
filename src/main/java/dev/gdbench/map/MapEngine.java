package dev.gdbench.map;

import dev.gdbench.plan.RunSettings;
import dev.gdbench.problem.Problem;
import java.util.OptionalDouble;
import java.util.function.IntConsumer;

/**
 * What runs the points of a map on one instance: the CPU's {@link SmallProblemEngine}, or the GPU's
 * persistent kernel (backend.cuda.CudaMapEngine). Both return the same {@link MapResult}, number
 * for number, so the files and figures of a map do not depend on where it ran.
 */
public interface MapEngine extends AutoCloseable {
    /**
     * Runs point p with the hyper-parameters values[k][p], k in the rule's descriptor order (as
     * {@link MapRow#values()}), telling {@code pointsDone} how many points each finished part decided.
     */
    MapResult run(Problem problem, RunSettings settings, LaneRule rule, double[][] values, IntConsumer pointsDone);

    /** What runs the points, in one line: {@code cpu: 8 threads}, or the device. */
    String description();

    /** The kernel time of every run so far, where the engine times kernels (CUDA events); empty on the CPU. */
    OptionalDouble kernelSeconds();

    @Override
    void close();

    /** The CPU map engine on {@code threads} threads. */
    static MapEngine cpu(int threads) {
        return new MapEngine() {
            @Override
            public MapResult run(Problem problem, RunSettings settings, LaneRule rule, double[][] values,
                                 IntConsumer pointsDone) {
                return new SmallProblemEngine(problem, settings).run(rule, values, threads, pointsDone);
            }

            @Override
            public String description() {
                return "cpu: " + threads + " threads";
            }

            @Override
            public OptionalDouble kernelSeconds() {
                return OptionalDouble.empty();
            }

            @Override
            public void close() {
            }
        };
    }
}
