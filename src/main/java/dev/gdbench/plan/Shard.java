package dev.gdbench.plan;

import dev.gdbench.cost.WorkCount;
import dev.gdbench.problem.ProblemSpec;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Shard i of N: one deterministic slice of a sweep's batches, so N processes (a Slurm array's
 * tasks) run a sweep between them and {@code gdbench merge} joins their folders. The slices are
 * balanced by estimated cost, not by count: one batch at n = 1024 costs what 256 at n = 64 do.
 *
 * @param index i, from 0
 * @param count N
 */
public record Shard(int index, int count) {
    public static final String FLAG = "--shard";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new InvalidInputException(FLAG, "'" + index + "/" + count + "' is not allowed: i/N with N >= 1 and "
                    + "0 <= i < N");
        }
    }

    /** {@code i/N}, as the command line and plan.json write it. */
    public static Shard parse(String text) {
        Matcher matcher = SYNTAX.matcher(text.strip());
        if (!matcher.matches()) {
            throw new InvalidInputException(FLAG, "'" + text + "' is not i/N (for example 0/3: the first of 3 shards)");
        }
        return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    public String label() {
        return index + "/" + count;
    }

    /** The whole plan's record with this shard added: a shard's folder is resumed only as the same shard. */
    public PlanRecord record(PlanRecord whole) {
        return whole.with(FLAG, label());
    }

    /**
     * What this shard runs of a plan.
     *
     * @param plan         the shard's batches, in plan order (configuration ids stay those of the whole plan)
     * @param batchIndices their positions in the whole plan's batches, ascending
     * @param costShare    the fraction of the whole plan's estimated cost they carry
     */
    public record Slice(Shard shard, SweepPlan plan, List<Integer> batchIndices, double costShare) {
    }

    /**
     * This shard's batches of the whole plan. Batches are dealt largest estimated cost first, each
     * to the shard with the least cost so far (the lowest index on ties): deterministic, and within
     * the largest batch's cost of the best balance.
     */
    public Slice slice(SweepPlan whole, RunSettings run) {
        requireAtMostBatches(count, whole, FLAG);
        double[] costs = whole.batches().stream().mapToDouble(batch -> estimatedCost(batch, run)).toArray();
        int[] owners = assign(costs, count);
        List<Integer> mine = IntStream.range(0, owners.length).filter(b -> owners[b] == index).boxed().toList();
        double share = mine.stream().mapToDouble(b -> costs[b]).sum() / Arrays.stream(costs).sum();
        return new Slice(this, SweepPlan.of(mine.stream().map(whole.batches()::get).toList()), mine, share);
    }

    /** Every shard must get a batch: more shards than batches would leave some with nothing to run. */
    public static void requireAtMostBatches(int shards, SweepPlan plan, String flag) {
        if (shards > plan.batches().size()) {
            throw new InvalidInputException(flag, shards + " shards but the plan has " + plan.batches().size()
                    + " batches (one per problem instance); give at most " + plan.batches().size());
        }
    }

    /** Each batch's owner among {@code shards} shards (longest processing time first). */
    static int[] assign(double[] costs, int shards) {
        double[] load = new double[shards];
        int[] owners = new int[costs.length];
        List<Integer> order = IntStream.range(0, costs.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(b -> -costs[b]).thenComparing(b -> b)).toList();
        for (int batch : order) {
            int lightest = 0;
            for (int s = 1; s < shards; s++) {
                if (load[s] < load[lightest]) {
                    lightest = s;
                }
            }
            owners[batch] = lightest;
            load[lightest] += costs[batch];
        }
        return owners;
    }

    /**
     * The cost model's floating-point operations for one iteration of the batch (the gradient of
     * all its columns and every column's update) times the iteration limit. Where the model does not
     * count a problem's gradient (rosenbrock, beale), the updates alone still rank instances by n.
     */
    static double estimatedCost(BatchPlan batch, RunSettings run) {
        ProblemSpec problem = batch.problem();
        int n = problem.eigenvalues() != null ? problem.eigenvalues().length : problem.dimension();
        int rows = problem.kind().hasRows() ? problem.effectiveRows() : 0;
        int sampleRows = run.batchSize() > 0 && run.batchSize() < rows ? run.batchSize() : 0;
        int columns = batch.configurations().size();
        double gradient = WorkCount.gradient(problem.kind(), n, rows, columns, run.precision(), sampleRows).flops();
        double updates = 0;
        for (ConfigurationSpec configuration : batch.configurations()) {
            updates += updateFlops(configuration, n, run);
        }
        return ((Double.isNaN(gradient) ? 0 : gradient) + updates) * run.maxIterations();
    }

    /**
     * One update's work depends on the rule and its transforms, not on the values: those not known
     * before the instance is built (relative to L, theory's optimum) stand in as 1.
     */
    private static double updateFlops(ConfigurationSpec configuration, int n, RunSettings run) {
        Map<String, Double> values = new LinkedHashMap<>();
        configuration.values().forEach((name, value) ->
                values.put(name, value instanceof ParamValue.Absolute absolute ? absolute.value() : 1.0));
        return WorkCount.update(configuration.transforms().wrap(configuration.optimizer().create(values)), n,
                run.precision()).flops();
    }
}
