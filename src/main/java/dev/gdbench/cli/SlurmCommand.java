package dev.gdbench.cli;

import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.Shard;
import dev.gdbench.plan.SweepPlan;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code gdbench slurm --array N [sweep options]}: a sweep as a Slurm job array, one shard per task,
 * and a merge job that waits for the array. gdbench runs on the cluster through Slurm itself, not
 * through a scheduler of its own.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = "Writes DIR/" + SlurmScripts.ARRAY_SCRIPT + " (a Slurm array of N tasks, task i running sweep "
                + "--shard i/N into DIR/" + SlurmScripts.SHARD_PREFIX + "i) and DIR/" + SlurmScripts.MERGE_SCRIPT
                + " (gdbench merge into DIR/" + SlurmScripts.MERGED + "), prints the commands that submit them, and "
                + "with --submit submits them: the merge with --dependency=afterok on the array. Every other option "
                + "is the sweep's (see gdbench sweep --help), checked here before anything is written. A failed task "
                + "is rerun by resubmitting its index: it continues its folder with --resume.")
final class SlurmCommand implements Callable<Integer> {
    /** How long one sbatch call may take before it is given up. */
    static final long SBATCH_TIMEOUT_SECONDS = 60;
    /** sbatch --time's forms: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
    private static final Pattern TIME = Pattern.compile("\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}");
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.,-]+");
    /** The sweep's options this command sets for every task itself. */
    private static final List<String> SET_PER_TASK = List.of(Shard.FLAG, "--resume");

    @Spec
    CommandSpec spec;

    @Option(names = "--array", paramLabel = "N", required = true,
            description = "Tasks in the array, each running one shard (1 to the plan's batches).")
    int tasks;

    @Option(names = "--partition", paramLabel = "P", description = "sbatch --partition (default: the cluster's).")
    String partition;

    @Option(names = "--gpus-per-task", paramLabel = "G", defaultValue = "0",
            description = "sbatch --gpus-per-task (default ${DEFAULT-VALUE}: no GPU requested).")
    int gpusPerTask;

    @Option(names = "--time", paramLabel = "T", description = "sbatch --time per job, e.g. 2:00:00 (default: the "
            + "partition's).")
    String time;

    @Option(names = "--submit", description = "Submit the array and the merge with sbatch (which must be on the PATH).")
    boolean submit;

    @Option(names = "--out", paramLabel = "DIR", description = "The folder of the scripts, logs, shards and merged "
            + "results, new or empty. Default: " + OutputOptions.RUNS_DIRECTORY + "/<date-time>.")
    Path out;

    @Unmatched
    List<String> sweepArguments = new ArrayList<>();

    @Override
    public Integer call() {
        requireSlurmValues();
        SweepPlan plan = sweepPlan();
        Shard.requireAtMostBatches(tasks, plan, "--array");
        SlurmScripts scripts = new SlurmScripts(folder(), tasks,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), absoluteClassPath(), sweepArguments,
                partition, gpusPerTask, time,
                "gdbench " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        try {
            scripts.write();
        } catch (IOException e) {
            throw new InvalidInputException("--out", "cannot write the scripts into " + scripts.directory() + " ("
                    + e.getMessage() + ")");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "slurm: %s runs shards 0/%d to %d/%d of %d configurations in %d batches into %s; "
                        + "%s merges them into %s%n", scripts.directory().resolve(SlurmScripts.ARRAY_SCRIPT), tasks,
                tasks - 1, tasks, plan.configurationCount(), plan.batches().size(),
                scripts.directory().resolve(SlurmScripts.SHARD_PREFIX + "<i>"), SlurmScripts.MERGE_SCRIPT,
                scripts.merged());
        stdout.println("submit: " + scripts.submitLine(""));
        stdout.println("a failed task i: " + scripts.submitLine("--array=i"));
        stdout.println("report: " + scripts.merged().resolve("report.html") + " (or: gdbench report "
                + scripts.merged() + ")");
        stdout.flush();
        if (submit) {
            submit(scripts, stdout);
        }
        return ExitCodes.OK;
    }

