package dev.gdbench.cli;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.backend.cpu.CpuBackend;
import dev.gdbench.engine.BatchProgress;
import dev.gdbench.engine.Engine;
import dev.gdbench.plan.Batch;
import dev.gdbench.plan.RunSettings;
import dev.gdbench.result.BatchResult;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the batches of a sweep on the chosen backend and goes on where that backend cannot take a
 * batch as it is, saying so in one line per distinct reason:
 * <ul>
 * <li>a batch that does not fit in device memory runs in halves (recursively) on the same
 * backend; each part's rows carry its own throughput, and nothing is lost, since rows are written
 * per batch after all its parts ran;
 * <li>where {@code --backend auto} chose the GPU, a batch the GPU has no kernels for (a rule, a
 * problem, mini-batches) or where one configuration alone does not fit runs on the CPU instead;
 * its rows say {@code backend=cpu}. An explicitly requested backend never falls back: its refusal
 * ends the sweep with exit code 3, keeping the batches already written.
 * </ul>
 */
final class BatchRunner implements AutoCloseable {
    private final boolean cpuFallbackAllowed;
    private final RunSettings settings;
    private final int cpuThreads;
    private final Consumer<String> notes;
    private final Set<String> reasonsSaid = new HashSet<>();
    private CpuBackend cpu;
    private Engine cpuEngine;
    private int batchesOnCpu;
    private int batchesSplit;

    /** @param cpuThreads threads of the CPU backend that takes the batches the chosen one cannot */
    BatchRunner(boolean cpuFallbackAllowed, RunSettings settings, int cpuThreads, Consumer<String> notes) {
        this.cpuFallbackAllowed = cpuFallbackAllowed;
        this.settings = settings;
        this.cpuThreads = cpuThreads;
        this.notes = notes;
    }

    BatchResult run(Engine engine, Batch batch, BatchProgress progress) {
        try {
            return engine.run(batch, progress);
        } catch (DeviceMemoryException e) {
            int size = batch.configurations().size();
            if (size == 1) {
                return onCpu(e, batch, progress);
            }
            if (reasonsSaid.add(DeviceMemoryException.class.getName())) {
                notes.accept(e.getMessage().substring(0, e.getMessage().indexOf(';'))
                        + ": running such batches in parts that fit");
            }
            batchesSplit++;
            BatchResult first = run(engine, batch.part(0, size / 2), progress);
            BatchResult second = run(engine, batch.part(size / 2, size), progress);
            return first.followedBy(second);
        } catch (BackendUnavailableException e) {
            return onCpu(e, batch, progress);
        }
    }

    private BatchResult onCpu(BackendUnavailableException refusal, Batch batch, BatchProgress progress) {
        if (!cpuFallbackAllowed) {
            throw refusal;
        }
        if (reasonsSaid.add(refusal.getMessage())) {
            notes.accept(refusal.getMessage().replaceAll(";.*", "") + ": running such batches on the CPU");
        }
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
