package dev.gdbench.cli;

import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.report.Report;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gdbench report DIR [DIR...]}: figures and report.html from results directories, with no re-run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Draws the figures of each results directory (into DIR/figures) and writes report.html: "
                + "for one DIR into DIR, for several one page comparing them side by side. Reads results.csv, "
                + "history.csv, meta.json and throughput.csv where present; a partial directory reports what it has.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Results directories, as written by sweep.")
    List<Path> directories;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The page to write. Default: DIR/report.html for one directory, "
                    + OutputOptions.RUNS_DIRECTORY + "/compare-<date-time>/report.html for several.")
    Path page;

    @Override
    public Integer call() {
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                throw new InvalidInputException("DIR", directory + " is not a directory");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        Path target = page != null ? page : directories.size() == 1 ? directories.get(0).resolve(Report.FILE)
                : Path.of(OutputOptions.RUNS_DIRECTORY, "compare-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")), Report.FILE);
        if (Files.isDirectory(target)) {
            throw new InvalidInputException("--out", target + " is a directory; --out names the page to write, e.g. "
                    + target.resolve(Report.FILE));
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new InvalidInputException("--out", "cannot create the folder of " + target + ": " + e.getMessage());
        }
        Report.write(directories, target, line -> {
            err.println(line);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.println("report: " + target);
        out.flush();
        return ExitCodes.OK;
    }
}
