package dev.gdbench.backend.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Whether the CUDA backend can run here: the driver exports every function gdbench calls, JCuda's
 * driver natives load, a driver answers and a device is visible. This is the first and only place
 * that touches JCuda before a backend is built. On a machine without the driver, the first touch
 * of {@link JCudaDriver} throws UnsatisfiedLinkError from its static initialiser (an Error, and
 * NoClassDefFoundError on every later touch), so the answer is computed once, catching
 * {@link LinkageError}, and kept.
 */
public final class CudaAvailability {
    /** What the probe found: the visible devices in ordinal order, or the one-line reason there are none. */
    public record Result(List<DeviceInfo> devices, String reason) {
        static Result none(String reason) {
            return new Result(List.of(), reason);
        }

        public boolean usable() {
            return !devices.isEmpty();
        }

        /** Device 0, which a sweep without --devices runs on. */
        public Optional<DeviceInfo> device() {
            return devices.stream().findFirst();
        }
    }

    /**
     * @param ordinal           the driver's index of the device, as --devices names it
     * @param computeCapability e.g. {@code 9.0}
     * @param driverVersion     as cuDriverGetVersion reports it, e.g. 13000 for CUDA 13.0
     */
    public record DeviceInfo(int ordinal, String name, String computeCapability, int multiprocessors, long memoryBytes,
                             int driverVersion) {
        /** {@code 13.0} from 13000. */
        public String driverApiVersion() {
            return cudaVersion(driverVersion);
        }

        public String summary() {
            return String.format(java.util.Locale.ROOT, "%s (sm_%s, %d SMs, %.1f GiB), driver API %s", name,
                    computeCapability.replace(".", ""), multiprocessors, memoryBytes / (double) (1L << 30),
                    driverApiVersion());
        }
    }

    private static Result cached;

    private CudaAvailability() {}

    public static synchronized Result check() {
        if (cached == null) {
            cached = probe();
        }
        return cached;
    }

    private static Result probe() {
        // Before JCuda's natives load: once bound lazily, a missing function ends the JVM at its first call.
        Optional<String> missingSymbols = DriverSymbols.missingFromInstalledDriver();
        if (missingSymbols.isPresent()) {
            return Result.none(missingSymbols.get());
        }
        try {
            NativeFolder.loading(() -> JCudaDriver.setExceptionsEnabled(true));
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                return Result.none("the CUDA driver sees no device");
            }
            List<DeviceInfo> devices = new ArrayList<>();
            for (int ordinal = 0; ordinal < count[0]; ordinal++) {
                devices.add(describe(ordinal));
            }
            Optional<String> tooOld = driverTooOld(devices.get(0).driverVersion(), KernelModule.builtWithCuda());
            if (tooOld.isPresent()) {
                return Result.none(tooOld.get());
            }
            return new Result(List.copyOf(devices), "a CUDA device is usable");
        } catch (LinkageError e) {
            return Result.none(nativeLoadFailure(e));
        } catch (RuntimeException e) {
            return Result.none("the CUDA driver is not usable (" + firstLine(e) + ")");
        }
    }

    /**
     * A driver loads only modules built with a CUDA no newer than its own (CUDA's compatibility
     * rule without the forward-compatibility package): say which and what to do, rather than let
     * cuModuleLoadData fail later with an opaque code.
     */
    static Optional<String> driverTooOld(int driverVersion, int builtWith) {
        if (driverVersion >= builtWith) {
            return Optional.empty();
        }
        return Optional.of("the NVIDIA driver supports CUDA " + cudaVersion(driverVersion) + " and the kernels were built"
                + " with CUDA " + cudaVersion(builtWith) + ": update the driver, or rebuild them with that CUDA's nvcc"
                + " (native/build-kernels.sh --force)");
    }

    /** 12040 as "12.4": cuDriverGetVersion's count. */
    static String cudaVersion(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    private static DeviceInfo describe(int ordinal) {
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, ordinal);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        long[] memory = new long[1];
        JCudaDriver.cuDeviceTotalMem(memory, device);
        int[] driver = new int[1];
        JCudaDriver.cuDriverGetVersion(driver);
        return new DeviceInfo(ordinal, new String(name, 0, length, StandardCharsets.UTF_8),
                attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                        + attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), memory[0], driver[0]);
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    private static final Pattern MISSING_LIBRARY = Pattern.compile("([\\w.+-]+\\.so[.\\d]*): cannot open shared object file");

    /**
     * JCuda's loader reports every way it tried, with stack traces, over dozens of lines; the
     * cause a user can act on is the shared library the dynamic linker could not find.
     */
    static String nativeLoadFailure(Throwable e) {
        Matcher missing = MISSING_LIBRARY.matcher(String.valueOf(e.getMessage()));
        if (missing.find()) {
            String library = missing.group(1);
            return library + " not found" + (library.startsWith("libcuda.so") ? " (no NVIDIA driver installed)" : "");
        }
        return "JCuda's natives did not load (" + firstLine(e) + ")";
    }

    /** Native loaders report every path they tried, over many lines; the user needs the first. */
    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
