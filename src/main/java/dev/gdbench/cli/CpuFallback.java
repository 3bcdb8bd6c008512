package dev.gdbench.cli;

import dev.gdbench.backend.BackendUnavailableException;
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
 * Where {@code --backend auto} chose the GPU, a batch the GPU has no kernels for (a rule, a
 * wrapper, a problem or mini-batches) runs on the CPU instead, with one line per distinct reason;
 * its rows say {@code backend=cpu}. An explicitly requested backend never falls back: its
 * refusal ends the sweep with exit code 3, keeping the batches already written.
 */
final class CpuFallback implements AutoCloseable {
    private final boolean allowed;
    private final RunSettings settings;
    private final Consumer<String> notes;
    private final Set<String> reasonsSaid = new HashSet<>();
    private CpuBackend cpu;
    private Engine cpuEngine;
    private int batches;

    CpuFallback(boolean allowed, RunSettings settings, Consumer<String> notes) {
        this.allowed = allowed;
        this.settings = settings;
        this.notes = notes;
    }

    BatchResult run(Engine engine, Batch batch, BatchProgress progress) {
        try {
            return engine.run(batch, progress);
        } catch (BackendUnavailableException e) {
            if (!allowed) {
                throw e;
            }
            if (reasonsSaid.add(e.getMessage())) {
                notes.accept(e.getMessage().replace("; use --backend cpu", "") + ": running such batches on the CPU");
            }
            if (cpuEngine == null) {
                cpu = new CpuBackend();
                cpuEngine = new Engine(cpu, settings);
            }
            batches++;
            return cpuEngine.run(batch, progress);
        }
    }

    /** Batches that ran on the CPU because the chosen backend could not run them. */
    int batches() {
        return batches;
    }

    @Override
    public void close() {
        if (cpu != null) {
            cpu.close();
        }
    }
}
