package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gdbench slurm writes an array script and a merge script that together make the unsharded sweep. */
class SlurmCommandTest {
    @TempDir
    Path temp;

    private static String[] slurm(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("slurm", "--out", out.toString()));
        args.addAll(List.of(extra));
        args.addAll(ShardedRuns.SWEEP_OPTIONS);
        return args.toArray(new String[0]);
    }

    @Test
    void theArrayScriptRunsShardIOfNPerTaskWithItsOwnTmpdirAndGpuAndTheMergeScriptJoinsThem() throws Exception {
        Path run = temp.resolve("run");
        var outcome = CliRunner.run(slurm(run, "--array", "3", "--partition", "gpu", "--gpus-per-task", "1", "--time",
                "1:00:00"));
        assertEquals(0, outcome.exitCode(), outcome.err());
        String sweep = Files.readString(run.resolve("sweep.sbatch"));
        for (String line : List.of("#SBATCH --array=0-2", "#SBATCH --ntasks=1", "#SBATCH --partition=gpu",
                "#SBATCH --time=1:00:00", "#SBATCH --gpus-per-task=1", "#SBATCH --output=" + run + "/logs/shard-%a.out",
                "tmp=\"$(mktemp -d \"${TMPDIR:-/tmp}/gdbench-${SLURM_ARRAY_JOB_ID:-job}-$task-XXXXXX\")\"",
                "if [ -z \"${CUDA_VISIBLE_DEVICES:-}\" ] && [ -n \"${SLURM_LOCALID:-}\" ]; then",
                "  export CUDA_VISIBLE_DEVICES=\"$SLURM_LOCALID\"",
                "if [ -e \"$out/plan.json\" ]; then resume=--resume; fi",
                "\"$java\" ${GDBENCH_JAVA_OPTS:-} -Djava.io.tmpdir=\"$tmp\" --add-modules=jdk.incubator.vector -cp "
                        + "\"$classpath\" dev.gdbench.cli.Main 'sweep' '--dims' '8,16' '--kappas' '10,100,1000' "
                        + "'--optimizers' 'gd,heavyball' '--lr-scale' '0.5,1' '--max-iters' '2000' '--backend' 'cpu' "
                        + "'--no-report' '--quiet' --shard \"$task/3\" --out \"$out\" $resume")) {
            assertTrue(sweep.lines().anyMatch(line::equals), line + " not in\n" + sweep);
        }
        String merge = Files.readString(run.resolve("merge.sbatch"));
        assertTrue(merge.lines().anyMatch(("\"$java\" ${GDBENCH_JAVA_OPTS:-} --add-modules=jdk.incubator.vector -cp "
                + "\"$classpath\" dev.gdbench.cli.Main 'merge' '" + run + "/shard-0' '" + run + "/shard-1' '" + run
                + "/shard-2' '--out' '" + run + "/merged'")::equals), merge);
        assertTrue(merge.contains("#SBATCH --partition=gpu\n") && !merge.contains("#SBATCH --gpus-per-task"), merge);
        assertTrue(Files.isDirectory(run.resolve("logs")), "sbatch does not create the folder of --output");
        assertEquals("submit: jid=$(sbatch --parsable '" + run + "/sweep.sbatch') && sbatch "
                + "--dependency=afterok:${jid%%;*} '" + run + "/merge.sbatch'", outcome.out().lines().toList().get(1));
        assertEquals("a failed task i: jid=$(sbatch --parsable --array=i '" + run + "/sweep.sbatch') && sbatch "
                + "--dependency=afterok:${jid%%;*} '" + run + "/merge.sbatch'", outcome.out().lines().toList().get(2));
    }

    /** The scripts run by bash as Slurm would run them (its variables set), without Slurm. */
    @Test
    void theScriptsRunAsSlurmRunsThemMakeTheUnshardedSweepAndARerunTaskResumes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash to run the scripts with");
        Path run = temp.resolve("run");
        // In a JVM of its own, so the scripts get a class path that a process outside this test can use.
        var written = ChildProcess.run(ChildProcess.gdbench(slurm(run, "--array", "3")), Map.of(), 120);
        assertEquals(0, written.exitCode(), written.output());
        for (int task : new int[] {0, 1, 2, 1}) {
            Map<String, String> environment = new HashMap<>(Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task),
                    "SLURM_ARRAY_JOB_ID", "77", "SLURM_JOB_ID", Integer.toString(77 + task), "SLURM_LOCALID", "0"));
            environment.put("CUDA_VISIBLE_DEVICES", null);
            var outcome = ChildProcess.run(List.of("/bin/bash", run.resolve("sweep.sbatch").toString()), environment,
                    180);
            assertEquals(0, outcome.exitCode(), outcome.output());
        }
        var merged = ChildProcess.run(List.of("/bin/bash", run.resolve("merge.sbatch").toString()), Map.of(), 180);
        assertEquals(0, merged.exitCode(), merged.output());
        Path whole = temp.resolve("whole");
        assertEquals(0, ShardedRuns.sweep(whole).exitCode());
        ShardedRuns.assertSameAsUnsharded(whole, run.resolve("merged"));
        assertTrue(Files.exists(run.resolve("merged").resolve("report.html")));
        String meta = Files.readString(run.resolve("shard-1").resolve("meta.json"));
        assertTrue(meta.contains("\"CUDA_VISIBLE_DEVICES\" : \"0\""), "SLURM_LOCALID picks the GPU:\n" + meta);
        assertTrue(meta.contains("\"resumed_batches_kept\" : 2"), "the rerun task resumed its folder:\n" + meta);
    }

    @Test
    void badInputIsOneLineAndWritesNothing() {
        Path run = temp.resolve("run");
        Map<List<String>, String> cases = Map.of(
                List.of("--array", "0"), "slurm: --array: 0 is not allowed: at least 1 task",
                List.of("--array", "7"), "slurm: --array: 7 shards but the plan has 6 batches (one per problem "
                        + "instance); give at most 6",
                List.of("--array", "3", "--shard", "1/3"), "slurm: --shard: gdbench slurm sets it for every task; "
                        + "leave it out",
                List.of("--array", "3", "--kappas", "0.5"), "slurm: --kappas: 0.5 is not allowed: kappa must be in "
                        + "[1, 1e15]",
                List.of("--array", "3", "--bogus"), "slurm: sweep options: Unknown option: '--bogus'",
                List.of("--array", "3", "--time", "soon"), "slurm: --time: 'soon' is not an sbatch time: minutes, "
                        + "MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS");
        cases.forEach((extra, message) -> {
            // The sweep's --kappas comes after the case's, so the case's own value must win: put it last.
            List<String> args = new ArrayList<>(List.of("slurm", "--out", run.toString()));
            args.addAll(ShardedRuns.SWEEP_OPTIONS.stream().filter(o -> !extra.contains("--kappas")
                    || !(o.equals("--kappas") || o.equals("10,100,1000"))).toList());
            args.addAll(extra);
            var outcome = CliRunner.run(args.toArray(new String[0]));
            assertEquals(2, outcome.exitCode(), extra + ": " + outcome.err());
            assertEquals(message + "\n", outcome.err(), extra.toString());
            assertFalse(Files.exists(run), extra + " wrote " + run);
        });
    }

    @Test
    void aFolderThatHoldsSomethingIsRefused() throws Exception {
        Path run = Files.createDirectories(temp.resolve("run"));
        Files.writeString(run.resolve("notes.txt"), "mine");
        var outcome = CliRunner.run(slurm(run, "--array", "3"));
        assertEquals(2, outcome.exitCode());
        assertEquals("slurm: --out: " + run + " is not empty; give a new or empty folder\n", outcome.err());
    }

    @Test
    void submitWithoutSbatchOnThePathSaysHowToSubmitAndKeepsTheScripts() throws Exception {
        Path run = temp.resolve("run");
        var outcome = ChildProcess.run(ChildProcess.gdbench(slurm(run, "--array", "3", "--submit")),
                Map.of("PATH", temp.resolve("no-such-folder").toString()), 120);
        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("slurm: --submit: sbatch is not on the PATH; the scripts are written, "
                + "submit them where it is: jid=$(sbatch --parsable '" + run + "/sweep.sbatch')"), outcome.output());
        assertTrue(Files.exists(run.resolve("sweep.sbatch")));
    }
}
