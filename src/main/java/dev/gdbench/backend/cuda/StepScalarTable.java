package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A chunk's step scalars on the device ({@link ColumnParameters#stepScalars}: per step and column
 * STEP_SLOTS doubles, the rule's own from slot 0 and the decoupled decay in STEP_DECAY); a replay
 * reads row s at step s. The table holds a whole chunk: a longer chunk than any before needs a
 * larger one, which moves it, and graphs that captured the old address are stale.
 */
final class StepScalarTable {
    private final DeviceBuffers buffers;
    private final List<KernelRule> rules;
    private final int columns;
    /** No column's step scalars change with t: the table's rows are the same for every chunk. */
    private final boolean constant;
    private final Runnable waitForReplays;
    private CUdeviceptr table;
    private int steps;
    /** With constant step scalars, how many rows of the table are filled (0: none yet, or it moved). */
    private int constantRowsUploaded;

    /** @param waitForReplays waits until no replay may still read the table */
    StepScalarTable(DeviceBuffers buffers, List<KernelRule> rules, Runnable waitForReplays) {
        this.buffers = buffers;
        this.rules = rules;
        this.columns = rules.size();
        this.constant = !ColumnParameters.anyStepScalarsVary(rules.stream().map(KernelRule::rule).toList());
        this.waitForReplays = waitForReplays;
    }

    /**
     * The scalars of iterations {@code firstIteration} .. {@code firstIteration + chunkSteps - 1} in
     * the table, uploaded only when they changed. The copy is synchronous: it waits for the previous
     * replay, which may still read the table.
     *
     * @return whether the table moved
     */
    boolean prepare(int firstIteration, int chunkSteps) {
        boolean moved = false;
        if (chunkSteps > steps) {
            if (table != null) {
                waitForReplays.run();
                buffers.release(table);
                moved = true;
            }
            table = buffers.allocate((long) chunkSteps * columns * KernelModule.STEP_SLOTS * Double.BYTES);
            steps = chunkSteps;
            constantRowsUploaded = 0;
        }
        if (constant && constantRowsUploaded >= chunkSteps) {
            return moved;  // the rows a chunk of this length reads hold the constants already
        }
        buffers.upload(table, ColumnParameters.stepScalars(rules, firstIteration, chunkSteps), Precision.FP64);
        if (constant) {
            constantRowsUploaded = chunkSteps;
        }
        return moved;
    }

    /** Row {@code step} of the prepared chunk, as the update kernels take it. */
    CUdeviceptr row(int step) {
        return table.withByteOffset((long) step * columns * KernelModule.STEP_SLOTS * Double.BYTES);
    }
}
