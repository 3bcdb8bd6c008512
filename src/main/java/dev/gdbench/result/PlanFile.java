package dev.gdbench.result;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * plan.json: the resolved plan that made a results folder (setting to value, in plan order). It is
 * the first file a sweep writes, created only if absent, so it also claims the folder: two sweeps
 * started into one folder cannot both own it, and a later one cannot write over its rows.
 */
public final class PlanFile {
    public static final String FILE = "plan.json";

    /** The files whose presence means a folder already holds a sweep's results. */
    private static final List<String> RESULT_FILES = List.of(FILE, ResultsWriter.RESULTS_FILE, ResultsWriter.HISTORY_FILE);

    private PlanFile() {}

    /** The first of plan.json, results.csv and history.csv found in {@code directory}, if any. */
    public static Optional<String> resultFileIn(Path directory) {
        return RESULT_FILES.stream().filter(name -> Files.exists(directory.resolve(name))).findFirst();
    }

    /**
     * Writes plan.json into an existing folder, failing if one is already there.
     *
     * @throws java.nio.file.FileAlreadyExistsException when another sweep claimed the folder first
     */
    public static void create(Path directory, Map<String, String> settings) throws IOException {
        try (OutputStream out = Files.newOutputStream(directory.resolve(FILE), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("format", 1);
            root.put("settings", settings);
            mapper().writeValue(out, root);
        }
    }

    /** The recorded settings, or empty when the folder has no plan.json (made before gdbench wrote one). */
    public static Optional<Map<String, String>> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Object> root = mapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        if (!(root.get("settings") instanceof Map<?, ?> settings)) {
            throw new IOException(file + " has no settings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        settings.forEach((name, value) -> values.put(String.valueOf(name), String.valueOf(value)));
        return Optional.of(values);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
