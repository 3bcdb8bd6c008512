package dev.gdbench.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * meta.json: what ran, where and how, so a results directory explains itself: the command line,
 * versions, the machine, the backend and the run settings. Written when a sweep starts and again,
 * with its outcome, when it ends.
 */
public final class RunMetadata {
    public static final String FILE = "meta.json";
    /** The run's relative tolerances below what its precision reaches (Precision.stallingRelativeTolerance). */
    public static final String TOLERANCES_BELOW_PRECISION_FLOOR = "tolerances_below_precision_floor";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public RunMetadata put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Versions and the machine, as far as the JVM can tell. */
    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        Runtime runtime = Runtime.getRuntime();
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", runtime.availableProcessors());
        machine.put("jvm_max_heap_bytes", runtime.maxMemory());
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            machine.put("physical_memory_bytes", sun.getTotalMemorySize());
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return machine;
    }

    public void write(Path directory) {
        try {
            Files.createDirectories(directory);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve(FILE).toFile(), fields);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }
}
