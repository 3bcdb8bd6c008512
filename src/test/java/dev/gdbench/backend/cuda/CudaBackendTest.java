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
 * The GPU against the CPU fp64 reference: skipped where no GPU is usable (CI, the build machine).
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

    @Test
    void everyKernelMatchesTheCpuReferenceOnEveryVerifyCase() {
        try (Backend gpu = Backends.cuda()) {
            assertAllPass(gpu, Verification.standardCases());
        }
    }

    /**
     * Sizes around the 64 x 64 tile and its 16-wide k slices, fp64 so the bound is 1e-12, for every
     * problem with kernels (the others are refused by the backend).
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
            assertAllPass(gpu, cases);
        }
    }
}
