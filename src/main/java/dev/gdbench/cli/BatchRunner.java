package dev.gdbench.cli;

import dev.gdbench.backend.Acceptance;
import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.BatchPolicy;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.engine.BatchProgress;
import dev.gdbench.engine.Engine;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.result.BatchResult;
import java.util.function.Consumer;

/**
 * Runs the batches of a sweep on the chosen backend where {@link BatchPolicy} says so: whole, in
 * halves, or on the CPU. The backend is asked before a batch opens ({@link Engine#accepts}); a
 * refusal it could not foresee (memory that ran out while allocating) is decided the same way.
 * Each part's rows carry its own throughput, and nothing is lost, since rows are written per batch
 * after all its parts ran; rows that ran on the CPU say {@code backend=cpu}.
 */
final class BatchRunner implements AutoCloseable {
    private final BatchPolicy policy;
    private final RunSettings settings;
    private final int cpuThreads;
    private CpuBackend cpu;
    private Engine cpuEngine;
    private int batchesOnCpu;
    private int batchesSplit;

    /** @param cpuThreads threads of the CPU backend that takes the batches the chosen one cannot */
    BatchRunner(boolean cpuFallbackAllowed, RunSettings settings, int cpuThreads, Consumer<String> notes) {
        this.policy = new BatchPolicy(cpuFallbackAllowed, notes);
        this.settings = settings;
        this.cpuThreads = cpuThreads;
    }

    BatchResult run(Engine engine, Batch batch, BatchProgress progress) {
        BatchPolicy.Action action = policy.decide(engine.accepts(batch), batch.configurations().size());
        if (action == BatchPolicy.Action.RUN) {
            try {
                return engine.run(batch, progress);
            } catch (BackendUnavailableException e) {
                action = policy.decide(Acceptance.of(e), batch.configurations().size());
            }
        }
        if (action == BatchPolicy.Action.SPLIT) {
            int size = batch.configurations().size();
            batchesSplit++;
            BatchResult first = run(engine, batch.part(0, size / 2), progress);
            BatchResult second = run(engine, batch.part(size / 2, size), progress);
            return first.followedBy(second);
        }
        return onCpu(batch, progress);
    }

    private BatchResult onCpu(Batch batch, BatchProgress progress) {
        if (cpuEngine == null) {
            cpu = new CpuBackend(cpuThreads);
            cpuEngine = new Engine(cpu, settings);
        }
        batchesOnCpu++;
        return cpuEngine.run(batch, progress);
    }

    /** Batches (or parts of one) that ran on the CPU because the chosen backend could not run them. */
    int batchesOnCpu() {
        return batchesOnCpu;
    }

    /** Times a batch was split in two because it did not fit in device memory. */
    int batchesSplit() {
        return batchesSplit;
    }

    @Override
    public void close() {
        if (cpu != null) {
            cpu.close();
        }
    }
}
