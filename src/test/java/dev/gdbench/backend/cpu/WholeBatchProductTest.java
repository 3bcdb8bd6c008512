package dev.gdbench.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.backend.Sampling;
import dev.gdbench.linalg.DenseMatrix;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Adam;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.HeavyBall;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A gradient whose product threads itself (OpenBLAS over the whole batch) is computed once per
 * iteration over every active column, from the calling thread while the pool is idle; the updates
 * still spread over the threads, and the iterates are the same bits as with the column split.
 */
class WholeBatchProductTest {
    /** At most FixedMatrix's PACKED_UP_TO: both runs multiply on the packed kernel, unplanned, so their bits can be compared. */
    private static final int N = 256;

    /** The problem's gradient, claiming to thread itself, recording how it is called. */
    private static final class ThreadingItself extends CpuGradient {
        private final CpuGradient inner;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final List<String> calls = new ArrayList<>();

        ThreadingItself(CpuGradient inner) {
            this.inner = inner;
        }

        @Override
        boolean productThreadsItself() {
            return true;
        }

        @Override
        void compute(DenseMatrix x, DenseMatrix gradient, int firstCol, int endCol) {
            assertEquals(1, inFlight.incrementAndGet(), "never two products at once");
            assertEquals(caller, Thread.currentThread(), "called from the batch's own thread, not the pool's");
            calls.add(firstCol + ".." + endCol);
            inner.compute(x, gradient, firstCol, endCol);
            inFlight.decrementAndGet();
        }
    }

    private static List<UpdateRule> rules() {
        List<UpdateRule> rules = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            rules.add(new GradientDescent(0.2 + 0.3 * j));
            rules.add(new HeavyBall(0.5, 0.5 + 0.1 * j));
            rules.add(new Adam(0.01 * (j + 1), 0.9, 0.999, 1e-8));
        }
        return rules;
    }

    @Test
    void aProductThatThreadsItselfRunsOncePerIterationOverTheActiveColumnsWithTheSameResults() {
        Problem problem = ProblemFactory.build(new ProblemSpec(ProblemKind.QUADRATIC, N, 100, Spectrum.LOGUNIFORM, false,
                null, false, null, null, 0, 0, 7));
        List<UpdateRule> rules = rules();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CpuBatchRun split = new CpuBatchRun(problem, rules, Precision.FP64, Sampling.FULL, pool, 2);
            ThreadingItself[] gradient = new ThreadingItself[1];
            CpuBatchRun whole = new CpuBatchRun(problem, rules, Precision.FP64, Sampling.FULL, pool, 2,
                    columnSplit -> gradient[0] = new ThreadingItself(CpuGradient.of(problem, Precision.FP64, rules.size())));
            assertEquals(List.of("0..12"), gradient[0].calls, "the first gradient, at the start");
            for (CpuBatchRun run : List.of(split, whole)) {
                run.iterate(3);
                run.freeze(4);
                run.freeze(0);
                run.iterate(2);
                run.gradient();
            }
            assertEquals(List.of("0..12", "0..12", "0..12", "0..12", "0..10", "0..10", "0..10"), gradient[0].calls,
                    "3 iterations of 12 columns, 2 of the 10 left, then gradient()");
            for (int j = 0; j < rules.size(); j++) {
                assertArrayEquals(split.readIterate(j), whole.readIterate(j), "column " + j);
            }
            ColumnMeasures expected = split.measure();
            ColumnMeasures actual = whole.measure();
            assertArrayEquals(expected.gradientNorm(), actual.gradientNorm());
            assertArrayEquals(expected.updateNorm(), actual.updateNorm());
            assertArrayEquals(expected.gradientEvaluations(), actual.gradientEvaluations());
            // Column 0 frozen after 3 iterations: 1 + 3 gradients; column 1 active for all 5 (gradient() is not an iteration's).
            assertEquals(4, actual.gradientEvaluations()[0]);
            assertEquals(6, actual.gradientEvaluations()[1]);
        } finally {
            pool.shutdownNow();
        }
    }
}
