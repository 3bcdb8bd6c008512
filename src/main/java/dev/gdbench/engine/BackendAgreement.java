package dev.gdbench.engine;

import dev.gdbench.linalg.Precision;
import dev.gdbench.plan.Batch;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.RunResult;
import dev.gdbench.result.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether two backends ran a batch to the same results, as {@code --backend cpu,cuda} requires
 * before it keeps either's rows. Per configuration:
 * <ul>
 * <li>fp64: the same status after the same number of iterations, and final iterates within
 * {@link Precision#iterateErrorBound} (1e-12) of each other, relative to max(|x|, |x0|);
 * <li>fp32: a tolerance can be met one check earlier or later, so converged and max-iters may
 * swap and iteration counts differ, but diverged must match; the iterates must agree within twice
 * the fp32 bound (each run is within the bound of the exact one) for the larger iteration count.
 * </ul>
 * Diverged configurations are not compared further: their iterates have left every scale.
 */
public final class BackendAgreement {
    private BackendAgreement() {}

    /** The first disagreement, in one line naming the configuration and both values; empty when they agree. */
    public static Optional<String> check(Batch batch, Precision precision, BatchResult reference, BatchResult other) {
        Map<Integer, RunResult> expected = new HashMap<>();
        reference.results().forEach(r -> expected.put(r.configuration().id(), r));
        double[] x0 = batch.problem().initialPoint();
        double kappa = Double.isFinite(batch.problem().kappa()) ? batch.problem().kappa() : 1;
        List<RunResult> results = other.results();
        if (results.size() != expected.size()) {
            return Optional.of(results.size() + " configurations on " + backend(other) + " but " + expected.size()
                    + " on " + backend(reference));
        }
        for (RunResult got : results) {
            RunResult want = expected.get(got.configuration().id());
            if (want == null) {
                return Optional.of("configuration " + got.configuration().id() + " ran on " + got.context().backend() + " only");
            }
            Optional<String> difference = compare(want, got, precision, kappa, x0);
            if (difference.isPresent()) {
                return Optional.of("configuration " + got.configuration().id() + " (" + got.configuration().optimizer() + " "
                        + got.configuration().hyperParameters() + "): " + difference.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> compare(RunResult want, RunResult got, Precision precision, double kappa,
                                            double[] x0) {
        boolean exact = precision == Precision.FP64;
        boolean statusesMayDiffer = !exact && want.outcome().status() != Status.DIVERGED && got.outcome().status() != Status.DIVERGED;
        if ((want.outcome().status() != got.outcome().status() && !statusesMayDiffer) || (exact && want.outcome().iterations() != got.outcome().iterations())) {
            return Optional.of(outcome(want) + " on " + want.context().backend() + " but " + outcome(got) + " on " + got.context().backend());
        }
        if (want.outcome().status() == Status.DIVERGED) {
            return Optional.empty();
        }
        double error = relativeDifference(want.outcome().finalIterate(), got.outcome().finalIterate(), x0);
        long iterations = Math.max(want.outcome().iterations(), got.outcome().iterations());
        double bound = (exact ? 1 : 2) * precision.iterateErrorBound(kappa, iterations, x0.length);
        if (!(error <= bound)) {
            return Optional.of(String.format(Locale.ROOT, "final iterates differ by %.3g relative (bound %.3g)", error,
                    bound));
        }
        return Optional.empty();
    }

    private static String outcome(RunResult r) {
        return r.outcome().status().label() + " at " + r.outcome().iterations();
    }

    private static String backend(BatchResult result) {
        return result.results().isEmpty() ? "?" : result.results().get(0).context().backend();
    }

    /** |a - b| / max(|a|, |x0|); NaN (an unwritten element) counts as infinite. */
    static double relativeDifference(double[] a, double[] b, double[] x0) {
        double difference = 0;
        double scale = 0;
        double start = 0;
        for (int i = 0; i < a.length; i++) {
            difference += (a[i] - b[i]) * (a[i] - b[i]);
            scale += a[i] * a[i];
            start += x0[i] * x0[i];
        }
        double value = Math.sqrt(difference) / Math.max(Math.sqrt(scale), Math.sqrt(start));
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
    }
}
