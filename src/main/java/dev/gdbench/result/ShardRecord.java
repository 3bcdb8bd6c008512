package dev.gdbench.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a shard's meta.json says of it: which of the whole plan's batches it holds and how large
 * that plan is, so {@code gdbench merge} can check that a set of shards covers every batch once
 * and say what a partial set lacks, without the command line that made them.
 *
 * @param shard              i/N
 * @param batches            the shard's batches, in plan order
 * @param planBatches        batches of the whole plan
 * @param planConfigurations configurations of the whole plan
 * @param costShare          the fraction of the whole plan's estimated cost in this shard
 */
public record ShardRecord(String shard, List<BatchIds> batches,
                          @JsonProperty("plan_batches") int planBatches,
                          @JsonProperty("plan_configurations") int planConfigurations,
                          @JsonProperty("estimated_cost_share") double costShare) {
    /** meta.json's key for it. */
    public static final String KEY = "shard";

    /**
     * One batch: its position in the whole plan and its configuration ids, which are consecutive.
     *
     * @param index          position in the whole plan's batches
     * @param firstConfigId  its first configuration id
     * @param configurations how many it has
     */
    public record BatchIds(int index, @JsonProperty("first_config_id") int firstConfigId, int configurations) {
        public boolean contains(int configId) {
            return configId >= firstConfigId && configId < firstConfigId + configurations;
        }
    }

    public ShardRecord {
        batches = List.copyOf(batches);
    }

    /** As meta.json holds it (a tree of maps and lists). */
    public Object toJson() {
        return new ObjectMapper().convertValue(this, Map.class);
    }

    /**
     * The record in a meta.json read as a tree; empty when there is none (a whole sweep's folder).
     *
     * @throws IllegalArgumentException when the entry is there but not a shard record
     */
    public static Optional<ShardRecord> of(Map<String, Object> meta) {
        Object entry = meta.get(KEY);
        if (entry == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMapper().convertValue(entry, ShardRecord.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its " + RunMetadata.FILE + " has a '" + KEY + "' entry that does not "
                    + "list the shard's batches (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
