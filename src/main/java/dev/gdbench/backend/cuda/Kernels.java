package dev.gdbench.backend.cuda;

import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The loaded fatbin and launches of its kernels on one stream. Arguments are given as Java values
 * (a device pointer, null for a null pointer, an Integer or a Double) in the order of the kernel's
 * parameters; a failing launch names its kernel.
 */
final class Kernels implements AutoCloseable {
    private final CUmodule module = new CUmodule();
    private final CUstream stream;
    private final Map<String, CUfunction> functions = new HashMap<>();

    Kernels(CUstream stream) {
        this.stream = stream;
        JCudaDriver.cuModuleLoadData(module, KernelModule.fatbin());
    }

    CUstream stream() {
        return stream;
    }

    void launch(String kernel, int gridX, int gridY, Object... arguments) {
        CUfunction function = functions.computeIfAbsent(kernel, name -> {
            CUfunction f = new CUfunction();
            JCudaDriver.cuModuleGetFunction(f, module, name);
            return f;
        });
        NativePointerObject[] parameters = new NativePointerObject[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            parameters[i] = parameter(arguments[i]);
        }
        try {
            JCudaDriver.cuLaunchKernel(function, gridX, gridY, 1, KernelModule.THREADS_PER_BLOCK, 1, 1, 0, stream,
                    Pointer.to(parameters), null);
        } catch (CudaException e) {
            throw new CudaException("kernel " + kernel + " (grid " + gridX + " x " + gridY + "): " + e.getMessage(), e);
        }
    }

    private static Pointer parameter(Object argument) {
        if (argument == null) {
            return Pointer.to(new CUdeviceptr());
        }
        if (argument instanceof CUdeviceptr pointer) {
            return Pointer.to(pointer);
        }
        if (argument instanceof Integer value) {
            return Pointer.to(new int[] {value});
        }
        if (argument instanceof Double value) {
            return Pointer.to(new double[] {value});
        }
        throw new IllegalArgumentException("no kernel parameter of type " + argument.getClass());
    }

    @Override
    public void close() {
        JCudaDriver.cuModuleUnload(module);
    }
}
