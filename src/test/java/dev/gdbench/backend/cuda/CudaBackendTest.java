package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gdbench.backend.Acceptance;
import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.Backends;
import dev.gdbench.backend.Sampling;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.GradientDescent;
import dev.gdbench.optim.LineSearchDescent;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The GPU against the CPU fp64 reference: skipped where no GPU is usable; in the surefire
 * execution cuda-standin (every build with g++) it runs on the CPU stand-in for the CUDA driver.
 * Every device buffer is poisoned with NaN before it is written (CudaBatchRun), so an element a
 * kernel fails to write makes its case fail; instances and hyper-parameters are random per seed.
 */
class CudaBackendTest {
    @BeforeAll
    static void requireGpu() {
        assumeTrue(CudaAvailability.check().usable(), () -> "no usable GPU: " + CudaAvailability.check().reason());
    }

    private static void assertAllPass(Backend gpu, List<Verification.Case> cases) {
        List<Executable> checks = new ArrayList<>();
        try (CpuBackend cpu = new CpuBackend()) {
            for (Verification.Case c : cases) {
                Verification.Outcome o = Verification.run(gpu, cpu, c);
                checks.add(() -> assertTrue(o.passed(), c + ": iterate error " + o.iterateError() + ", loss error "
                        + o.lossError() + ", bound " + o.bound()));
            }
        }
        assertAll(checks);
    }

    /**
     * The cases of {@code gdbench verify}. On the CPU stand-in for the CUDA driver, which emulates
     * every thread one after another on 2 cores, only those of at most {@link #STANDIN_ELEMENTS}
     * elements: the n = 130 batches (B = 300, and B = 64 with mini-batches of 40 rows) took 60% of
     * its four minutes for all cases, and reach no code path the smaller ones miss (tiles and packs
     * cut on both sides, exact tiles, several tiles per dimension, mini-batches).
     */
    @Test
    void everyKernelMatchesTheCpuReferenceOnEveryVerifyCase() {
        try (Backend gpu = Backends.cuda()) {
            assertAllPass(gpu, onThisDevice(Verification.standardCases()));
        }
    }

    /**
     * Asked before a batch opens: the quadratic (affine gradient) runs; rosenbrock (a per-vector
     * gradient) and a line search are left to the CPU, each with its reason, and open refuses them too.
     */
    @Test
    void theBackendSaysBeforeOpeningWhichBatchesItRunsAndWhyNot() {
        List<UpdateRule> gd = List.of(new GradientDescent(0.01));
        Problem quadratic = ProblemFactory.build(ProblemSpec.quadratic(8, 10, 1));
        Problem rosenbrock = ProblemFactory.build(new ProblemSpec(ProblemKind.ROSENBROCK, 2, 1, Spectrum.LOGUNIFORM,
                false, null, false, null, null, 0, 0, 1));
        try (Backend gpu = Backends.cuda()) {
            assertEquals(Acceptance.RUN, gpu.accepts(quadratic, gd, Precision.FP64, Sampling.FULL));
            String noKernels = "cuda: no kernels for the rosenbrock problem yet; use --backend cpu";
            assertEquals(Acceptance.fallback(noKernels), gpu.accepts(rosenbrock, gd, Precision.FP64, Sampling.FULL));
            assertEquals(noKernels, assertThrows(BackendUnavailableException.class,
                    () -> gpu.open(rosenbrock, gd, Precision.FP64, Sampling.FULL)).getMessage());
            Acceptance lineSearch = gpu.accepts(quadratic, List.of(LineSearchDescent.EXACT.create(Map.of())),
                    Precision.FP64, Sampling.FULL);
            assertEquals(Acceptance.Verdict.FALLBACK, lineSearch.verdict());
            assertTrue(lineSearch.reason().startsWith("cuda: "), lineSearch.reason());
        }
    }

    /** n x B of the largest batch the stand-in runs: one 65 x 65 GEMM result, tiles cut on both sides. */
    static final long STANDIN_ELEMENTS = 65 * 65;

    private static List<Verification.Case> onThisDevice(List<Verification.Case> cases) {
        if (!CudaStandin.active()) {
            return cases;
        }
        return cases.stream().filter(c -> (long) c.dimension() * c.columns() <= STANDIN_ELEMENTS).toList();
    }

    /**
     * Sizes around the 64 x 64 tile and its 16-wide k slices, fp64 so the bound is 1e-12, for every
     * problem with kernels (the others are refused by the backend); on the stand-in up to
     * {@link #STANDIN_ELEMENTS} elements (n = 127 and 129 with B = 1 and 3, not 65).
     */
    @Test
    void builtinGemmMatchesTheCpuAtOddSizes() {
        List<Verification.Case> cases = new ArrayList<>();
        long seed = 100;
        for (ProblemKind kind : KernelModule.PROBLEMS) {
            for (int n : new int[] {1, 2, 15, 63, 65, 127, 129}) {
                for (int columns : new int[] {1, 3, 65}) {
                    cases.add(new Verification.Case(kind, n, columns, Precision.FP64, seed++));
                }
            }
        }
        try (Backend gpu = new CudaBackend(CudaAvailability.check().device().orElseThrow(), true)) {
            assertAllPass(gpu, onThisDevice(cases));
        }
    }
}
