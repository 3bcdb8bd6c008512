package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inside a Slurm array job, a sweep without --shard runs its task's shard. */
class ShardOptionsTest {
    @TempDir
    Path temp;

    private static Map<String, String> array(String id, String min, String count) {
        Map<String, String> environment = new HashMap<>();
        environment.put(ShardOptions.TASK_ID, id);
        environment.put(ShardOptions.TASK_COUNT, count);
        if (min != null) {
            environment.put(ShardOptions.TASK_MIN, min);
        }
        return environment;
    }

    @Test
    void theArrayVariablesPickTheShardCountedFromTheFirstTask() {
        assertEquals(Optional.of(new Shard(1, 3)), ShardOptions.fromSlurmArray(array("5", "4", "3")));
        assertEquals(Optional.of(new Shard(2, 3)), ShardOptions.fromSlurmArray(array("2", null, "3")));
        assertEquals(Optional.empty(), ShardOptions.fromSlurmArray(Map.of("SLURM_JOB_ID", "12")));
    }

    @Test
    void aTaskBeyondMinPlusCountIsBadInputNamingTheVariable() {
        var error = assertThrows(InvalidInputException.class, () -> ShardOptions.fromSlurmArray(array("8", "0", "3")));
        assertEquals("SLURM_ARRAY_TASK_ID: 8 is not within SLURM_ARRAY_TASK_MIN = 0 and SLURM_ARRAY_TASK_COUNT = 3 "
                + "(a stepped or sparse array?); give --shard i/N", error.getMessage());
        assertEquals("SLURM_ARRAY_TASK_COUNT: 'x' is not a whole number; give --shard i/N",
                assertThrows(InvalidInputException.class, () -> ShardOptions.fromSlurmArray(array("1", "0", "x")))
                        .getMessage());
    }

    @Test
    void aSweepInsideAnArrayTaskRunsItsShardAndSaysSoInOneLine() throws Exception {
        Path out = temp.resolve("task");
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(ShardedRuns.SWEEP_OPTIONS.stream().filter(option -> !option.equals("--quiet")).toList());
        args.addAll(List.of("--out", out.toString()));
        Map<String, String> environment = array("11", "10", "3");
        environment.put("SLURM_JOB_ID", "41");
        environment.put("SLURMD_NODENAME", "node7");
        environment.put("SLURM_CLUSTER_NAME", null);
        environment.put("CUDA_VISIBLE_DEVICES", null);
        var outcome = ChildProcess.run(ChildProcess.gdbench(args.toArray(new String[0])), environment, 120);
        assertEquals(0, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("shard 1/3 (from the Slurm array: SLURM_ARRAY_TASK_ID=11, "
                + "SLURM_ARRAY_TASK_MIN=10, SLURM_ARRAY_TASK_COUNT=3): 2 of 6 batches, 33% of the estimated work\n"),
                outcome.output());
        ObjectMapper json = new ObjectMapper();
        assertEquals("1/3", ((Map<?, ?>) json.readValue(out.resolve("plan.json").toFile(), Map.class).get("settings"))
                .get("--shard"));
        Map<?, ?> meta = json.readValue(out.resolve("meta.json").toFile(), Map.class);
        assertEquals(Map.of("SLURM_JOB_ID", "41", "SLURM_ARRAY_TASK_ID", "11", "SLURMD_NODENAME", "node7"),
                meta.get("slurm"));
        assertEquals(8, meta.get("configurations"));
    }
}
