package dev.gdbench.report;

import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal summary of a sweep: per optimizer and instance size (n, kappa), the best
 * configuration (fewest iterations among converged ones, else lowest final suboptimality) with
 * its measured and predicted rate, and how many configurations converged, diverged or ran out.
 */
public final class SummaryTable {
    private SummaryTable() {}

    record Group(String optimizer, int n, double kappa) {
    }

    public static String render(List<RunResult> results) {
        Map<Group, List<RunResult>> groups = new LinkedHashMap<>();
        results.stream()
                .sorted(Comparator.comparing(RunResult::optimizer)
                        .thenComparingInt(r -> dimension(r))
                        .thenComparingDouble(r -> r.problem().effectiveKappa()))
                .forEach(r -> groups.computeIfAbsent(new Group(r.optimizer(), dimension(r), r.problem().effectiveKappa()),
                        g -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-10s %6s %8s  %9s %9s %8s %9s  %-9s %10s %10s  %s%n",
                "optimizer", "n", "kappa", "best lr", "lr*L", "momentum", "iters", "status", "rate meas", "rate pred",
                "conv/div/max");
        out.append(header);
        out.append("-".repeat(header.length() - 1)).append('\n');
        for (var entry : groups.entrySet()) {
            List<RunResult> members = entry.getValue();
            RunResult best = members.stream().min(SummaryTable::better).orElseThrow();
            long converged = members.stream().filter(r -> r.status() == Status.CONVERGED).count();
            long diverged = members.stream().filter(r -> r.status() == Status.DIVERGED).count();
            long maxIters = members.size() - converged - diverged;
            Double lr = best.hyperParameters().get("lr");
            Double momentum = best.hyperParameters().get("momentum");
            out.append(String.format(Locale.ROOT, "%-10s %6d %8s  %9s %9s %8s %9d  %-9s %10s %10s  %d/%d/%d%n",
                    entry.getKey().optimizer(), entry.getKey().n(), compact(entry.getKey().kappa()),
                    lr == null ? "-" : compact(lr), lr == null ? "-" : compact(lr * best.smoothness()),
                    momentum == null ? "-" : compact(momentum), best.iterations(), best.status().label(),
                    rate(best.rateMeasured()), rate(best.ratePredicted()), converged, diverged, maxIters));
        }
        return out.toString();
    }

    private static int dimension(RunResult r) {
        return r.problem().eigenvalues() != null ? r.problem().eigenvalues().length : r.problem().dimension();
    }

    /** Converged before not converged; then fewer iterations; then lower final suboptimality. */
    private static int better(RunResult a, RunResult b) {
        boolean aConverged = a.status() == Status.CONVERGED;
        boolean bConverged = b.status() == Status.CONVERGED;
        if (aConverged != bConverged) {
            return aConverged ? -1 : 1;
        }
        if (aConverged) {
            return Integer.compare(a.iterations(), b.iterations());
        }
        return Double.compare(finiteOrMax(a.finalSuboptimality()), finiteOrMax(b.finalSuboptimality()));
    }

    private static double finiteOrMax(double value) {
        return Double.isFinite(value) ? value : Double.MAX_VALUE;
    }

    static String compact(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    /** Rates near 1 differ in the 4th-6th digit, so they get six. */
    static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.6f", value);
    }
}
