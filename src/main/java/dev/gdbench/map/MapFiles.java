package dev.gdbench.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gdbench.result.ResultColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A map's folder: map.json (what ran: optimizer, instance, axes, tolerances, theory's optimum) and
 * one .npy file per measured quantity, shaped (ny, nx), so NumPy reads each as an image.
 */
public final class MapFiles {
    public static final String DESCRIPTION = "map.json";
    static final String STATUS = "status.npy";
    static final String ITERATIONS = "iterations.npy";
    static final String SUBOPTIMALITY = "suboptimality.npy";
    static final String RATE_MEASURED = "rate_measured.npy";
    static final String RATE_PREDICTED = "rate_predicted.npy";
    static final String STABILITY_LIMIT = "stability_limit.npy";
    static final String X = "x.npy";
    static final String Y = "y.npy";
    /** map.json's GPU kernel time of the map, CUDA events around its launches. */
    public static final String KERNEL_SECONDS = "kernel_seconds";
    /** map.json's note on theory's overlay where it is not exact: local, at the minimum (MapTheory.scope). */
    static final String THEORY = "theory";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MapFiles() {}

    /** iters_1e-06.npy: iterations to a tolerance, -1 where it was never met. */
    static String toleranceFile(double tolerance) {
        return "iters_" + ResultColumns.toleranceColumn(tolerance).substring(ResultColumns.TOLERANCE_PREFIX.length())
                + ".npy";
    }

    public static void write(Path directory, StabilityMap map) throws IOException {
        write(directory, map, OptionalDouble.empty());
    }

    /** The map's folder; map.json also has {@code kernel_seconds} where the map ran as GPU kernels. */
    public static void write(Path directory, StabilityMap map, OptionalDouble kernelSeconds) throws IOException {
        Files.createDirectories(directory);
        int[] shape = {map.y().size(), map.x().size()};
        MapResult r = map.result();
        NpyFile.write(directory.resolve(STATUS), shape, r.status());
        NpyFile.write(directory.resolve(ITERATIONS), shape, r.iterations());
        for (int t = 0; t < map.tolerances().size(); t++) {
            NpyFile.write(directory.resolve(toleranceFile(map.tolerances().get(t))), shape, r.toTolerance()[t]);
        }
        NpyFile.write(directory.resolve(SUBOPTIMALITY), shape, r.suboptimality());
        NpyFile.write(directory.resolve(RATE_MEASURED), shape, r.rateMeasured());
        NpyFile.write(directory.resolve(RATE_PREDICTED), shape, r.ratePredicted());
        NpyFile.write(directory.resolve(X), new int[] {map.x().size()}, map.x().values());
        NpyFile.write(directory.resolve(Y), new int[] {map.y().size()}, map.y().values());
        if (map.stabilityLimit().length > 0) {
            NpyFile.write(directory.resolve(STABILITY_LIMIT), new int[] {map.stabilityLimit().length},
                    map.stabilityLimit());
        }
        ObjectNode description = JSON.createObjectNode();
        description.put("optimizer", map.optimizer());
        description.put("instance", map.instance());
        description.put("x_axis", map.x().label());
        description.put("y_axis", map.y().label());
        description.put("max_iters", map.maxIterations());
        description.putPOJO("tolerances", map.tolerances());
        description.put("status_codes", "0 converged, 1 diverged, 2 max-iters");
        description.put("layout", "every grid file is shaped (ny, nx), C order: point (iy, ix) has x[ix], y[iy]");
        description.putPOJO("optimum", map.optimum());
        if (map.localTheory()) { // absent where theory is exact, so a quadratic's map.json is what it always was
            description.put(THEORY, map.theory());
        }
        kernelSeconds.ifPresent(seconds -> description.put(KERNEL_SECONDS, seconds));
        // written last and moved into place whole: a map.json present means a complete map (what --resume keeps)
        Path partial = directory.resolve(DESCRIPTION + ".partial");
        JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), description);
        Files.move(partial, directory.resolve(DESCRIPTION), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static StabilityMap read(Path directory) throws IOException {
        JsonNode description = JSON.readTree(directory.resolve(DESCRIPTION).toFile());
        MapAxis x = axis(description.get("x_axis").asText(), NpyFile.read(directory.resolve(X)).values());
        MapAxis y = axis(description.get("y_axis").asText(), NpyFile.read(directory.resolve(Y)).values());
        List<Double> tolerances = new ArrayList<>();
        description.get("tolerances").forEach(t -> tolerances.add(t.asDouble()));
        int points = x.size() * y.size();
        MapResult r = MapResult.allocate(points, tolerances.size());
        double[] status = NpyFile.read(directory.resolve(STATUS)).values();
        double[] iterations = NpyFile.read(directory.resolve(ITERATIONS)).values();
        for (int p = 0; p < points; p++) {
            r.status()[p] = (byte) status[p];
            r.iterations()[p] = (int) iterations[p];
        }
        for (int t = 0; t < tolerances.size(); t++) {
            double[] met = NpyFile.read(directory.resolve(toleranceFile(tolerances.get(t)))).values();
            for (int p = 0; p < points; p++) {
                r.toTolerance()[t][p] = (int) met[p];
            }
        }
        System.arraycopy(NpyFile.read(directory.resolve(SUBOPTIMALITY)).values(), 0, r.suboptimality(), 0, points);
        System.arraycopy(NpyFile.read(directory.resolve(RATE_MEASURED)).values(), 0, r.rateMeasured(), 0, points);
        System.arraycopy(NpyFile.read(directory.resolve(RATE_PREDICTED)).values(), 0, r.ratePredicted(), 0, points);
        double[] limit = Files.exists(directory.resolve(STABILITY_LIMIT))
                ? NpyFile.read(directory.resolve(STABILITY_LIMIT)).values() : new double[0];
        double[] optimum = new double[description.get("optimum").size()];
        for (int i = 0; i < optimum.length; i++) {
            optimum[i] = description.get("optimum").get(i).asDouble();
        }
        return new StabilityMap(description.get("optimizer").asText(), description.get("instance").asText(), x, y,
                tolerances, description.get("max_iters").asInt(), r, limit, optimum,
                description.has(THEORY) ? description.get(THEORY).asText() : "");
    }

    /** The axis as map.json names it, with the exact values from its .npy file. */
    private static MapAxis axis(String label, double[] values) {
        MapAxis parsed = MapAxis.parse("map.json", label);
        return new MapAxis(parsed.parameter(), values, parsed.logarithmic());
    }
}
