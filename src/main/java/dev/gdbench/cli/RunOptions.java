package dev.gdbench.cli;

import dev.gdbench.backend.Backends;
import dev.gdbench.linalg.Precision;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.RunSettings;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How each configuration runs and when it stops. */
final class RunOptions {
    static final int MAX_ITERATIONS_LIMIT = 100_000_000;
    static final String DEFAULT_TOLERANCES = "1e-6,1e-12";

    @Option(names = "--tol", paramLabel = "LIST",
            description = "Relative tolerances on (f - f*)/(f0 - f*) (|g|/|g0| when f* is unknown); iterations to each are recorded; a configuration has converged when it meets all of them. Default: "
                    + DEFAULT_TOLERANCES + " (1e-12 so the rate fit sees the asymptotic regime).")
    String tolerances;

    @Option(names = "--tol-abs", paramLabel = "LIST",
            description = "Absolute tolerances on f - f* (|g| when f* is unknown), instead of --tol.")
    String absoluteTolerances;

    @Option(names = "--max-iters", defaultValue = "20000", paramLabel = "K",
            description = "Iterations before a configuration counts as max-iters. Default: ${DEFAULT-VALUE}.")
    int maxIterations;

    /** Checks cost a reduction per column; every 10 iterations keeps them a small part of the run. */
    static final int DEFAULT_CHECK_EVERY = 10;

    @Option(names = "--check-every", paramLabel = "K",
            description = "Iterations between convergence checks (reductions), at most --max-iters. Default: "
                    + DEFAULT_CHECK_EVERY + " (--max-iters when smaller).")
    Integer checkEvery;

    @Option(names = "--batch-size", defaultValue = "0", paramLabel = "B",
            description = "least-squares and logistic: rows per stochastic gradient (mini-batch SGD), sampled without "
                    + "replacement per configuration from the seed; convergence is still measured on the full objective. "
                    + "Default: 0, the full batch.")
    int batchSize;

    @Option(names = "--precision", defaultValue = "fp64", paramLabel = "P", description = "fp64 or fp32. Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = DivergenceRule.FLAG, defaultValue = "relative:1e10", paramLabel = "RULE",
            description = "When a configuration counts as diverged, besides non-finite values: relative:F, suboptimality "
                    + "(|g| when f* is unknown) above F x the initial one; norm:B, the iterate's norm |x| above B (the "
                    + "course material's loops stop at |x| > 100: norm:100). Default: ${DEFAULT-VALUE}.")
    String divergence;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU backend (and the CPU fallback of auto): threads that iterate the columns of a batch, "
                    + "1 to the number of cores. Results are the same for any N. Default: every core.")
    Integer threads;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME",
            description = "auto (the GPU when usable, else the CPU), cpu or cuda, or a list (cpu,cuda): every batch runs "
                    + "on each, their results must agree (fp64: final iterates to 1e-12 relative; fp32: verify's bound), "
                    + "each writes its rows, and the speedup over the first is recorded. Default: ${DEFAULT-VALUE}.")
    String backend;

    RunSettings settings() {
        if (tolerances != null && absoluteTolerances != null) {
            throw new InvalidInputException("--tol", "give either --tol or --tol-abs, not both");
        }
        boolean absolute = absoluteTolerances != null;
        String flag = absolute ? "--tol-abs" : "--tol";
        List<Double> values = ValueLists.parse(flag, absolute ? absoluteTolerances : tolerances == null ? DEFAULT_TOLERANCES : tolerances);
        for (double tolerance : values) {
            if (!(tolerance > 0) || Double.isInfinite(tolerance) || (!absolute && tolerance >= 1)) {
                throw new InvalidInputException(flag, tolerance + " is not allowed: tolerances must be "
                        + (absolute ? "finite and > 0" : "in (0, 1)"));
            }
        }
        if (maxIterations < 1 || maxIterations > MAX_ITERATIONS_LIMIT) {
            throw new InvalidInputException("--max-iters", maxIterations + " is not allowed: must be in [1, "
                    + MAX_ITERATIONS_LIMIT + "]");
        }
        int interval = checkEvery != null ? checkEvery : Math.min(DEFAULT_CHECK_EVERY, maxIterations);
        if (interval < 1 || interval > maxIterations) {
            throw new InvalidInputException("--check-every", interval + " is not allowed: must be in [1, --max-iters = "
                    + maxIterations + "]");
        }
        if (batchSize < 0) {
            throw new InvalidInputException("--batch-size", batchSize + " is not allowed: B >= 1 rows, or 0 for the full batch");
        }
        return new RunSettings(precision(), maxIterations, interval, values, absolute,
                DivergenceRule.parse(divergence), batchSize);
    }

    Precision precision() {
        try {
            return Precision.valueOf(precision.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--precision", "'" + precision + "' is not one of fp64, fp32");
        }
    }

    /** Threads for the CPU backend: every core unless --threads says fewer (more would only time-share them). */
    int cpuThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads == null) {
            return cores;
        }
        if (threads < 1 || threads > cores) {
            throw new InvalidInputException("--threads", threads + " is not allowed: must be in [1, " + cores
                    + "], the cores here");
        }
        return threads;
    }

    /** The backends every batch runs on, the reference (whose time the speedups divide) first. */
    List<String> backendNames() {
        List<String> names = ValueLists.distinct(List.of(backend.split(",", -1)).stream().map(String::trim).toList());
        for (String name : names) {
            if (!Backends.NAMES.contains(name)) {
                throw new InvalidInputException("--backend", "'" + name + "' is not one of " + Backends.NAMES);
            }
        }
        if (names.size() > 1 && names.contains("auto")) {
            throw new InvalidInputException("--backend", "auto picks one backend; list cpu,cuda to run on both");
        }
        return names;
    }
}
