package dev.gdbench.backend.cuda;

import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.linalg.Precision;
import java.util.ArrayList;
import java.util.List;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The device memory one owner (a batch, a ceiling probe) allocates, freed together. New buffers
 * are poisoned (all bits set: NaN in fp32 and fp64) unless they must start at zero, so an element a
 * kernel fails to write shows up as NaN in every comparison. Running out of memory gives back what
 * was taken and says, in one line, what the owner needed and what is free.
 */
final class DeviceBuffers {
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private final String owner;
    private final long neededBytes;

    /**
     * @param owner       what allocates, for the out-of-memory line ("batch quadratic n=64 x 8 configurations (fp64)")
     * @param neededBytes what the owner needs in all, checked against the free memory by {@link #checkFree()}
     */
    DeviceBuffers(String owner, long neededBytes) {
        this.owner = owner;
        this.neededBytes = neededBytes;
    }

    /** One line naming the sizes when the owner cannot fit, before anything is allocated. */
    void checkFree() {
        long free = freeDeviceBytes();
        if (neededBytes > free) {
            throw new DeviceMemoryException("cuda", owner, neededBytes, free);
        }
    }

    private static long freeDeviceBytes() {
        long[] free = new long[1];
        long[] total = new long[1];
        JCudaDriver.cuMemGetInfo(free, total);
        return free[0];
    }

    /** Uninitialised memory; on CUDA_ERROR_OUT_OF_MEMORY everything is freed first, so the line sees it free. */
    CUdeviceptr allocate(long bytes) {
        CUdeviceptr pointer = new CUdeviceptr();
        try {
            JCudaDriver.cuMemAlloc(pointer, Math.max(bytes, 1));
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains("CUDA_ERROR_OUT_OF_MEMORY")) {
                freeAll().forEach(Runnable::run);
                throw new DeviceMemoryException("cuda", owner, neededBytes, freeDeviceBytes());
            }
            throw e;
        }
        allocations.add(pointer);
        return pointer;
    }

    /** All bits set: NaN as fp32 and as fp64, so unwritten elements show. */
    CUdeviceptr poisoned(long bytes) {
        CUdeviceptr pointer = allocate(bytes);
        JCudaDriver.cuMemsetD8(pointer, (byte) 0xFF, bytes);
        return pointer;
    }

    /** Zeros (optimizer state starts at zero: UpdateRule's contract). */
    CUdeviceptr zeroed(long bytes) {
        CUdeviceptr pointer = allocate(bytes);
        JCudaDriver.cuMemsetD8(pointer, (byte) 0, bytes);
        return pointer;
    }

    /** A new buffer holding {@code values} in {@code precision}. */
    CUdeviceptr uploaded(double[] values, Precision precision) {
        CUdeviceptr pointer = allocate((long) values.length * precision.bytes());
        upload(pointer, values, precision);
        return pointer;
    }

    /** Copies {@code values}, rounded to {@code precision}, to {@code target} (synchronously). */
    void upload(CUdeviceptr target, double[] values, Precision precision) {
        if (precision == Precision.FP64) {
            JCudaDriver.cuMemcpyHtoD(target, Pointer.to(values), (long) values.length * Double.BYTES);
        } else {
            float[] rounded = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                rounded[i] = (float) values[i];
            }
            JCudaDriver.cuMemcpyHtoD(target, Pointer.to(rounded), (long) values.length * Float.BYTES);
        }
    }

    /** Frees one buffer before the others (a table that grew). */
    void release(CUdeviceptr pointer) {
        JCudaDriver.cuMemFree(pointer);
        allocations.remove(pointer);
    }

    /**
     * One free per buffer still held, for the owner to run with its other releases (each is tried
     * even after a sticky error); the buffers count as released from here on.
     */
    List<Runnable> freeAll() {
        List<Runnable> frees = new ArrayList<>();
        allocations.forEach(pointer -> frees.add(() -> JCudaDriver.cuMemFree(pointer)));
        allocations.clear();
        return frees;
    }
}
