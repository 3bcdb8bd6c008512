package dev.gdbench.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Where results go and how much the terminal shows. */
final class OutputOptions {
    /** Runs go here unless --out says otherwise; git-ignored, curated runs are committed beside it. */
    static final String RUNS_DIRECTORY = "bench-results/runs";

    @Option(names = "--out", paramLabel = "DIR",
            description = "Results directory. Default: " + RUNS_DIRECTORY + "/<date-time>.")
    Path out;

    @Option(names = "--resume",
            description = "Continue an interrupted sweep in --out DIR: batches whose rows are all there are skipped, "
                    + "the rest run again (same command line required).")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--no-report", description = "Skip report.html and its figures (the CSVs are written regardless).")
    boolean noReport;

    Path directory() {
        return out != null ? out
                : Path.of(RUNS_DIRECTORY, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
