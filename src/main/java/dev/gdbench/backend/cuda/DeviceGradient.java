package dev.gdbench.backend.cuda;

import dev.gdbench.backend.RowSampler;
import dev.gdbench.backend.cuda.MatrixProducts.Epilogue;
import dev.gdbench.linalg.Precision;
import dev.gdbench.problem.GradientForm;
import jcuda.driver.CUdeviceptr;

/**
 * G = grad f(X) on the device for every column of a batch, one implementation per family of
 * {@link GradientForm}: the affine and row-residual forms through {@link MatrixProducts} (every
 * subtraction, sigmoid and ridge term a product's epilogue), mini-batches through
 * {@link SampledGradients}. Calls only enqueue work on the backend's stream, so a graph captures them.
 */
interface DeviceGradient {
    /** The batch's iterates and shape, which every family reads. */
    record Batch(CUdeviceptr x, CUdeviceptr active, int n, int columns, Precision precision) {
        long matrixBytes(long rows) {
            return rows * columns * precision.bytes();
        }
    }

    /** G of step {@code step} of the prepared chunk, into {@code target}. */
    void enqueue(int step, CUdeviceptr target);

    /**
     * Readies the gradients of the next {@code steps} steps of the columns still active
     * ({@code frozenAt[j] < 0}); nothing to do for full gradients.
     *
     * @return whether a table the graphs captured moved (then they are stale)
     */
    default boolean prepare(int steps, int[] frozenAt) {
        return false;
    }

    /** What it launches, for the line of an error that surfaces when a graph runs. */
    String launches();

    /** The full gradient of a form the backend accepts (affine or row residual). */
    static FullGradient full(GradientForm form, Batch batch, DeviceBuffers buffers, MatrixProducts products) {
        return form.match(affine -> new Affine(affine, batch, buffers, products),
                rows -> new RowResidual(rows, batch, buffers, products), () -> {
                    throw new IllegalStateException("CudaBackend.accepts refuses per-vector gradients");
                });
    }

    /** Device bytes of a form's full gradient: its matrix, its vector and, with rows, the m x B residuals. */
    static long deviceBytes(GradientForm form, Batch batch) {
        long element = batch.precision().bytes();
        return form.match(affine -> ((long) affine.dimension() * affine.dimension() + affine.dimension()) * element,
                rows -> ((long) rows.rows() * rows.dimension() + rows.rows()) * element + batch.matrixBytes(rows.rows()),
                () -> 0L);
    }

    /** A gradient over every row or the whole matrix, the same at every step: what measurements use. */
    abstract class FullGradient implements DeviceGradient {
        final Batch batch;
        final MatrixProducts products;

        FullGradient(Batch batch, MatrixProducts products) {
            this.batch = batch;
            this.products = products;
        }

        /** G at the current X into {@code target}. */
        abstract void enqueue(CUdeviceptr target);

        @Override
        public void enqueue(int step, CUdeviceptr target) {
            enqueue(target);
        }

        @Override
        public String launches() {
            return "GEMM " + products.description();
        }

        /** The loss where x* is unknown, reduced on the device; null where the form has none. */
        abstract DeviceMeasures.Loss loss(Kernels kernels);

        /** The mini-batch gradients of this form; only forms with data rows have them ({@code Sampling}). */
        DeviceGradient miniBatches(Kernels kernels, DeviceBuffers buffers, RowSampler sampler, int sample) {
            throw new IllegalStateException("mini-batches sample data rows, and " + getClass().getSimpleName()
                    + " has none");
        }
    }

    /** G = A X - b 1^T. */
    final class Affine extends FullGradient {
        private final CUdeviceptr matrix;
        private final CUdeviceptr offset;

        Affine(GradientForm.Affine form, Batch batch, DeviceBuffers buffers, MatrixProducts products) {
            super(batch, products);
            this.matrix = buffers.uploaded(form.matrix(), batch.precision());
            this.offset = buffers.uploaded(form.offset(), batch.precision());
            products.reserve(batch.precision(), batch.n(), batch.columns(), batch.n());
        }

        @Override
        void enqueue(CUdeviceptr target) {
            int n = batch.n();
            products.multiply(batch.precision(), false, n, batch.columns(), n, 1.0, matrix, n, batch.x(), n,
                    Epilogue.minus(offset), target, n);
        }

        /** A quadratic's x* is known: f - f* comes from the measures. */
        @Override
        DeviceMeasures.Loss loss(Kernels kernels) {
            return null;
        }
    }

    /** R = act(M X) - y 1^T into the m x B residuals, then G = (1/m) M^T R + ridge X. */
    final class RowResidual extends FullGradient {
        private final GradientForm.RowResidual form;
        private final CUdeviceptr design;
        private final CUdeviceptr targets;
        private final CUdeviceptr residual;

        RowResidual(GradientForm.RowResidual form, Batch batch, DeviceBuffers buffers, MatrixProducts products) {
            super(batch, products);
            this.form = form;
            this.design = buffers.uploaded(form.design(), batch.precision());
            this.targets = buffers.uploaded(form.targets(), batch.precision());
            this.residual = buffers.poisoned(batch.matrixBytes(form.rows()));
            // The shapes of both products, made ready before any graph captures them.
            products.reserve(batch.precision(), form.rows(), batch.columns(), batch.n());
            products.reserve(batch.precision(), batch.n(), batch.columns(), form.rows());
        }

        @Override
        DeviceGradient miniBatches(Kernels kernels, DeviceBuffers buffers, RowSampler sampler, int sample) {
            return new SampledGradients(kernels, buffers, batch, form, targets, sampler, sample);
        }

        /** The sigmoid's loss kernel (logistic regression's); the identity has none, and needs a known x*. */
        @Override
        DeviceMeasures.Loss loss(Kernels kernels) {
            return form.activation() == GradientForm.Activation.SIGMOID ? losses -> enqueueSigmoidLoss(kernels, losses)
                    : null;
        }

        @Override
        void enqueue(CUdeviceptr target) {
            int rows = form.rows();
            int n = batch.n();
            Epilogue residualEpilogue = form.activation() == GradientForm.Activation.SIGMOID
                    ? Epilogue.sigmoidMinus(targets) : Epilogue.minus(targets);
            Epilogue gradientEpilogue = form.hasRidge() ? Epilogue.plus(form.ridge(), batch.x()) : Epilogue.NONE;
            products.multiply(batch.precision(), false, rows, batch.columns(), n, 1.0, design, rows, batch.x(), n,
                    residualEpilogue, residual, rows);
            products.multiply(batch.precision(), true, n, batch.columns(), rows, 1.0 / rows, design, rows, residual, rows,
                    gradientEpilogue, target, n);
        }

        /**
         * The logistic loss per column into {@code losses}: Z = M X again into the residual scratch
         * (it holds sigmoid(M X) - y after a gradient; one extra product per check, not per
         * iteration), then one block per column sums softplus(z) - y z over the rows, plus ridge/2 |x|^2.
         */
        private void enqueueSigmoidLoss(Kernels kernels, CUdeviceptr losses) {
            int rows = form.rows();
            int n = batch.n();
            products.multiply(batch.precision(), false, rows, batch.columns(), n, 1.0, design, rows, batch.x(), n,
                    Epilogue.NONE, residual, rows);
            kernels.launch(KernelModule.kernel("logistic_loss", batch.precision()), batch.columns(), 1, residual, targets,
                    rows, batch.x(), n, form.ridge(), losses, batch.active());
        }
    }
}
