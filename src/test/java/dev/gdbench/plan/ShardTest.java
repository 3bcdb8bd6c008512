package dev.gdbench.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static final RunSettings RUN = new RunSettings(Precision.FP64, 100, 10, List.of(1e-6), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    /** One gd configuration (lr 0.1) per instance: dims x seeds, seed outermost. */
    private static SweepPlan plan(List<Integer> dims, List<Long> seeds) {
        return SweepPlan.expand(new SweepSpec(ProblemKind.QUADRATIC, dims, List.of(10.0), Spectrum.LOGUNIFORM, false,
                null, false, null, null, 0, 0, seeds, List.of(Optimizers.find("gd").orElseThrow()),
                Map.of("lr", List.of(new ParamValue.Absolute(0.1))), Transforms.NONE));
    }

    @Test
    void batchesAreDealtByCostNotByCount() {
        // One batch as costly as the eight others together: it is a shard alone.
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 1, 1},
                Shard.assign(new double[] {8, 1, 1, 1, 1, 1, 1, 1, 1}, 2));
        // Largest first, each to the lightest shard, the lowest index on ties: 9 | 5+4 | then 1s to 10, 10, 11.
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 1}, Shard.assign(new double[] {9, 1, 1, 1, 5, 4}, 2));
    }

    @Test
    void estimatedCostIsTheCostModelsIterationWorkTimesTheIterationLimit() {
        // n = 8, one gd column: gradient 2 n^2 + n = 136 FLOPs, update 2 n = 16; x 100 iterations.
        BatchPlan batch = plan(List.of(8), List.of(1L)).batches().get(0);
        assertEquals(15200, Shard.estimatedCost(batch, RUN));
    }

    @Test
    void slicesOfARealPlanBalanceItsCostAndCoverEveryBatchOnce() {
        // Batches in plan order: n = 8, 64 for seed 1, then seed 2, then seed 3. The three n = 64 ones cost
        // ~60x an n = 8 one: two go to shard 0, the third and every n = 8 batch to shard 1.
        SweepPlan whole = plan(List.of(8, 64), List.of(1L, 2L, 3L));
        Shard.Slice first = new Shard(0, 2).slice(whole, RUN);
        Shard.Slice second = new Shard(1, 2).slice(whole, RUN);
        assertEquals(List.of(1, 5), first.batchIndices());
        assertEquals(List.of(0, 2, 3, 4), second.batchIndices());
        assertEquals(List.of(whole.batches().get(1), whole.batches().get(5)), first.plan().batches());
        double n64 = (2 * 64 * 64 + 64 + 2 * 64) * 100;
        double n8 = 15200;
        assertEquals(2 * n64 / (3 * n64 + 3 * n8), first.costShare(), 1e-12);
        assertEquals(1, first.costShare() + second.costShare(), 1e-12);
        List<Integer> configurations = new ArrayList<>();
        for (Shard.Slice slice : List.of(first, second)) {
            slice.plan().batches().forEach(b -> b.configurations().forEach(c -> configurations.add(c.id())));
        }
        assertEquals(List.of(1, 5, 0, 2, 3, 4), configurations, "configuration ids stay those of the whole plan");
    }

    @Test
    void moreShardsThanBatchesIsBadInputNamingTheFlag() {
        var error = assertThrows(InvalidInputException.class,
                () -> new Shard(0, 3).slice(plan(List.of(8, 16), List.of(1L)), RUN));
        assertEquals("--shard: 3 shards but the plan has 2 batches (one per problem instance); give at most 2",
                error.getMessage());
    }

    @Test
    void parsesIOfNAndRefusesAnythingElse() {
        assertEquals(new Shard(2, 3), Shard.parse("2/3"));
        assertEquals("2/3", Shard.parse(" 2/3").label());
        assertEquals("--shard: '3/3' is not allowed: i/N with N >= 1 and 0 <= i < N",
                assertThrows(InvalidInputException.class, () -> Shard.parse("3/3")).getMessage());
        assertEquals("--shard: 'one/3' is not i/N (for example 0/3: the first of 3 shards)",
                assertThrows(InvalidInputException.class, () -> Shard.parse("one/3")).getMessage());
    }

    @Test
    void aShardsRecordIsTheWholePlansWithTheShardAfterIt() {
        SweepPlan whole = plan(List.of(8, 16), List.of(1L));
        PlanRecord record = new Shard(1, 2).record(PlanRecord.of(whole, RUN));
        List<String> names = new ArrayList<>(record.settings().keySet());
        assertEquals("--shard", names.get(names.size() - 1));
        assertEquals("1/2", record.settings().get("--shard"));
        assertEquals(PlanRecord.of(whole, RUN), record.without("--shard"));
        assertEquals("--shard is 0/2 there but 1/2 here",
                record.firstDifference(new Shard(0, 2).record(PlanRecord.of(whole, RUN))).orElseThrow());
    }
}
