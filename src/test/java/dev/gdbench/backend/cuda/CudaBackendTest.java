package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.Backends;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.ProblemKind;
import java.util.ArrayList;
import java.util.List;
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
