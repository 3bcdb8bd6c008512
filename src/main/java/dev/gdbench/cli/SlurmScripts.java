package dev.gdbench.cli;

import dev.gdbench.plan.Shard;
import dev.gdbench.result.PlanFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The two sbatch scripts of a sweep on a Slurm cluster: an array whose task i runs shard i/N into
 * DIR/shard-i, and a merge job into DIR/merged, submitted to run once every task succeeded.
 *
 * @param directory      the folder of the scripts, logs, shards and merged results (absolute)
 * @param tasks          N
 * @param java           the java launcher the tasks run (this one: compute nodes share the file system)
 * @param classPath      gdbench's class path (this one, absolute)
 * @param sweepArguments the sweep's options, without --shard, --out and --resume, which the script sets
 * @param partition      sbatch --partition, or null for the cluster's default
 * @param gpusPerTask    sbatch --gpus-per-task, or 0 for no GPU request
 * @param time           sbatch --time, or null for the partition's default
 * @param commandLine    the gdbench slurm command line that wrote them
 */
record SlurmScripts(Path directory, int tasks, String java, String classPath, List<String> sweepArguments,
                    String partition, int gpusPerTask, String time, String commandLine) {
    static final String ARRAY_SCRIPT = "sweep.sbatch";
    static final String MERGE_SCRIPT = "merge.sbatch";
    static final String MERGED = "merged";
    static final String LOGS = "logs";
    static final String SHARD_PREFIX = "shard-";

    SlurmScripts {
        sweepArguments = List.copyOf(sweepArguments);
    }

    Path shard(int index) {
        return directory.resolve(SHARD_PREFIX + index);
    }

    Path merged() {
        return directory.resolve(MERGED);
    }

    /**
     * The shell line that submits the array (or the given tasks of it: {@code --array=1}) and the
     * merge after it; sbatch --parsable prints "jobid[;cluster]".
     */
    String submitLine(String arrayOption) {
        return "jid=$(sbatch --parsable " + (arrayOption.isEmpty() ? "" : arrayOption + " ")
                + quote(directory.resolve(ARRAY_SCRIPT)) + ") && sbatch --dependency=afterok:${jid%%;*} "
                + quote(directory.resolve(MERGE_SCRIPT));
    }

    /** Writes both scripts (executable) and the logs folder, which sbatch needs to exist before a job starts. */
    void write() throws IOException {
        Files.createDirectories(directory.resolve(LOGS));
        write(directory.resolve(ARRAY_SCRIPT), arrayScript());
        write(directory.resolve(MERGE_SCRIPT), mergeScript());
    }

    String arrayScript() {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# Written by: " + commandLine.replaceAll("\\s", " "));
        lines.add("# Task i of this array runs shard i/" + tasks + " of the sweep into " + directory + "/" + SHARD_PREFIX
                + "i; " + MERGE_SCRIPT + " joins the shards. Submit both, the merge to run once every task succeeded:");
        lines.add("#   " + submitLine(""));
        lines.add("# A failed task i: resubmit its index (it continues its folder with --resume), and the merge again:");
        lines.add("#   " + submitLine("--array=i"));
        lines.add("#SBATCH --job-name=gdbench-sweep");
        lines.add("#SBATCH --array=0-" + (tasks - 1));
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --output=" + directory.resolve(LOGS).resolve(SHARD_PREFIX + "%a.out"));
        resources(lines);
        if (gpusPerTask > 0) {
            lines.add("#SBATCH --gpus-per-task=" + gpusPerTask);
        }
        lines.add("set -euo pipefail");
        launcher(lines);
        lines.add("task=\"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch}\"");
        lines.add("out=" + quote(directory) + "/" + SHARD_PREFIX + "\"$task\"");
        lines.add("# JCuda unpacks its natives into java.io.tmpdir: a folder of the task's own keeps tasks on one node apart.");
        lines.add("tmp=\"$(mktemp -d \"${TMPDIR:-/tmp}/gdbench-${SLURM_ARRAY_JOB_ID:-job}-$task-XXXXXX\")\"");
        lines.add("trap 'rm -rf \"$tmp\"' EXIT");
        lines.add("# Slurm sets CUDA_VISIBLE_DEVICES to the GPUs it allocated; where it did not, the task's local id picks one.");
        lines.add("if [ -z \"${CUDA_VISIBLE_DEVICES:-}\" ] && [ -n \"${SLURM_LOCALID:-}\" ]; then");
        lines.add("  export CUDA_VISIBLE_DEVICES=\"$SLURM_LOCALID\"");
        lines.add("fi");
        lines.add("# A resubmitted task continues what its folder holds.");
        lines.add("resume=");
        lines.add("if [ -e \"$out/" + PlanFile.FILE + "\" ]; then resume=--resume; fi");
        List<String> sweep = new ArrayList<>(List.of("sweep"));
        sweep.addAll(sweepArguments);
        // The merge draws the report; shards drawing their own would only cost time.
        if (!sweepArguments.contains("--no-report")) {
            sweep.add("--no-report");
        }
        lines.add(java("-Djava.io.tmpdir=\"$tmp\"") + " " + quoteAll(sweep) + " " + Shard.FLAG + " \"$task/" + tasks
                + "\" --out \"$out\" $resume");
        return String.join("\n", lines) + "\n";
    }

    String mergeScript() {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("# Written by: " + commandLine.replaceAll("\\s", " "));
        lines.add("# Joins the shards " + ARRAY_SCRIPT + " wrote into " + merged() + "; submit it to run after the array:");
        lines.add("#   sbatch --dependency=afterok:<array job id> " + quote(directory.resolve(MERGE_SCRIPT)));
        lines.add("#SBATCH --job-name=gdbench-merge");
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --output=" + directory.resolve(LOGS).resolve("merge.out"));
        resources(lines);
        lines.add("set -euo pipefail");
        launcher(lines);
        List<String> merge = new ArrayList<>(List.of("merge"));
        IntStream.range(0, tasks).mapToObj(this::shard).map(Path::toString).forEach(merge::add);
        merge.addAll(List.of("--out", merged().toString()));
        lines.add(java("") + " " + quoteAll(merge));
        return String.join("\n", lines) + "\n";
    }

    private void resources(List<String> lines) {
        if (partition != null) {
            lines.add("#SBATCH --partition=" + partition);
        }
        if (time != null) {
            lines.add("#SBATCH --time=" + time);
        }
    }

    private void launcher(List<String> lines) {
        lines.add("java=" + quote(java));
        lines.add("classpath=" + quote(classPath));
    }

    /** The gdbench command; GDBENCH_JAVA_OPTS (-Xmx...) passes through as for ./gdbench. */
    private static String java(String property) {
        return "\"$java\" ${GDBENCH_JAVA_OPTS:-} " + (property.isEmpty() ? "" : property + " ")
                + "--add-modules=jdk.incubator.vector -cp \"$classpath\" " + Main.class.getName();
    }

    private static String quoteAll(List<String> words) {
        return words.stream().map(SlurmScripts::quote).collect(Collectors.joining(" "));
    }

    /** One shell word: single quotes, each single quote inside as '\''. */
    static String quote(Object word) {
        return "'" + word.toString().replace("'", "'\\''") + "'";
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
