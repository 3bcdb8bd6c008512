package dev.gdbench.cli;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.Backends;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.backend.cuda.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdbench verify}: the GPU backend against the CPU fp64 reference, case by case. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Runs random instances (quadratic and least squares, n from 1 to 257 including sizes that are "
                + "not multiples of 4 or of the GEMM tile, batches of 1 to 300 configurations, every optimizer, fp32 "
                + "and fp64) on the GPU and on the CPU fp64 reference and prints the relative error of the final "
                + "iterate and of the loss trace with the bound each must meet. Exit 0 only if every case passes.")
final class VerifyCommand implements Callable<Integer> {
    static final String RESULTS_FILE = "verify.csv";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write " + RESULTS_FILE + " there.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> rows = new ArrayList<>(List.of(
                "case,iterate_error,loss_error,bound,passed,seconds_per_iteration,gb_per_s,gflop_per_s"));
        int failed = 0;
        try (Backend gpu = Backends.cuda(); CpuBackend cpu = new CpuBackend()) {
            out.println("verify: " + gpu.description() + " against the CPU fp64 reference");
            out.printf(Locale.ROOT, "%-34s %12s %12s %10s  %s%n", "case", "iterate err", "loss err", "bound", "result");
            for (Verification.Case c : Verification.standardCases()) {
                Verification.Outcome o = Verification.run(gpu, cpu, c);
                failed += o.passed() ? 0 : 1;
                double gbPerSecond = o.cost().bytes() / o.secondsPerIteration() / 1e9;
                double gflopPerSecond = o.cost().flops() / o.secondsPerIteration() / 1e9;
                out.printf(Locale.ROOT, "%-34s %12.3e %12.3e %10.1e  %s  (%.1f us/iter, %.1f GB/s, %.1f GFLOP/s)%n",
                        c, o.iterateError(), o.lossError(), o.bound(), o.passed() ? "pass" : "FAIL",
                        o.secondsPerIteration() * 1e6, gbPerSecond, gflopPerSecond);
                rows.add(String.format(Locale.ROOT, "%s,%.6e,%.6e,%.3e,%b,%.6e,%.3f,%.3f", c.toString().replaceAll("\\s+", " "),
                        o.iterateError(), o.lossError(), o.bound(), o.passed(), o.secondsPerIteration(), gbPerSecond,
                        gflopPerSecond));
            }
        }
        int total = rows.size() - 1;
        out.printf("%d passed, %d failed%n", total - failed, failed);
        out.flush();
        if (this.out != null) {
            write(this.out.resolve(RESULTS_FILE), rows);
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.INTERNAL_ERROR;
    }

    private static void write(Path file, List<String> rows) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
