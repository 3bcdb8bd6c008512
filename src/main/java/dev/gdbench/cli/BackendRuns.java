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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The backends a sweep runs every batch on: one (the usual case), or a list such as cpu,cuda to
 * compare them. With a list, each batch runs on each backend, the results must agree with the
 * first backend's ({@link BackendAgreement}) before any is kept, and every row records its speedup:
 * the first backend's time per iteration over its own.
 * <p>
 * With --devices, the cuda backend runs on each GPU listed, and batches run on as many threads
 * ({@link #workers()}): each takes a free GPU of the cuda lane, while a lane of one (the CPU) runs
 * one batch at a time, so that its timings stay those of a machine to itself.
 */
final class BackendRuns implements AutoCloseable {
    /** A backend on one device, with what runs batches on it; one thread at a time runs on it. */
    record Seat(Backends.Choice choice, BatchRunner runner, Engine engine) {
        Backend backend() {
            return choice.backend();
        }
    }

    /** One backend on its devices: a batch runs on whichever is free. */
    static final class Lane {
        private final List<Seat> seats = new ArrayList<>();
        private final BlockingQueue<Seat> free = new LinkedBlockingQueue<>();

        private void add(Seat seat) {
            seats.add(seat);
            free.add(seat);
        }

        Backends.Choice choice() {
            return seats.get(0).choice();
        }

        Backend backend() {
            return seats.get(0).backend();
        }

        private BatchResult run(Batch batch, BatchProgress progress) {
            Seat seat;
            try {
                seat = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a free " + backend().name() + " device", e);
            }
            try {
                return seat.runner().run(seat.engine(), batch, progress);
            } finally {
                free.add(seat);
            }
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
     * Starts every backend named, cuda on each of {@code devices} (device 0 where empty); if one
     * cannot start, those already started are closed and the reason propagates (exit 3).
     */
    BackendRuns(List<String> names, List<Integer> devices, RunSettings settings, int cpuThreads, Consumer<String> notes) {
        this.settings = settings;
        try {
            for (String name : names) {
                Lane lane = new Lane();
                lanes.add(lane);
                List<Backends.Choice> choices = name.equals("cuda") && !devices.isEmpty()
                        ? devices.stream().map(Backends::requestedCuda).toList()
                        : List.of(Backends.choose(name, cpuThreads));
                for (Backends.Choice choice : choices) {
                    lane.add(new Seat(choice, new BatchRunner(choice.automatic(), settings, cpuThreads, notes),
                            new Engine(choice.backend(), settings)));
                }
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

    /** Threads that run batches at once: one per device of the lane with the most. */
    int workers() {
        return lanes.stream().mapToInt(lane -> lane.seats.size()).max().orElse(1);
    }

    /** Each GPU batches run on, by ordinal, with what it is (meta.json); none for the CPU. */
    Map<String, String> devices() {
        Map<String, String> devices = new LinkedHashMap<>();
        seats().filter(seat -> !seat.backend().device().isEmpty())
                .forEach(seat -> devices.put(seat.backend().device(), seat.backend().description()));
        return devices;
    }

    private Stream<Seat> seats() {
        return lanes.stream().flatMap(lane -> lane.seats.stream());
    }

    Outcome run(Batch batch, BatchProgress progress) {
        List<BatchResult> results = new ArrayList<>();
        for (Lane lane : lanes) {
            results.add(lane.run(batch, progress));
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
        reference.results().forEach(r -> seconds.put(r.configuration().id(), r.throughput().secondsPerIteration()));
        return seconds;
    }

    static double speedup(Map<Integer, Double> referenceSeconds, RunResult row) {
        Double reference = referenceSeconds.get(row.configuration().id());
        return reference == null ? Double.NaN : reference / row.throughput().secondsPerIteration();
    }

    int batchesOnCpu() {
        return seats().mapToInt(seat -> seat.runner().batchesOnCpu()).sum();
    }

    int batchesSplit() {
        return seats().mapToInt(seat -> seat.runner().batchesSplit()).sum();
    }

    @Override
    public void close() {
        seats().forEach(seat -> {
            try {
                seat.runner().close();
            } finally {
                seat.backend().close();
            }
        });
    }
}
