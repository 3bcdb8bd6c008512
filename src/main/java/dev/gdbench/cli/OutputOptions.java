package dev.gdbench.cli;

import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.PlanRecord;
import dev.gdbench.result.PlanFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where results go and how much the terminal shows. A folder that holds results is never written
 * into without --resume, and --resume only continues a folder made by the same plan.
 */
final class OutputOptions {
    /** Runs go here unless --out says otherwise; git-ignored, curated runs are committed beside it. */
    static final String RUNS_DIRECTORY = "bench-results/runs";

    /** Sweeps started in the same second get &lt;date-time&gt;-2, -3, ...; this many before giving up. */
    static final int MAX_SAME_SECOND_RUNS = 1000;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Results directory, new or empty (one that holds results needs --resume). Default: "
                    + RUNS_DIRECTORY + "/<date-time>, a new folder for every sweep.")
    Path out;

    @Option(names = "--resume",
            description = "Continue an interrupted sweep in --out DIR: batches whose rows are all there are skipped, "
                    + "the rest run again. The command line must resolve to the same plan (recorded in DIR/"
                    + PlanFile.FILE + "); the backend may differ.")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--no-report", description = "Skip report.html and its figures (the CSVs are written regardless).")
    boolean noReport;

    /**
     * The folder a new sweep writes into, claimed by creating its plan.json before anything runs:
     * --out DIR when it holds no results, else a new folder under {@link #RUNS_DIRECTORY}.
     */
    Path claim(PlanRecord plan) {
        return claim(out != null ? requestedDirectory(out) : newRunDirectory(), plan);
    }

    /** Claims {@code directory} for results of {@code plan} (see above): gdbench merge's folder too. */
    static Path claim(Path directory, PlanRecord plan) {
        PlanFile.resultFileIn(directory).ifPresent(file -> {
            throw occupied(directory, file);
        });
        try {
            Files.createDirectories(directory);
            PlanFile.create(directory, plan.settings());
        } catch (FileAlreadyExistsException e) {
            throw occupied(directory, PlanFile.FILE);
        } catch (IOException e) {
            throw new InvalidInputException("--out", "cannot write results into " + directory + " (" + reason(e) + ")");
        }
        return directory;
    }

    /** The folder a command other than sweep writes into: --out DIR, or a new folder under {@link #RUNS_DIRECTORY}. */
    Path directory() {
        return out != null ? requestedDirectory(out) : newRunDirectory();
    }

    /** The folder --resume continues, once its recorded plan is this plan. Reads only: nothing is written here. */
    Path resumable(PlanRecord plan) {
        if (out == null) {
            throw new InvalidInputException("--resume", "needs --out DIR, the folder of the sweep to continue");
        }
        Path directory = requestedDirectory(out);
        Optional<Map<String, String>> recorded;
        try {
            recorded = PlanFile.read(directory);
        } catch (IOException e) {
            throw new InvalidInputException("--resume", directory.resolve(PlanFile.FILE) + " cannot be read ("
                    + reason(e) + "); give another --out");
        }
        if (recorded.isEmpty()) {
            throw new InvalidInputException("--resume", PlanFile.resultFileIn(directory).isPresent()
                    ? directory + " has no " + PlanFile.FILE + " (an older gdbench made it), so its plan cannot be "
                            + "checked; start a new sweep with another --out"
                    : "no results in " + directory + " to resume");
        }
        plan.firstDifference(new PlanRecord(recorded.get())).ifPresent(difference -> {
            throw new InvalidInputException("--resume", "the results in " + directory + " come from another plan: "
                    + difference + "; resume with the command line that made them, or give another --out");
        });
        return directory;
    }

    /** --out DIR, once it names a folder (or nothing yet). */
    static Path requestedDirectory(Path out) {
        if (out.toString().isEmpty()) {
            throw new InvalidInputException("--out", "is empty; name a directory");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out", out + " is a file, not a directory");
        }
        return out;
    }

    static Path newRunDirectory() {
        return newRunDirectory(Path.of(RUNS_DIRECTORY),
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /**
     * runs/stamp, or stamp-2, stamp-3, ... when taken: created here (createDirectory is atomic), so
     * that no other sweep can share it even when both start in the same second.
     */
    static Path newRunDirectory(Path runs, String stamp) {
        try {
            Files.createDirectories(runs);
            for (int attempt = 1; attempt <= MAX_SAME_SECOND_RUNS; attempt++) {
                Path candidate = runs.resolve(attempt == 1 ? stamp : stamp + "-" + attempt);
                try {
                    return Files.createDirectory(candidate);
                } catch (FileAlreadyExistsException taken) {
                    // another sweep started in this second: try the next suffix
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("--out", "cannot create a folder under " + runs + " (" + reason(e)
                    + "); give --out DIR");
        }
        throw new InvalidInputException("--out", MAX_SAME_SECOND_RUNS + " sweeps started in one second under " + runs
                + "; give --out DIR");
    }

    private static InvalidInputException occupied(Path directory, String file) {
        return new InvalidInputException("--out", directory + " already holds results (" + file + "); continue them "
                + "with --resume, or give another --out");
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + ": " + e.getMessage().lines().findFirst().orElse("");
    }
}