    private void submit(SlurmScripts scripts, PrintWriter stdout) {
        if (!onPath("sbatch")) {
            throw new InvalidInputException("--submit", "sbatch is not on the PATH; the scripts are written, submit "
                    + "them where it is: " + scripts.submitLine(""));
        }
        String array = jobId(sbatch(List.of(scripts.directory().resolve(SlurmScripts.ARRAY_SCRIPT).toString())));
        String merge = jobId(sbatch(List.of("--dependency=afterok:" + array,
                scripts.directory().resolve(SlurmScripts.MERGE_SCRIPT).toString())));
        stdout.printf(Locale.ROOT, "submitted: array job %s (%d tasks), merge job %s after it (squeue -j %s,%s)%n",
                array, tasks, merge, array, merge);
        stdout.flush();
    }

    /** sbatch --parsable prints "jobid" or "jobid;cluster". */
    private static String jobId(String parsable) {
        return parsable.strip().split(";", 2)[0];
    }

    /** Runs sbatch --parsable with these arguments, bounded by {@link #SBATCH_TIMEOUT_SECONDS}; its stdout. */
    private static String sbatch(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile("gdbench-sbatch", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(SBATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new InvalidInputException("--submit", String.join(" ", command) + " did not answer within "
                            + SBATCH_TIMEOUT_SECONDS + " s; is slurmctld up?");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0 || !text.strip().matches("\\d+(;.*)?")) {
                    throw new InvalidInputException("--submit", String.join(" ", command) + " failed: "
                            + text.strip().lines().reduce((first, second) -> first + " / " + second).orElse("no output"));
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new InvalidInputException("--submit", "cannot run sbatch (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("--submit", "interrupted while sbatch ran");
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** The sweep's options parsed and its plan expanded as sweep itself would, so bad input fails here, not in every task. */
    private SweepPlan sweepPlan() {
        for (String argument : sweepArguments) {
            for (String flag : SET_PER_TASK) {
                if (argument.equals(flag) || argument.startsWith(flag + "=")) {
                    throw new InvalidInputException(flag, "gdbench slurm sets it for every task; leave it out");
                }
            }
        }
        SweepCommand sweep = new SweepCommand();
        try {
            new CommandLine(sweep).parseArgs(sweepArguments.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException("sweep options", e.getMessage());
        }
        return sweep.plan();
    }

    private void requireSlurmValues() {
        if (tasks < 1) {
            throw new InvalidInputException("--array", tasks + " is not allowed: at least 1 task");
        }
        if (gpusPerTask < 0) {
            throw new InvalidInputException("--gpus-per-task", gpusPerTask + " is not allowed: 0 (none) or more");
        }
        if (time != null && !TIME.matcher(time).matches()) {
            throw new InvalidInputException("--time", "'" + time + "' is not an sbatch time: minutes, MM:SS, HH:MM:SS, "
                    + "D-HH, D-HH:MM or D-HH:MM:SS");
        }
        if (partition != null && !PARTITION.matcher(partition).matches()) {
            throw new InvalidInputException("--partition", "'" + partition + "' is not a partition name (letters, "
                    + "digits, _ . -; several separated by commas)");
        }
    }

    /** --out DIR (new or empty) or a new folder under the runs folder, absolute: tasks may start elsewhere. */
    private Path folder() {
        Path directory = (out != null ? OutputOptions.requestedDirectory(out) : OutputOptions.newRunDirectory())
                .toAbsolutePath().normalize();
        if (directory.toString().chars().anyMatch(c -> Character.isWhitespace(c) || c == '%')) {
            throw new InvalidInputException("--out", directory + " has a space or %: sbatch splits #SBATCH lines at "
                    + "spaces and reads % as a pattern; give another folder");
        }
        try (Stream<Path> entries = Files.isDirectory(directory) ? Files.list(directory) : Stream.empty()) {
            if (entries.findAny().isPresent()) {
                throw new InvalidInputException("--out", directory + " is not empty; give a new or empty folder");
            }
        } catch (IOException e) {
            throw new InvalidInputException("--out", "cannot read " + directory + " (" + e.getMessage() + ")");
        }
        return directory;
    }

    /** This JVM's class path with every entry absolute, so a task started in another folder finds gdbench. */
    private static String absoluteClassPath() {
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(entry -> Path.of(entry).toAbsolutePath().normalize().toString()).toList());
    }
}
