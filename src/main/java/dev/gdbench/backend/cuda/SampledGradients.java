package dev.gdbench.backend.cuda;

import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.RowSampler;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.GradientForm;
import java.util.Locale;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * Mini-batch gradients on the GPU (kernels/sampled.cu). Each column's rows for the steps of a
 * chunk are drawn on the host by the {@link RowSampler} the CPU backend uses, one draw per step of
 * each active column in the same order, so both backends average the same rows; they are uploaded
 * as one table that the chunk's graph reads row by row. The device keeps M^T (row i of M
 * contiguous) for the kernels' coalesced reads, and a k x B scratch of residuals.
 */
final class SampledGradients implements DeviceGradient {
    private final Kernels kernels;
    private final DeviceBuffers buffers;
    private final DeviceGradient.Batch batch;
    private final RowSampler sampler;
    private final int sample;
    private final GradientForm.RowResidual form;
    private final CUdeviceptr targets;
    private final CUdeviceptr designTransposed;
    private final CUdeviceptr residuals;
    /** Row table: steps x columns x sample ints; step s of a chunk reads rows s B k .. (s + 1) B k. */
    private CUdeviceptr table;
    private int tableSteps;

    /** @param targets y on the device, as the full gradient holds it */
    SampledGradients(Kernels kernels, DeviceBuffers buffers, DeviceGradient.Batch batch, GradientForm.RowResidual form,
                     CUdeviceptr targets, RowSampler sampler, int sample) {
        this.kernels = kernels;
        this.buffers = buffers;
        this.batch = batch;
        this.sampler = sampler;
        this.sample = sample;
        this.form = form;
        this.targets = targets;
        this.designTransposed = buffers.uploaded(transposed(form.design(), form.rows(), form.dimension()),
                batch.precision());
        this.residuals = buffers.poisoned((long) sample * batch.columns() * batch.precision().bytes());
    }

    /** Device bytes beyond the batch's own for m rows: M^T and the residuals (the row table grows with the chunk). */
    static long deviceBytes(int rows, int n, int sample, int columns, Precision precision) {
        return ((long) rows * n + (long) sample * columns) * precision.bytes();
    }

    /** M (m x n, column-major) as M^T (n x m, column-major): element (i, r) of M^T at r n + i. */
    static double[] transposed(double[] design, int rows, int n) {
        double[] values = new double[design.length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                values[r * n + i] = design[r + i * rows];
            }
        }
        return values;
    }

    /**
     * Draws the rows of the next {@code steps} gradients of every column still active
     * ({@code frozenAt[j] < 0}) and uploads them. The copy is synchronous: it waits for the
     * previous replay, which may still read the table.
     *
     * @return whether the table moved (a longer chunk than any before): graphs that captured the old one are stale
     */
    @Override
    public boolean prepare(int steps, int[] frozenAt) {
        int columns = batch.columns();
        long entries = (long) steps * columns * sample;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new BackendUnavailableException(String.format(Locale.ROOT, "cuda: a chunk's mini-batch rows (%d steps x"
                    + " %d configurations x %d rows) exceed a Java array; use a smaller --check-every or fewer"
                    + " configurations per instance", steps, columns, sample));
        }
        boolean moved = false;
        if (steps > tableSteps) {
            if (table != null) {
                JCudaDriver.cuStreamSynchronize(kernels.stream());
                buffers.release(table);
            }
            table = buffers.allocate((long) steps * columns * sample * Integer.BYTES);
            tableSteps = steps;
            moved = true;
        }
        int[] rows = new int[(int) entries];
        for (int s = 0; s < steps; s++) {
            for (int j = 0; j < columns; j++) {
                if (frozenAt[j] < 0) {
                    System.arraycopy(sampler.draw(j), 0, rows, (s * columns + j) * sample, sample);
                }
            }
        }
        JCudaDriver.cuMemcpyHtoD(table, Pointer.to(rows), (long) rows.length * Integer.BYTES);
        return moved;
    }

    /** G = the mini-batch gradient at X of step {@code step} of the prepared chunk, for the active columns. */
    @Override
    public void enqueue(int step, CUdeviceptr gradient) {
        int n = batch.n();
        int columns = batch.columns();
        CUdeviceptr rows = table.withByteOffset((long) step * columns * sample * Integer.BYTES);
        int warpsPerBlock = KernelModule.THREADS_PER_BLOCK / KernelModule.WARP_SIZE;
        // Exactly one warp per (k, j): the residual kernel has no grid-stride loop (see sampled.cu).
        int residualBlocks = (int) (((long) sample * columns + warpsPerBlock - 1) / warpsPerBlock);
        kernels.launch(KernelModule.kernel("sampled_residual", batch.precision()), residualBlocks, 1, designTransposed,
                targets, rows, batch.x(), residuals, batch.active(), n, sample, columns,
                form.activation() == GradientForm.Activation.SIGMOID ? KernelModule.ACTIVATION_SIGMOID
                        : KernelModule.ACTIVATION_IDENTITY);
        kernels.launch(KernelModule.kernel("sampled_gradient", batch.precision()),
                LaunchGeometry.elementwiseBlocks((long) n * columns, batch.precision()), 1, designTransposed, rows,
                residuals, batch.x(), form.ridge(), gradient, batch.active(), n, sample, columns);
    }

    @Override
    public String launches() {
        return "the mini-batch gradient kernels";
    }
}
