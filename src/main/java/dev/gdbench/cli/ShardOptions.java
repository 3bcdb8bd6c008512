package dev.gdbench.cli;

import dev.gdbench.plan.BatchPlan;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.PlanRecord;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.plan.Shard;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.result.RunMetadata;
import dev.gdbench.result.ShardRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Which slice of its plan a sweep runs: all of it, --shard i/N, or inside a Slurm array job its task's shard. */
final class ShardOptions {
    static final String TASK_ID = "SLURM_ARRAY_TASK_ID";
    static final String TASK_MIN = "SLURM_ARRAY_TASK_MIN";
    static final String TASK_COUNT = "SLURM_ARRAY_TASK_COUNT";

    /** Where a shard ran, recorded in its meta.json under "slurm" when set. */
    private static final List<String> SLURM_PLACE = List.of("SLURM_CLUSTER_NAME", "SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID",
            TASK_ID, "SLURMD_NODENAME", "CUDA_VISIBLE_DEVICES");

    @Option(names = Shard.FLAG, paramLabel = "i/N",
            description = "Run shard i of N (i from 0): a deterministic slice of the plan's batches, balanced by "
                    + "estimated cost, into a folder of its own that records the shard and the whole plan; "
                    + "`gdbench merge` joins the N folders. Inside a Slurm array job, without this flag: the task's "
                    + "shard, " + TASK_ID + " - " + TASK_MIN + " of " + TASK_COUNT + ".")
    String shard;

    /** A sweep's part of its plan: the whole of it, or one shard's slice. */
    record Share(SweepPlan whole, Optional<Shard.Slice> slice, Map<String, String> slurm) {
        /** The batches to run. */
        SweepPlan plan() {
            return slice.map(Shard.Slice::plan).orElse(whole);
        }

        /** The plan the folder records: a shard's says which shard, so only that shard resumes it. */
        PlanRecord record(PlanRecord wholeRecord) {
            return slice.map(s -> s.shard().record(wholeRecord)).orElse(wholeRecord);
        }

        /** meta.json's account of the shard (its batches within the whole plan) and of where Slurm ran it. */
        RunMetadata addTo(RunMetadata meta) {
            slice.ifPresent(s -> {
                List<ShardRecord.BatchIds> batches = s.batchIndices().stream().map(b -> {
                    BatchPlan batch = whole.batches().get(b);
                    return new ShardRecord.BatchIds(b, batch.configurations().get(0).id(), batch.configurations().size());
                }).toList();
                meta.put(ShardRecord.KEY, new ShardRecord(s.shard().label(), batches, whole.batches().size(),
                        whole.configurationCount(), s.costShare()).toJson());
            });
            if (!slurm.isEmpty()) {
                meta.put("slurm", slurm);
            }
            return meta;
        }
    }

    /** This sweep's share of {@code whole}, taken from --shard, else from the Slurm variables (said in one line). */
    Share share(SweepPlan whole, RunSettings run, Map<String, String> environment, Consumer<String> note) {
        Optional<Shard> chosen = shard != null ? Optional.of(Shard.parse(shard)) : fromSlurmArray(environment);
        Optional<Shard.Slice> slice = chosen.map(s -> s.slice(whole, run));
        slice.ifPresent(s -> note.accept(String.format(Locale.ROOT, "shard %s%s: %d of %d batches, %.0f%% of the "
                        + "estimated work", s.shard().label(), shard != null ? "" : " (from the Slurm array: "
                        + TASK_ID + "=" + environment.get(TASK_ID) + ", " + TASK_MIN + "="
                        + environment.getOrDefault(TASK_MIN, "0") + ", " + TASK_COUNT + "=" + environment.get(TASK_COUNT)
                        + ")", s.batchIndices().size(), whole.batches().size(), 100 * s.costShare())));
        Map<String, String> slurm = new LinkedHashMap<>();
        SLURM_PLACE.stream().filter(environment::containsKey).forEach(name -> slurm.put(name, environment.get(name)));
        return new Share(whole, slice, environment.containsKey("SLURM_JOB_ID") ? slurm : Map.of());
    }

    /**
     * The shard of a Slurm array task: task ids run from SLURM_ARRAY_TASK_MIN (0 when unset) over
     * SLURM_ARRAY_TASK_COUNT tasks. Empty outside an array job.
     */
    static Optional<Shard> fromSlurmArray(Map<String, String> environment) {
        String id = environment.get(TASK_ID);
        String count = environment.get(TASK_COUNT);
        if (id == null || count == null) {
            return Optional.empty();
        }
        int first = number(environment.getOrDefault(TASK_MIN, "0"), TASK_MIN);
        int tasks = number(count, TASK_COUNT);
        int index = number(id, TASK_ID) - first;
        if (index < 0 || index >= tasks) {
            // A sparse or stepped array (--array=1,5 or 0-8:2) numbers its tasks beyond MIN + COUNT.
            throw new InvalidInputException(TASK_ID, id + " is not within " + TASK_MIN + " = " + first + " and "
                    + TASK_COUNT + " = " + tasks + " (a stepped or sparse array?); give --shard i/N");
        }
        return Optional.of(new Shard(index, tasks));
    }

    private static int number(String value, String variable) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(variable, "'" + value + "' is not a whole number; give --shard i/N");
        }
    }
}
