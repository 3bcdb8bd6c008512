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
 * configuration (fewest iterations to the loosest tolerance, else lowest final suboptimality)
 * with its measured and predicted rate, and how many configurations converged, diverged or ran out.
 */
public final class SummaryTable {
    private SummaryTable() {}

    record Group(String optimizer, int n, double kappa) {
    }

    /**
     * @param tolerances the sweep's tolerances in the order of {@link RunResult#iterationsToTolerance()}
     */
    public static String render(List<RunResult> results, List<Double> tolerances) {
        int loosest = 0;
        for (int t = 1; t < tolerances.size(); t++) {
            if (tolerances.get(t) > tolerances.get(loosest)) {
                loosest = t;
            }
        }
        int headline = loosest;
        Map<Group, List<RunResult>> groups = new LinkedHashMap<>();
        results.stream()
                .sorted(Comparator.comparing(RunResult::optimizer)
                        .thenComparingInt(r -> dimension(r))
                        .thenComparingDouble(r -> r.problem().effectiveKappa()))
                .forEach(r -> groups.computeIfAbsent(new Group(r.optimizer(), dimension(r), r.problem().effectiveKappa()),
                        g -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-10s %6s %8s  %9s %9s %8s %9s  %-9s %10s %10s  %s%n",
                "optimizer", "n", "kappa", "best lr", "lr*L", "momentum", "iters@" + compact(tolerances.get(headline)), "status", "rate meas", "rate pred",
                "conv/div/max");
        out.append(header);
        out.append("-".repeat(header.length() - 1)).append('\n');
        for (var entry : groups.entrySet()) {
            List<RunResult> members = entry.getValue();
            RunResult best = members.stream().min((a, b) -> better(a, b, headline)).orElseThrow();
            long converged = members.stream().filter(r -> r.status() == Status.CONVERGED).count();
            long diverged = members.stream().filter(r -> r.status() == Status.DIVERGED).count();
            long maxIters = members.size() - converged - diverged;
            Double lr = best.hyperParameters().get("lr");
            Double momentum = best.hyperParameters().get("momentum");
            out.append(String.format(Locale.ROOT, "%-10s %6d %8s  %9s %9s %8s %9s  %-9s %10s %10s  %d/%d/%d%n",
                    entry.getKey().optimizer(), entry.getKey().n(), compact(entry.getKey().kappa()),
                    lr == null ? "-" : compact(lr), lr == null ? "-" : compact(lr * best.smoothness()),
                    momentum == null ? "-" : compact(momentum), iterationsText(best, headline), best.status().label(),
                    rate(best.rateMeasured()), rate(best.ratePredicted()), converged, diverged, maxIters));
        }
        return out.toString();
    }

    private static int dimension(RunResult r) {
        return r.problem().eigenvalues() != null ? r.problem().eigenvalues().length : r.problem().dimension();
    }

    /** Reached the headline tolerance before not; then fewer iterations to it; then lower final suboptimality. */
    private static int better(RunResult a, RunResult b, int headline) {
        int aIterations = a.iterationsToTolerance()[headline];
        int bIterations = b.iterationsToTolerance()[headline];
        if ((aIterations >= 0) != (bIterations >= 0)) {
            return aIterations >= 0 ? -1 : 1;
        }
        if (aIterations >= 0 && aIterations != bIterations) {
            return Integer.compare(aIterations, bIterations);
        }
        return Double.compare(finiteOrMax(a.finalSuboptimality()), finiteOrMax(b.finalSuboptimality()));
    }

    private static String iterationsText(RunResult r, int headline) {
        int iterations = r.iterationsToTolerance()[headline];
        return iterations >= 0 ? Integer.toString(iterations) : "-";
    }

    private static double finiteOrMax(double value) {
        return Double.isFinite(value) ? value : Double.MAX_VALUE;
    }

    static String compact(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        // %.4g without the zeros it pads the fraction with: 1e-06 rather than 1.000e-06, 0.5 rather than 0.5000.
        String text = String.format(Locale.ROOT, "%.4g", value);
        int exponent = text.indexOf('e');
        String mantissa = exponent < 0 ? text : text.substring(0, exponent);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return exponent < 0 ? mantissa : mantissa + text.substring(exponent);
    }

    /** Rates near 1 differ in the 4th-6th digit, so they get six. */
    static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.6f", value);
    }
}
