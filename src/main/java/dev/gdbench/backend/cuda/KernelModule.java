package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.problem.ProblemKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The compiled kernels: kernels/*.cu built by native/build-kernels.sh into one fatbin (SASS for
 * sm_80 and sm_90, PTX for newer GPUs), shipped as a resource and loaded with cuModuleLoadData, so
 * neither the CUDA toolkit nor NVRTC is needed at run time. Kernel names are those of the
 * {@code extern "C"} functions in the .cu files.
 */
public final class KernelModule {
    static final String FATBIN_RESOURCE = "kernels.fatbin";
    static final String SOURCE_HASH_RESOURCE = "kernels.sha256";
    static final String CUDA_VERSION_RESOURCE = "kernels.cuda-version";
    static final String JCUDA_PROPERTIES = "/META-INF/maven/org.jcuda/jcuda/pom.properties";
    /** The architectures build-kernels.sh compiles for, as {@code info} reports them. */
    public static final List<String> ARCHITECTURES = List.of("sm_80 (SASS)", "sm_90 (SASS)", "compute_90 (PTX)");

    // The numbers the host and the kernels share, defined here once: kernels/layout.cuh is generated
    // from SHARED_CONSTANTS (KernelLayoutTest holds the committed header to them).
    /** Every kernel is launched with this many threads. */
    static final int THREADS_PER_BLOCK = 256;
    /** sampled_residual runs a warp per dot product. */
    static final int WARP_SIZE = 32;
    /**
     * Doubles per column of the constants the update kernels read (the rule's
     * {@link dev.gdbench.optim.UpdateRule#kernelConstants}, three at most: adam's beta1, beta2, eps), then the transform's.
     */
    static final int HYPER_SLOTS = 4;
    /** The hyper slot of the coupled weight decay (the transform's, after the rule's constants), 0 for none. */
    static final int HYPER_L2 = 3;
    /** Doubles per column and step of the step scalars ({@link dev.gdbench.optim.UpdateRule#stepScalars}). */
    static final int STEP_SLOTS = 4;
    /** The step slot of the decoupled decay factor 1 - lr_t wd (the transform's, after the rule's scalars), 1 for none. */
    static final int STEP_DECAY = 3;
    /** A column's clip entry: the norm bound, the element bound (+inf for none) and the scale clip_scale writes. */
    static final int CLIP_NORM = 0;
    static final int CLIP_VALUE = 1;
    static final int CLIP_SCALE = 2;
    static final int CLIP_SLOTS = 3;
    /** The tile of C one GEMM block computes. */
    static final int GEMM_BLOCK_M = 64;
    static final int GEMM_BLOCK_N = 64;
    /** A split-k range is a whole number of these. */
    static final int GEMM_TILE_K = 16;
    /** The GEMM epilogue's activation, as an int kernel argument. */
    static final int ACTIVATION_IDENTITY = 0;
    static final int ACTIVATION_SIGMOID = 1;
    /** The largest n of the map kernels (their shared copy of A): the CPU map engine's. */
    static final int MAP_MAX_DIMENSION = dev.gdbench.map.SmallProblemEngine.MAX_DIMENSION;
    /** Tolerances a map kernel's thread tracks (their first iterations live in its registers). */
    public static final int MAP_MAX_TOLERANCES = 8;

    /** The constants above by the name the kernels use, in the order kernels/layout.cuh defines them. */
    static final Map<String, Integer> SHARED_CONSTANTS = shared(
            "THREADS_PER_BLOCK", THREADS_PER_BLOCK, "WARP_SIZE", WARP_SIZE, "HYPER_SLOTS", HYPER_SLOTS,
            "HYPER_L2", HYPER_L2, "STEP_SLOTS", STEP_SLOTS, "STEP_DECAY", STEP_DECAY, "CLIP_NORM", CLIP_NORM,
            "CLIP_VALUE", CLIP_VALUE, "CLIP_SCALE", CLIP_SCALE,
            "CLIP_SLOTS", CLIP_SLOTS, measureSlots(),
            "GEMM_BLOCK_M", GEMM_BLOCK_M, "GEMM_BLOCK_N", GEMM_BLOCK_N, "GEMM_TILE_K", GEMM_TILE_K,
            "ACTIVATION_IDENTITY", ACTIVATION_IDENTITY, "ACTIVATION_SIGMOID", ACTIVATION_SIGMOID,
            "MAP_MAX_DIMENSION", MAP_MAX_DIMENSION, "MAP_MAX_TOLERANCES", MAP_MAX_TOLERANCES);

    /** MEASURE_&lt;slot&gt; per {@link DeviceMeasures.Slot} by its index, then MEASURE_SLOTS: the measure kernel's layout. */
    private static Map<String, Integer> measureSlots() {
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (DeviceMeasures.Slot slot : DeviceMeasures.Slot.values()) {
            slots.put("MEASURE_" + slot.name(), slot.ordinal());
        }
        slots.put("MEASURE_SLOTS", DeviceMeasures.Slot.COUNT);
        return slots;
    }

    /** Names and values in order; a map among them contributes its entries in place. */
    private static Map<String, Integer> shared(Object... namesAndValues) {
        Map<String, Integer> constants = new LinkedHashMap<>();
        for (int k = 0; k < namesAndValues.length; k++) {
            if (namesAndValues[k] instanceof Map<?, ?> group) {
                group.forEach((name, value) -> constants.put((String) name, (Integer) value));
            } else {
                constants.put((String) namesAndValues[k], (Integer) namesAndValues[++k]);
            }
        }
        return Collections.unmodifiableMap(constants);
    }

