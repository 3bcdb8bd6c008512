package dev.gdbench.map;

import dev.gdbench.plan.RunSettings;
import dev.gdbench.result.ResultColumns;
import dev.gdbench.result.Status;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/** Runs a map row by row on the map engine and puts theory's overlay beside what it measured. */
public final class MapRunner {
    public static final String MAPS_DIRECTORY = "maps";
    public static final String BEST_FILE = "best.csv";
    /** Best points listed per map in best.csv and the summary. */
    static final int BEST_POINTS = 5;

    private MapRunner() {}

    public static StabilityMap run(LaneRule rule, String instance, MapAxis x, MapAxis y, List<MapRow> rows,
                                   RunSettings settings, int threads, IntConsumer pointsDone) {
        try (MapEngine cpu = MapEngine.cpu(threads)) {
            return run(cpu, rule, instance, x, y, rows, settings, pointsDone);
        }
    }

    /** The map on {@code engine}: the CPU's, or the GPU's. */
    public static StabilityMap run(MapEngine engine, LaneRule rule, String instance, MapAxis x, MapAxis y,
                                   List<MapRow> rows, RunSettings settings, IntConsumer pointsDone) {
        int points = x.size() * y.size();
        MapResult map = MapResult.allocate(points, settings.tolerances().size());
        for (MapRow row : rows) {
            MapResult part = engine.run(row.problem(), settings, rule, row.values(), pointsDone);
            int at = row.firstPoint();
            int count = part.points();
            System.arraycopy(part.status(), 0, map.status(), at, count);
            System.arraycopy(part.iterations(), 0, map.iterations(), at, count);
            for (int t = 0; t < part.toTolerance().length; t++) {
                System.arraycopy(part.toTolerance()[t], 0, map.toTolerance()[t], at, count);
            }
            System.arraycopy(part.suboptimality(), 0, map.suboptimality(), at, count);
            System.arraycopy(part.rateMeasured(), 0, map.rateMeasured(), at, count);
            System.arraycopy(part.ratePredicted(), 0, map.ratePredicted(), at, count);
        }
        var problem = rows.get(0).problem();
        return new StabilityMap(rule.descriptor().name(), instance, x, y, settings.tolerances(),
                settings.maxIterations(), map, stabilityLimit(rule, x, y, rows), optimum(rule, x, y, rows),
                MapTheory.scope(problem, MapTheory.spectrum(problem)));
    }

    /** Per value of the axis that is not the step size: the step size's stability limit; empty without an lr axis. */
    private static double[] stabilityLimit(LaneRule rule, MapAxis x, MapAxis y, List<MapRow> rows) {
        boolean stepOnX = MapTheory.isStep(x);
        if (!rule.linear() || !stepOnX && !MapTheory.isStep(y)) {
            return new double[0];
        }
        MapAxis step = stepOnX ? x : y;
        MapAxis other = stepOnX ? y : x;
        double[] limit = new double[other.size()];
        double[] spectrum = rows.size() == 1 ? MapTheory.spectrum(rows.get(0).problem()) : null; // H*'s takes an eigensolve
        for (int k = 0; k < other.size(); k++) {
            MapRow row = rows.size() == 1 ? rows.get(0) : rows.get(k);
            double[] rowSpectrum = spectrum != null ? spectrum : MapTheory.spectrum(row.problem());
            Map<String, Double> fixed = new java.util.HashMap<>(row.fixed());
            if (other.parameter().hyperParameter() != null) {
                fixed.put(other.parameter().hyperParameter(), other.values()[k]);
            }
            limit[k] = MapTheory.stabilityLimit(rule.descriptor(), step.parameter(), fixed, rowSpectrum,
                    rowSpectrum[rowSpectrum.length - 1]);
        }
        return limit;
    }

    private static double[] optimum(LaneRule rule, MapAxis x, MapAxis y, List<MapRow> rows) {
        if (rows.size() != 1) {
            return new double[0];
        }
        double[] spectrum = MapTheory.spectrum(rows.get(0).problem());
        return MapTheory.optimum(rule.descriptor(), x, y, spectrum[0], spectrum[spectrum.length - 1]);
    }

