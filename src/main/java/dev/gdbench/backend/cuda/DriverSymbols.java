package dev.gdbench.backend.cuda;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The driver functions gdbench calls, checked in libcuda.so.1 before JCuda loads. libJCudaDriver
 * binds its imports lazily, at the first call of each: a function the installed driver lacks would
 * end the JVM there ("symbol lookup error"), in the middle of a sweep. Read from the library's
 * symbol table instead, a missing one is the backend's one-line reason.
 */
final class DriverSymbols {
    static final String LIBCUDA = "libcuda.so.1";
    /**
     * The symbols libJCudaDriver imports for every JCudaDriver method the backend calls: cuda.h's
     * names, so a few carry the version of their ABI (cuMemAlloc is cuMemAlloc_v2, cuGraphInstantiate
     * cuGraphInstantiateWithFlags). DriverSymbolsTest derives this list from the calls in the
     * sources and libJCudaDriver's imports: a new call fails it until it is listed here.
     */
    static final List<String> CALLED = List.of("cuCtxSetCurrent", "cuDeviceGet", "cuDeviceGetAttribute",
            "cuDeviceGetCount", "cuDeviceGetName", "cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxRetain",
            "cuDeviceTotalMem_v2", "cuDriverGetVersion", "cuEventCreate", "cuEventDestroy_v2", "cuEventElapsedTime",
            "cuEventRecord", "cuEventSynchronize", "cuGraphDestroy", "cuGraphExecDestroy", "cuGraphInstantiateWithFlags",
            "cuGraphLaunch", "cuGraphUpload", "cuInit", "cuLaunchKernel", "cuMemAlloc_v2", "cuMemFree_v2",
            "cuMemGetInfo_v2", "cuMemcpyDtoDAsync_v2", "cuMemcpyDtoH_v2", "cuMemcpyHtoD_v2", "cuMemsetD32_v2",
            "cuMemsetD8_v2", "cuModuleGetFunction", "cuModuleLoadData", "cuModuleUnload", "cuStreamBeginCapture_v2",
            "cuStreamCreate", "cuStreamDestroy_v2", "cuStreamEndCapture", "cuStreamSynchronize");
    /** Names in the reason beyond which it only counts: a stub or foreign library may lack them all. */
    static final int NAMES_LISTED = 4;

    private DriverSymbols() {}

    /**
     * The one-line reason the libcuda.so.1 the dynamic linker would load cannot run gdbench, or
     * empty when it exports every function gdbench calls. Also empty where no libcuda.so.1 is found
     * (JCuda's own load then says so) or its symbols cannot be read: only a symbol seen to be
     * missing is a reason not to try.
     */
    static Optional<String> missingFromInstalledDriver() {
        return SharedLibraries.find(LIBCUDA).flatMap(DriverSymbols::missingFrom);
    }

    static Optional<String> missingFrom(Path libcuda) {
        ElfSymbols.Table table;
        try {
            table = ElfSymbols.read(libcuda);
        } catch (IOException e) {
            return Optional.empty();
        }
        List<String> missing = CALLED.stream().filter(s -> !table.exported().contains(s)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String names = String.join(", ", missing.subList(0, Math.min(missing.size(), NAMES_LISTED)))
                + (missing.size() > NAMES_LISTED ? " and " + (missing.size() - NAMES_LISTED) + " more" : "");
        return Optional.of(libcuda + " lacks driver functions gdbench calls (" + names + "): update the NVIDIA driver");
    }
}
