package dev.gdbench.backend.cuda;

import dev.gdbench.backend.ColumnMeasures;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.Problem;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The per-column reductions at a check, on the device: the measure kernel's sums ({@link Slot}),
 * and where x* is unknown the loss itself, which the gradient's family reduces ({@link Loss}).
 */
final class DeviceMeasures {
    /** What measure writes per column, in this order (kernels/layout.cuh's MEASURE_* are generated from it). */
    enum Slot {
        /** g.g */
        GRADIENT_SQUARED,
        /** |x - x*|^2 */
        ERROR_SQUARED,
        /** g.(x - x*) */
        GRADIENT_DOT_ERROR,
        /** |x - x_prev|^2 */
        STEP_SQUARED,
        /** |x_prev|^2 */
        PREVIOUS_SQUARED,
        /** |x|^2 */
        ITERATE_SQUARED;

        static final int COUNT = values().length;
    }

    /** Enqueues the loss of every column into a device array of fp64, one per column. */
    interface Loss {
        void enqueue(CUdeviceptr losses);
    }

    private final Kernels kernels;
    private final DeviceGradient.Batch batch;
    private final double fStar;
    private final CUdeviceptr sums;
    /** x* in fp64; null where it is unknown (then the loss is reduced on the device). */
    private final CUdeviceptr minimizer;
    private final Loss loss;
    private final CUdeviceptr losses;

    /** @param loss the loss on the device, used where x* is unknown (null where it is known) */
    DeviceMeasures(Kernels kernels, DeviceBuffers buffers, DeviceGradient.Batch batch, Problem problem, Loss loss) {
        this.kernels = kernels;
        this.batch = batch;
        this.fStar = problem.minimum();
        this.sums = buffers.poisoned((long) batch.columns() * Slot.COUNT * Double.BYTES);
        this.minimizer = problem.minimizer().map(xStar -> buffers.uploaded(xStar, Precision.FP64)).orElse(null);
        this.loss = minimizer == null ? loss : null;
        this.losses = this.loss != null ? buffers.poisoned((long) batch.columns() * Double.BYTES) : null;
    }

    /** x* (fp64), the sums, and where x* is unknown one loss per column. */
    static long deviceBytes(Problem problem, int columns) {
        boolean xStarKnown = problem.minimizer().isPresent();
        return ((xStarKnown ? (long) problem.dimension() : 0) + (long) columns * (Slot.COUNT + (xStarKnown ? 0 : 1)))
                * Double.BYTES;
    }

    /** Whether the loss is reduced on the device, for the line of an error. */
    boolean reducesLoss() {
        return loss != null;
    }

    /** The reductions at the current X, G and the x_prev the last update saved. */
    void enqueue(CUdeviceptr gradient, CUdeviceptr previous) {
        kernels.launch(KernelModule.kernel("measure", batch.precision()), batch.columns(), 1, batch.x(), gradient,
                minimizer, previous, batch.n(), sums, batch.active());
        if (loss != null) {
            loss.enqueue(losses);
        }
    }

    /**
     * The enqueued reductions, read back once the stream finished them.
     *
     * @param gradientEvaluations per column, as the run counts them
     */
    ColumnMeasures read(long[] gradientEvaluations) {
        int columns = batch.columns();
        double[] values = new double[columns * Slot.COUNT];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(values), sums, (long) values.length * Double.BYTES);
        double[] reducedLoss = new double[loss != null ? columns : 0];
        if (loss != null) {
            JCudaDriver.cuMemcpyDtoH(Pointer.to(reducedLoss), losses, (long) columns * Double.BYTES);
        }
        double[] lossOut = new double[columns];
        double[] suboptimality = new double[columns];
        double[] gradientNorm = new double[columns];
        double[] distance = new double[columns];
        double[] updateNorm = new double[columns];
        double[] relativeUpdate = new double[columns];
        double[] iterateNorm = new double[columns];
        for (int j = 0; j < columns; j++) {
            int at = j * Slot.COUNT;
            gradientNorm[j] = Math.sqrt(values[at + Slot.GRADIENT_SQUARED.ordinal()]);
            if (loss != null) {
                // x* and f* are unknown: suboptimality and distance are NaN, as the CPU backend reports them.
                lossOut[j] = reducedLoss[j];
                suboptimality[j] = Double.NaN;
                distance[j] = Double.NaN;
            } else {
                distance[j] = Math.sqrt(values[at + Slot.ERROR_SQUARED.ordinal()]);
                // f - f* = 1/2 g^T (x - x*), as the CPU backend computes it
                suboptimality[j] = 0.5 * values[at + Slot.GRADIENT_DOT_ERROR.ordinal()];
                lossOut[j] = fStar + suboptimality[j];
            }
            // x_prev is poisoned (NaN) until a chunk's last step saves it: NaN before any step, as on the CPU.
            updateNorm[j] = Math.sqrt(values[at + Slot.STEP_SQUARED.ordinal()]);
            relativeUpdate[j] = updateNorm[j] / Math.sqrt(values[at + Slot.PREVIOUS_SQUARED.ordinal()]);
            iterateNorm[j] = Math.sqrt(values[at + Slot.ITERATE_SQUARED.ordinal()]);
        }
        // The update kernels have no line search, so no function evaluations.
        return new ColumnMeasures(lossOut, suboptimality, gradientNorm, distance, new long[columns], gradientEvaluations,
                updateNorm, relativeUpdate, iterateNorm);
    }
}