    /** The points with the fewest iterations to the loosest tolerance, best first; ties go to the lower index. */
    static List<Integer> best(StabilityMap map) {
        int[] toLoosest = map.result().toTolerance()[map.loosestTolerance()];
        // one pass keeping the few best, not a sort of a million boxed indices (a quarter second of the map's end)
        Comparator<Integer> better = Comparator.comparingInt((Integer p) -> toLoosest[p]).thenComparingInt(p -> p);
        PriorityQueue<Integer> kept = new PriorityQueue<>(BEST_POINTS + 1, better.reversed()); // the worst kept first
        for (int p = 0; p < toLoosest.length; p++) {
            if (toLoosest[p] >= 0 && (kept.size() < BEST_POINTS || toLoosest[p] < toLoosest[kept.peek()])) {
                kept.add(p);
                if (kept.size() > BEST_POINTS) {
                    kept.poll();
                }
            }
        }
        return kept.stream().sorted(better).toList();
    }

    /** best.csv: the best points of every map, one row each, with results.csv's column names where they exist. */
    public static String bestCsv(List<StabilityMap> maps) {
        StringBuilder csv = new StringBuilder();
        List<Double> tolerances = maps.isEmpty() ? List.of() : maps.get(0).tolerances();
        csv.append("optimizer,instance,x_axis,x,y_axis,y,status,iterations");
        tolerances.forEach(t -> csv.append(',').append(ResultColumns.toleranceColumn(t)));
        csv.append(",final_suboptimality,rate_measured,rate_predicted\n");
        for (StabilityMap map : maps) {
            MapResult r = map.result();
            for (int p : best(map)) {
                int ix = p % map.x().size();
                int iy = p / map.x().size();
                csv.append(String.join(",", map.optimizer(), '"' + map.instance() + '"', map.x().parameter().cliName(),
                        Double.toString(map.x().values()[ix]), map.y().parameter().cliName(),
                        Double.toString(map.y().values()[iy]), r.statusAt(p).label(), Integer.toString(r.iterations()[p])));
                for (int t = 0; t < tolerances.size(); t++) {
                    csv.append(',').append(r.toTolerance()[t][p]);
                }
                csv.append(',').append(r.suboptimality()[p]).append(',').append(r.rateMeasured()[p]).append(',')
                        .append(r.ratePredicted()[p]).append('\n');
            }
        }
        return csv.toString();
    }

    /** Per map: its best point and how many points converged, diverged or ran to --max-iters. */
    public static String summary(List<StabilityMap> maps) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-10s %-32s %-22s %-22s %8s %10s %10s  %s%n",
                "optimizer", "instance", "best x", "best y", "iters", "rate meas", "rate pred", "conv/div/max"));
        for (StabilityMap map : maps) {
            MapResult r = map.result();
            int[] counts = new int[Status.values().length];
            for (byte status : r.status()) {
                counts[status]++;
            }
            List<Integer> best = best(map);
            String tally = counts[0] + "/" + counts[1] + "/" + counts[2];
            if (best.isEmpty()) {
                text.append(String.format(Locale.ROOT, "%-10s %-32s %-22s %-22s %8s %10s %10s  %s%n", map.optimizer(),
                        map.instance(), "-", "-", "-", "-", "-", tally));
                continue;
            }
            int p = best.get(0);
            int ix = p % map.x().size();
            int iy = p / map.x().size();
            text.append(String.format(Locale.ROOT, "%-10s %-32s %-22s %-22s %8d %10.6f %10.6f  %s%n", map.optimizer(),
                    map.instance(), String.format(Locale.ROOT, "%s=%.5g", map.x().parameter().cliName(), map.x().values()[ix]),
                    String.format(Locale.ROOT, "%s=%.5g", map.y().parameter().cliName(), map.y().values()[iy]),
                    r.toTolerance()[map.loosestTolerance()][p], r.rateMeasured()[p], r.ratePredicted()[p], tally));
        }
        return text.toString();
    }
}