    /** kernels/layout.cuh as generated from {@link #SHARED_CONSTANTS}. */
    static String layoutHeader() {
        StringBuilder header = new StringBuilder("// Generated from KernelModule.SHARED_CONSTANTS (the Java side); do not edit.\n"
                + "// Regenerate: java -cp target/classes dev.gdbench.backend.cuda.KernelModule > kernels/layout.cuh\n"
                + "#pragma once\n\n");
        SHARED_CONSTANTS.forEach((name, value) -> header.append("constexpr int ").append(name).append(" = ")
                .append(value).append(";\n"));
        return header.toString();
    }

    /** Prints kernels/layout.cuh (see {@link #layoutHeader}). */
    public static void main(String[] args) {
        System.out.print(layoutHeader());
    }

    private KernelModule() {}

    static byte[] fatbin() {
        return resource(FATBIN_RESOURCE);
    }

    /** The sha256 of the kernel sources the committed fatbin was built from. */
    public static String recordedSourceHash() {
        return new String(resource(SOURCE_HASH_RESOURCE), StandardCharsets.US_ASCII).trim();
    }

    /** The CUDA version the fatbin was built with, as cuDriverGetVersion counts it (13000 for 13.0). */
    static int builtWithCuda() {
        return Integer.parseInt(new String(resource(CUDA_VERSION_RESOURCE), StandardCharsets.US_ASCII).trim());
    }

    /** JCuda's version from its Maven metadata (the CUDA API it binds: 12.6.0 is CUDA 12.6). */
    public static String jcudaVersion() {
        try (InputStream in = KernelModule.class.getResourceAsStream(JCUDA_PROPERTIES)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = KernelModule.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build (run native/build-kernels.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <family>_<f32|f64>}: one of {@link #FAMILIES} or {@link #updateFamilies}. */
    static String kernel(String family, Precision precision) {
        return family + "_" + suffix(precision);
    }

    private static String suffix(Precision precision) {
        return precision == Precision.FP32 ? "f32" : "f64";
    }

    /** The update kernel families, one per rule that names one in the registry ({@code update_<rule>}). */
    static List<String> updateFamilies() {
        return Optimizers.kernels();
    }

    /** The problems with gradient kernels (dense products); the others run on the CPU. */
    static final List<ProblemKind> PROBLEMS = List.of(ProblemKind.QUADRATIC, ProblemKind.LEAST_SQUARES,
            ProblemKind.LOGISTIC);

    /** What the GPU runs, in one line for {@code info}: the rest falls back to the CPU under --backend auto. */
    public static String coverage() {
        return "rules " + Optimizers.withKernels().stream().map(OptimizerDescriptor::name).collect(Collectors.joining(", "))
                + " (with schedules and clipping); problems "
                + String.join(", ", PROBLEMS.stream().map(ProblemKind::cliName).toList())
                + " (full gradients and mini-batches)";
    }

    /** The other kernel families, each in fp32 and fp64. */
    static final List<String> FAMILIES = List.of("gemm_nn", "gemm_tn", "preset_linear", "sigmoid_epilogue", "measure",
            "clip_scale", "logistic_loss", "sampled_residual", "sampled_gradient", "gemm_split_reduce");

    /** The persistent map kernels (kernels/smallmap.cu): the plane's, and any n up to MAP_MAX_DIMENSION; fp64 only. */
    static final String MAP_KERNEL_N2 = "small_map_n2_f64";
    static final String MAP_KERNEL = "small_map_f64";
    /** The same on Rosenbrock, and Beale's (a plane only). */
    static final String MAP_ROSENBROCK_KERNEL_N2 = "small_map_rosenbrock_n2_f64";
    static final String MAP_ROSENBROCK_KERNEL = "small_map_rosenbrock_f64";
    static final String MAP_BEALE_KERNEL_N2 = "small_map_beale_n2_f64";
    /** Every map kernel. */
    static final List<String> MAP_KERNELS = List.of(MAP_KERNEL_N2, MAP_KERNEL, MAP_ROSENBROCK_KERNEL_N2,
            MAP_ROSENBROCK_KERNEL, MAP_BEALE_KERNEL_N2);

    /**
     * The map kernel of a problem at n: the plane's keeps x, v and g in registers, the general one in
     * a state buffer ({@link #mapKernelHoldsState}).
     */
    static String mapKernel(ProblemKind kind, int n) {
        return switch (kind) {
            case QUADRATIC -> n == 2 ? MAP_KERNEL_N2 : MAP_KERNEL;
            case ROSENBROCK -> n == 2 ? MAP_ROSENBROCK_KERNEL_N2 : MAP_ROSENBROCK_KERNEL;
            case BEALE -> MAP_BEALE_KERNEL_N2;
            default -> throw new IllegalArgumentException("no map kernel for " + kind.cliName());
        };
    }

    /** Whether a map kernel keeps x, v and g in a state buffer of 3 n doubles per point (else registers). */
    static boolean mapKernelHoldsState(String kernel) {
        return kernel.equals(MAP_KERNEL) || kernel.equals(MAP_ROSENBROCK_KERNEL);
    }

    /** Every kernel the backend launches, by name. */
    static List<String> allKernels() {
        List<String> names = new java.util.ArrayList<>(MAP_KERNELS);
        for (Precision precision : Precision.values()) {
            updateFamilies().forEach(family -> names.add(kernel(family, precision)));
            FAMILIES.forEach(family -> names.add(kernel(family, precision)));
        }
        return names;
    }
}
