package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels of kernels/*.cu compiled for the CPU by g++ (warnings are errors) and run with
 * emulated blocks, threads as fibers (native/kernel_host_check.cpp, native/cuda_host.h): every
 * element of a column range visited exactly once with its column (aligned packs, unaligned head
 * and tail), frozen columns untouched, each rule's step equal to what its Java rule computes from the
 * same inputs ({@link RuleCases}, one case file for every rule of the registry with a kernel), the tiled GEMM with
 * each of its epilogues (addend, sigmoid, bias) equal to a triple loop at sizes on and off its tile, the cuBLAS path's epilogue kernels equal to their
 * formulas, the reductions (the logistic loss at |z| where exp overflows too) equal to plain sums.
 * Needs no GPU; skipped without g++.
 */
class KernelHostCheckTest {
    /** Compiling the check and running its few thousand small cases takes seconds; a hang is a failure. */
    static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path folder;

    @Test
    void kernelsComputeWhatTheirFormulasSayWhenRunOnTheCpu() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/g++")), "g++ is needed to compile the kernels for the CPU");
        Path binary = folder.resolve("kernel_host_check");
        assertEquals("", run(List.of("/usr/bin/g++", "-std=c++20", "-O1", "-Wall", "-Wextra", "-Werror", "-Wno-unknown-pragmas",
                "-I", "native", "-I", "kernels", "-o", binary.toString(), "native/kernel_host_check.cpp")));
        Path cases = folder.resolve("rule-cases.txt");
        RuleCases.write(cases);
        assertEquals("ok", run(List.of(binary.toString(), cases.toString())).strip());
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        assertEquals(0, process.exitValue(), command + ":\n" + output);
        return output;
    }
}
