package dev.gdbench.cli;

import dev.gdbench.backend.Backends;
import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.backend.cuda.CudaBackend;
import dev.gdbench.backend.cuda.KernelModule;
import dev.gdbench.linalg.Blas;
import dev.gdbench.linalg.FixedMatrix;
import dev.gdbench.result.RunMetadata;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gdbench info}: what this machine offers gdbench. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints the JVM, cores, the BLAS implementation that loaded, the GPU (name, compute capability, "
                + "memory, driver and CUDA API versions), the kernel fatbin's architectures and which GEMM runs on it, "
                + "or why no GPU is usable.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(new Main.Version().getVersion()[0]);
        for (Map.Entry<String, Object> entry : RunMetadata.machine().entrySet()) {
            line(out, entry.getKey(), entry.getValue());
        }
        line(out, "cpu_blas", Blas.implementation()
                + (Blas.implementation().equals("Java11BLAS") || Blas.implementation().equals("JavaBLAS")
                ? " (plain Java; run with --add-modules=jdk.incubator.vector, as ./gdbench does, for VectorBLAS)" : "")
                + Blas.nativeLibrary().map(path -> " from " + path).orElse(""));
        line(out, "cpu_products", "timed per shape at its first product, the fastest runs: "
                + FixedMatrix.productCandidates());
        Backends.Choice auto = Backends.choose("auto");
        try (var backend = auto.backend()) {
            line(out, "backend_auto", backend.description() + " (" + auto.reason() + ")");
            CudaAvailability.Result gpu = CudaAvailability.check();
            if (gpu.device().isPresent()) {
                CudaAvailability.DeviceInfo device = gpu.device().get();
                line(out, "gpu", device.name());
                line(out, "gpu_compute_capability", device.computeCapability());
                line(out, "gpu_multiprocessors", device.multiprocessors());
                line(out, "gpu_memory", String.format(Locale.ROOT, "%.1f GiB", device.memoryBytes() / (double) (1L << 30)));
                line(out, "gpu_driver_api", device.driverApiVersion() + " (cuDriverGetVersion " + device.driverVersion() + ")");
            } else {
                line(out, "gpu", "none usable: " + gpu.reason());
            }
            line(out, "cuda_api_jcuda", KernelModule.jcudaVersion() + " (the CUDA API JCuda was built against)");
            line(out, "kernel_fatbin", String.join(", ", KernelModule.ARCHITECTURES) + "; sources "
                    + KernelModule.recordedSourceHash().substring(0, 12));
            line(out, "gemm", backend instanceof CudaBackend cuda ? cuda.gemmPath() : "none (no GPU)");
            line(out, "gpu_kernels", KernelModule.coverage());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void line(PrintWriter out, String key, Object value) {
        out.printf("%-22s %s%n", key, value);
    }
}
