package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import java.util.SplittableRandom;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * What the GPU's ceilings time (bench.Ceilings): a device-to-device copy, and the plain product
 * C = A X at the gradient's shape through the backend's GEMM path or the built-in one. Each
 * {@link #run()} enqueues its work on the backend's stream and waits for it, so a host clock
 * around it measures the device; the operations are long enough (milliseconds) that the wait's
 * few microseconds do not count. Inputs are random or non-zero, never zeros.
 */
public final class CeilingProbe implements AutoCloseable {
    private final CudaBackend backend;
    private final Runnable enqueue;
    private final DeviceBuffers buffers;

    private CeilingProbe(CudaBackend backend, Runnable enqueue, DeviceBuffers buffers) {
        this.backend = backend;
        this.enqueue = enqueue;
        this.buffers = buffers;
    }

    /** {@code copies} back-to-back copies of {@code bytes} from one device buffer to another. */
    public static CeilingProbe deviceCopy(CudaBackend backend, long bytes, int copies) {
        backend.makeCurrent();
        DeviceBuffers buffers = new DeviceBuffers("the copy ceiling's probe", 2 * bytes);
        CUdeviceptr source = buffers.allocate(bytes);
        CUdeviceptr target = buffers.allocate(bytes);
        JCudaDriver.cuMemsetD32(source, Float.floatToIntBits(1.0f), bytes / Integer.BYTES);
        return new CeilingProbe(backend, () -> {
            for (int c = 0; c < copies; c++) {
                JCudaDriver.cuMemcpyDtoDAsync(target, source, bytes, backend.kernels().stream());
            }
        }, buffers);
    }

    /**
     * C = A X with A n x n and X n x B of uniform(-1/2, 1/2) entries, through the backend's GEMM
     * (cuBLAS where it loads) or, with {@code builtin}, the built-in tiled GEMM.
     */
    public static CeilingProbe product(CudaBackend backend, int n, int columns, Precision precision, boolean builtin) {
        backend.makeCurrent();
        long productBytes = (long) n * columns * precision.bytes();
        DeviceBuffers buffers = new DeviceBuffers("the GEMM ceiling's probe", (long) n * n * precision.bytes()
                + 2 * productBytes);
        SplittableRandom random = new SplittableRandom(1);
        CUdeviceptr a = buffers.uploaded(random.doubles((long) n * n, -0.5, 0.5).toArray(), precision);
        CUdeviceptr x = buffers.uploaded(random.doubles((long) n * columns, -0.5, 0.5).toArray(), precision);
        CUdeviceptr c = buffers.allocate(productBytes);
        MatrixProducts products = builtin ? new BuiltinGemm(backend.kernels(), "for comparison", backend.multiprocessors())
                : backend.products();
        products.reserve(precision, n, columns, n);
        return new CeilingProbe(backend, () -> products.multiply(precision, false, n, columns, n, 1.0, a, n, x, n,
                MatrixProducts.Epilogue.NONE, c, n), buffers);
    }

    /** The work once, finished. */
    public void run() {
        backend.makeCurrent();
        enqueue.run();
        JCudaDriver.cuStreamSynchronize(backend.kernels().stream());
    }

    @Override
    public void close() {
        backend.makeCurrent();
        buffers.freeAll().forEach(Runnable::run);
    }
}
