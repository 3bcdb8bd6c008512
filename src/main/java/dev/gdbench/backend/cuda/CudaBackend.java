package dev.gdbench.backend.cuda;

import dev.gdbench.backend.Acceptance;
import dev.gdbench.backend.Backend;
import dev.gdbench.backend.BackendUnavailableException;
import dev.gdbench.backend.DeviceMemoryException;
import dev.gdbench.backend.BatchRun;
import dev.gdbench.backend.Sampling;
import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.UpdateRule;
import dev.gdbench.problem.GradientForm;
import dev.gdbench.problem.Problem;
import java.util.List;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The batched algorithm on an NVIDIA GPU through JCuda's driver API: the kernels come from the
 * committed fatbin, products from cuBLAS when it loads (else the built-in GEMM), and every chunk
 * of iterations is a CUDA graph replayed on one stream. Build only after
 * {@link CudaAvailability#check()} said a device is usable.
 */
public final class CudaBackend implements Backend {
    private final CudaAvailability.DeviceInfo device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Kernels kernels;
    private final MatrixProducts products;

    /** GEMM through cuBLAS where it loads, unless GDBENCH_GEMM=builtin asks for the built-in one. */
    public CudaBackend(CudaAvailability.DeviceInfo device) {
        this(device, CublasLoader.BUILTIN.equals(System.getenv(CublasLoader.GEMM_VARIABLE)));
    }

    /** @param builtinGemm run the built-in GEMM even where cuBLAS loads, as GDBENCH_GEMM=builtin asks (tests, comparisons) */
    CudaBackend(CudaAvailability.DeviceInfo device, boolean builtinGemm) {
        this.device = device;
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuDeviceGet(cuDevice, device.ordinal());
        // The primary context is the one the CUDA runtime, and so cuBLAS, uses: one context for both.
        JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice);
        Kernels loaded = null;
        boolean streamCreated = false;
        try {
            JCudaDriver.cuCtxSetCurrent(context);
            // A blocking stream (flags 0): the synchronous copies of the legacy default stream, with
            // which the batches upload tables and read results, are ordered with its work both ways.
            JCudaDriver.cuStreamCreate(stream, 0);
            streamCreated = true;
            loaded = new Kernels(stream);
            this.kernels = loaded;
            // Named by the variable: "requested" would read twice beside --backend cuda's own "(requested)".
            this.products = builtinGemm ? new BuiltinGemm(kernels, CublasLoader.GEMM_VARIABLE + "=" + CublasLoader.BUILTIN,
                    device.multiprocessors())
                    : CublasLoader.choose(kernels, device.multiprocessors());
        } catch (RuntimeException e) {
            // Half built: give back what was taken, or the GPU context stays held while the CPU runs.
            if (loaded != null) {
                loaded.close();
            }
            if (streamCreated) {
                JCudaDriver.cuStreamDestroy(stream);
            }
            JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
            throw e;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String device() {
        return Integer.toString(device.ordinal());
    }

    @Override
    public String description() {
        return "cuda: " + device.summary() + "; GEMM " + products.description();
    }

    /** The device alone, for the map, which runs no GEMM. */
    public String deviceSummary() {
        return device.summary();
    }

    /** Which GEMM path runs, for {@code info} and meta.json. */
    public String gemmPath() {
        return products.description();
    }

    Kernels kernels() {
        return kernels;
    }

    MatrixProducts products() {
        return products;
    }

    int multiprocessors() {
        return device.multiprocessors();
    }

    /** A context is current per thread: whoever calls the driver from another thread makes ours current first. */
    void makeCurrent() {
        JCudaDriver.cuCtxSetCurrent(context);
    }

    /**
     * The affine and row-residual gradient forms whose loss it can tell (x* known, or the sigmoid's
     * loss kernel), rules with update kernels, and batches that fit in the free device memory
     * (else in halves); the rest is left to the CPU.
     */
    @Override
    public Acceptance accepts(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling) {
        List<KernelRule> kernelRules;
        try {
            kernelRules = kernelRules(problem, rules);
        } catch (BackendUnavailableException e) {
            return Acceptance.fallback(e.getMessage());
        }
        makeCurrent();
        DeviceBuffers buffers = new DeviceBuffers(CudaBatchRun.label(problem, rules.size(), precision),
                CudaBatchRun.deviceBytes(problem, kernelRules, precision, sampling));
        try {
            buffers.checkFree();
        } catch (DeviceMemoryException e) {
            return Acceptance.split(e.getMessage());
        }
        return Acceptance.RUN;
    }

    /** The columns' rules as the kernels take them, or why the batch has none. */
    private static List<KernelRule> kernelRules(Problem problem, List<UpdateRule> rules) {
        boolean formRuns = problem.gradientForm().match(affine -> true,
                rows -> problem.minimizer().isPresent() || rows.activation() == GradientForm.Activation.SIGMOID,
                () -> false);
        if (!formRuns) {
            throw new BackendUnavailableException("cuda: no kernels for the " + problem.kind().cliName()
                    + " problem yet; use --backend cpu");
        }
        return rules.stream().map(KernelRule::of).toList();
    }

    @Override
    public BatchRun open(Problem problem, List<UpdateRule> rules, Precision precision, Sampling sampling) {
        // The engine may open a batch on another thread than the one that built us.
        makeCurrent();
        // A batch that does not fit fails in the constructor, before it allocates, with a DeviceMemoryException.
        return new CudaBatchRun(context, kernels, products, problem, kernelRules(problem, rules), precision, sampling);
    }

    @Override
    public void close() {
        products.close();
        kernels.close();
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
    }
}
