package dev.gdbench.cli;

import dev.gdbench.backend.Backend;
import dev.gdbench.backend.Backends;
import dev.gdbench.engine.BackendAgreement;
import dev.gdbench.engine.BatchProgress;
import dev.gdbench.engine.Engine;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.result.BatchResult;
import dev.gdbench.result.RunResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The backends a sweep runs every batch on: one (the usual case), or a list such as cpu,cuda to
 * compare them. With a list, each batch runs on each backend, the results must agree with the
 * first backend's ({@link BackendAgreement}) before any is kept, and every row records its speedup:
 * the first backend's time per iteration over its own.
 */
final class BackendRuns implements AutoCloseable {
    /** One backend with what runs batches on it. */
    record Lane(Backends.Choice choice, BatchRunner runner, Engine engine) {
        Backend backend() {
            return choice.backend();
        }
    }

    /**
     * A batch run on every backend: the results in backend order, or why they disagree (then none is kept).
     */
    record Outcome(List<BatchResult> results, Optional<String> disagreement) {
    }

    private final List<Lane> lanes = new ArrayList<>();
    private final RunSettings settings;

    /**
     * Starts every backend named; if one cannot start, those already started are closed and the
     * reason propagates (exit 3).
     */
    BackendRuns(List<String> names, RunSettings settings, int cpuThreads, Consumer<String> notes) {
        this.settings = settings;
        try {
            for (String name : names) {
                Backends.Choice choice = Backends.choose(name, cpuThreads);
                lanes.add(new Lane(choice, new BatchRunner(choice.automatic(), settings, cpuThreads, notes),
                        new Engine(choice.backend(), settings)));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    List<Lane> lanes() {
        return lanes;
    }

    /** The backend the others are compared with and their speedups are relative to. */
    Backend reference() {
        return lanes.get(0).backend();
    }

    boolean comparing() {
        return lanes.size() > 1;
    }

    Outcome run(Batch batch, BatchProgress progress) {
        List<BatchResult> results = new ArrayList<>();
        for (Lane lane : lanes) {
            results.add(lane.runner().run(lane.engine(), batch, progress));
        }
        for (int k = 1; k < results.size(); k++) {
            Optional<String> disagreement = BackendAgreement.check(batch, settings.precision(), results.get(0),
                    results.get(k));
            if (disagreement.isPresent()) {
                return new Outcome(results, Optional.of(lanes.get(k).backend().name() + " disagrees with "
                        + reference().name() + ": " + disagreement.get()));
            }
        }
        return new Outcome(results, Optional.empty());
    }

    /**
     * Per row, the reference's time per iteration for the same configuration over the row's own;
     * NaN with a single backend. A batch split to fit device memory has a throughput per part, so
     * the rows are matched by configuration.
     */
    static Map<Integer, Double> referenceSecondsPerIteration(BatchResult reference) {
        Map<Integer, Double> seconds = new HashMap<>();
        reference.results().forEach(r -> seconds.put(r.configurationId(), r.throughput().secondsPerIteration()));
        return seconds;
    }

    static double speedup(Map<Integer, Double> referenceSeconds, RunResult row) {
        Double reference = referenceSeconds.get(row.configurationId());
        return reference == null ? Double.NaN : reference / row.throughput().secondsPerIteration();
    }

    int batchesOnCpu() {
        return lanes.stream().mapToInt(lane -> lane.runner().batchesOnCpu()).sum();
    }

    int batchesSplit() {
        return lanes.stream().mapToInt(lane -> lane.runner().batchesSplit()).sum();
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            try {
                lane.runner().close();
            } finally {
                lane.backend().close();
            }
        }
    }
}
