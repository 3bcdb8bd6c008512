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

    /**
     * Loads the module and looks up every kernel now: with CUDA's lazy loading a kernel is loaded at
     * its lookup, which must happen neither inside a graph capture nor inside a timed region.
     */
    Kernels(CUstream stream) {
        this.stream = stream;
        JCudaDriver.cuModuleLoadData(module, KernelModule.fatbin());
        for (String name : KernelModule.allKernels()) {
            CUfunction function = new CUfunction();
            JCudaDriver.cuModuleGetFunction(function, module, name);
            functions.put(name, function);
        }
    }

    CUstream stream() {
        return stream;
    }

    void launch(String kernel, int gridX, int gridY, Object... arguments) {
        launch(kernel, new int[] {gridX, gridY, 1}, arguments);
    }

    /** A launch on a grid of {@code grid[0] x grid[1] x grid[2]} blocks. */
    void launch(String kernel, int[] grid, Object... arguments) {
        CUfunction function = functions.get(kernel);
        if (function == null) {
            throw new IllegalArgumentException("no kernel " + kernel + " in " + KernelModule.FATBIN_RESOURCE);
        }
        NativePointerObject[] parameters = new NativePointerObject[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            parameters[i] = parameter(arguments[i]);
        }
        try {
            JCudaDriver.cuLaunchKernel(function, grid[0], grid[1], grid[2], KernelModule.THREADS_PER_BLOCK, 1, 1, 0,
                    stream, Pointer.to(parameters), null);
        } catch (CudaException e) {
            throw new CudaException("kernel " + kernel + " (grid " + grid[0] + " x " + grid[1] + " x " + grid[2] + "): "
                    + e.getMessage(), e);
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
