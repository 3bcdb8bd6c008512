package dev.gdbench.cli;

import dev.gdbench.report.Report;
import dev.gdbench.result.ResultsWriter;
import dev.gdbench.result.RunMetadata;
import dev.gdbench.result.ShardMerge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gdbench merge DIR... --out DIR}: a sharded sweep's folders joined into the folder the unsharded sweep writes. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Joins the results folders of a sweep's shards (sweep --shard i/N, or the tasks of gdbench "
                + "slurm) into one. Checks first that they are shards of one plan split one way, each given once, with "
                + "every batch present (else it names what is wrong, exits with code 2 and writes nothing); then "
                + "writes results.csv, history.csv, plan.json and meta.json (each shard's machine and backend listed) "
                + "as the unsharded sweep would, the summary and the report.")
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' results folders, one per shard.")
    List<Path> directories;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The merged results folder, new or empty.")
    Path out;

    @Option(names = "--allow-partial",
            description = "Merge what there is when shards or batches are missing, saying what is missing (meta.json "
                    + "too). The whole sweep's command line with --out DIR --resume runs the rest.")
    boolean allowPartial;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--no-report", description = "Skip report.html and its figures.")
    boolean noReport;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ShardMerge merge = ShardMerge.read(directories, allowPartial);
        if (!merge.missing().isEmpty()) {
            note(err, "merge: partial: " + merge.missingSummary());
        }
        Path directory = OutputOptions.claim(OutputOptions.requestedDirectory(out), merge.plan());
        merge.write(directory, BuildCommit.ofThisBuild().addTo(new RunMetadata()
                .put("tool", new Main.Version().getVersion()[0]))
                .put("command_line", "gdbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .put("merged", Instant.now().toString()));
        if (!quiet) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(Report.summary(directory));
            stdout.println("results: " + directory.resolve(ResultsWriter.RESULTS_FILE));
            stdout.flush();
        }
        if (!noReport) {
            Path page = Report.write(List.of(directory), directory.resolve(Report.FILE), line -> note(err, line));
            note(err, "report: " + page);
        }
        return ExitCodes.OK;
    }

    private void note(PrintWriter err, String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }
}
