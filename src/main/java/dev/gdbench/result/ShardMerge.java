package dev.gdbench.result;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.PlanRecord;
import dev.gdbench.plan.Shard;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The shards of one sweep joined into the files the unsharded sweep writes: results.csv and
 * history.csv with every batch in plan order (rows of a batch in the order its shard wrote them),
 * and meta.json listing each shard's machine and backend. Everything is read and checked by
 * {@link #read} before {@link #write} writes anything, so a refused merge leaves nothing behind.
 */
public final class ShardMerge {
    /** meta.json entries that belong to the plan, the same in every shard; every other entry is the shard's own. */
    private static final List<String> PLAN_META = List.of("settings", "seeds",
            RunMetadata.TOLERANCES_BELOW_PRECISION_FLOOR);
    private static final String CONFIG_ID = ResultColumns.CONFIG_ID.name();
    private static final String BACKEND = ResultColumns.BACKEND.name();

    /** A shard's folder, read and checked on its own. */
    private record Part(Path directory, Shard shard, PlanRecord plan, Map<String, Object> meta, ShardRecord record,
                        List<String> header, List<List<String>> results, List<String> historyHeader,
                        List<List<String>> history) {
        String name() {
            return directory + " (shard " + shard.label() + ")";
        }
    }

    private final PlanRecord plan;
    private final List<Part> parts;
    private final List<String> header;
    private final List<String> historyHeader;
    /** The complete batches' rows by batch position in the whole plan. */
    private final TreeMap<Integer, List<List<String>>> results = new TreeMap<>();
    private final TreeMap<Integer, List<List<String>>> history = new TreeMap<>();
    private final List<String> missing = new ArrayList<>();
    private final int planBatches;
    private final int planConfigurations;

    private ShardMerge(List<Part> parts, boolean allowPartial) {
        Part reference = parts.get(0);
        this.plan = reference.plan();
        this.parts = parts;
        // A shard stopped before its first batch has no files, so no columns to go by.
        Part written = parts.stream().filter(p -> !p.header().isEmpty()).findFirst()
                .orElseThrow(() -> refused("none of the folders given has results yet"));
        this.header = written.header();
        this.historyHeader = written.historyHeader();
        this.planBatches = reference.record().planBatches();
        this.planConfigurations = reference.record().planConfigurations();
        Map<Integer, Part> byIndex = new TreeMap<>();
        Map<Integer, Part> byBatch = new TreeMap<>();
        for (Part part : parts) {
            sameSweep(reference, part);
            sameColumns(written, part);
            Part twin = byIndex.putIfAbsent(part.shard().index(), part);
            if (twin != null) {
                throw refused("shard " + part.shard().label() + " is given twice: " + twin.directory() + " and "
                        + part.directory());
            }
            for (ShardRecord.BatchIds batch : part.record().batches()) {
                Part other = byBatch.putIfAbsent(batch.index(), part);
                if (other != null || batch.index() < 0 || batch.index() >= planBatches) {
                    throw refused("batch " + batch.index() + " of " + part.name() + (other == null ? " is not in its "
                            + "plan of " + planBatches + " batches" : " is also in " + other.name()) + ": the shards "
                            + "were split differently (another gdbench version?)");
                }
            }
        }
        List<String> absentShards = IntStream.range(0, reference.shard().count()).filter(i -> !byIndex.containsKey(i))
                .mapToObj(i -> i + "/" + reference.shard().count()).toList();
        if (!absentShards.isEmpty()) {
            missing.add("shard" + (absentShards.size() > 1 ? "s " : " ") + String.join(", ", absentShards)
                    + " not given");
        }
        for (Part part : parts) {
            collect(part);
        }
        if (!missing.isEmpty() && !allowPartial) {
            throw refused(String.join("; ", missing) + (absentShards.isEmpty() ? "" : " (give every shard's folder)")
                    + "; merge what there is with --allow-partial");
        }
    }

    /**
     * Reads and checks the shards' folders: each must be a shard of one plan split the same way,
     * every shard given once, and (unless {@code allowPartial}) every batch of the plan present.
     *
     * @throws InvalidInputException naming the folder and what is wrong with the set
     */
    public static ShardMerge read(List<Path> directories, boolean allowPartial) {
        List<Part> parts = new ArrayList<>();
        for (Path directory : directories) {
            parts.add(part(directory));
        }
        return new ShardMerge(parts, allowPartial);
    }

    /** The whole sweep's plan, which the merged folder records as its own. */
    public PlanRecord plan() {
        return plan;
    }

    /** What a partial set lacks, one phrase per shard or folder; empty when every batch is there. */
    public List<String> missing() {
        return List.copyOf(missing);
    }

    /** One line saying what a partial merge lacks and how much of the plan that is. */
    public String missingSummary() {
        int configurations = results.keySet().stream().mapToInt(this::configurationsOf).sum();
        return String.join("; ", missing) + ": " + (planBatches - results.size()) + " of " + planBatches
                + " batches and " + (planConfigurations - configurations) + " of " + planConfigurations
                + " configurations are missing";
    }

    /**
     * Writes results.csv, history.csv and meta.json into {@code directory} (which holds the whole
     * plan's plan.json already): the plan-wide entries of the shards' meta.json, the merge's own
     * ({@code meta}), and each shard's own entries with its folder.
     */
    public void write(Path directory, RunMetadata meta) {
        writeCsv(directory.resolve(ResultsWriter.RESULTS_FILE), header, results);
        writeCsv(directory.resolve(ResultsWriter.HISTORY_FILE), historyHeader, history);
        Map<String, Object> reference = parts.get(0).meta();
        PLAN_META.stream().filter(reference::containsKey).forEach(key -> meta.put(key, reference.get(key)));
        Set<Object> machines = parts.stream().map(p -> p.meta().get("machine")).collect(Collectors.toSet());
        if (machines.size() == 1 && machines.iterator().next() != null) {
            meta.put("machine", machines.iterator().next());
        }
        meta.put("backend", distinct("backend")).put("backend_description", distinct("backend_description"));
        // Instants in ISO-8601 UTC sort as text: the first shard's start, the last one's end.
        values("started").stream().min(String::compareTo).ifPresent(started -> meta.put("started", started));
        if (missing.isEmpty()) {
            values("finished").stream().max(String::compareTo).ifPresent(finished -> meta.put("finished", finished));
        }
        meta.put("completed", missing.isEmpty())
                .put("configurations", results.keySet().stream().mapToInt(this::configurationsOf).sum())
                .put("batches", results.size());
        if (!missing.isEmpty()) {
            meta.put("missing", missingSummary());
        }
        List<Map<String, Object>> shards = new ArrayList<>();
        for (Part part : parts) {
            Map<String, Object> own = new LinkedHashMap<>();
            own.put("directory", part.directory().toAbsolutePath().normalize().toString());
            part.meta().forEach((key, value) -> {
                if (!PLAN_META.contains(key)) {
                    own.put(key, value);
                }
            });
            shards.add(own);
        }
        meta.put("shards", shards).write(directory);
    }

    /** The shards' values of a meta.json entry, each once, in shard order. */
    private Set<String> values(String key) {
        return parts.stream().map(p -> p.meta().get(key)).filter(v -> v != null).map(String::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private String distinct(String key) {
        return String.join("; ", values(key));
    }

    private int configurationsOf(int batch) {
        return parts.stream().flatMap(p -> p.record().batches().stream()).filter(b -> b.index() == batch)
                .mapToInt(ShardRecord.BatchIds::configurations).sum();
    }

    /** The second shard must come from the reference's plan, split the same way, with the same columns. */
    private static void sameSweep(Part reference, Part part) {
        if (part.shard().count() != reference.shard().count()) {
            throw refused(part.directory() + " is shard " + part.shard().label() + " but " + reference.directory()
                    + " is shard " + reference.shard().label() + ": not one sweep split one way");
        }
        part.plan().firstDifference(reference.plan()).ifPresent(difference -> {
            throw refused(part.directory() + " is a shard of another plan than " + reference.directory() + ": "
                    + difference);
        });
        if (part.record().planBatches() != reference.record().planBatches()
                || part.record().planConfigurations() != reference.record().planConfigurations()) {
            throw refused(part.directory() + " splits a plan of " + part.record().planBatches() + " batches and "
                    + part.record().planConfigurations() + " configurations, " + reference.directory() + " one of "
                    + reference.record().planBatches() + " and " + reference.record().planConfigurations());
        }
    }

    private static void sameColumns(Part written, Part part) {
        if (!part.header().isEmpty() && (!part.header().equals(written.header())
                || !part.historyHeader().equals(written.historyHeader()))) {
            throw refused(part.directory() + " has other columns than " + written.directory()
                    + " (another gdbench version?)");
        }
    }

    /**
     * Files the shard's complete batches by position; a batch with a configuration lacking its row
     * (a sweep interrupted or failed there) is left out and named in {@link #missing}.
     */
    private void collect(Part part) {
        int configColumn = part.header().indexOf(CONFIG_ID);
        int backendColumn = part.header().indexOf(BACKEND);
        Map<Integer, List<List<String>>> rowsByBatch = byBatch(part, part.results(), configColumn);
        Map<Integer, List<List<String>>> historyByBatch = byBatch(part, part.history(),
                part.historyHeader().indexOf(CONFIG_ID));
        List<Integer> incomplete = new ArrayList<>();
        for (ShardRecord.BatchIds batch : part.record().batches()) {
            List<List<String>> rows = rowsByBatch.getOrDefault(batch.index(), List.of());
            Set<Integer> ids = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (List<String> row : rows) {
                ids.add(Integer.parseInt(row.get(configColumn)));
                if (!keys.add(row.get(configColumn) + " " + (backendColumn < 0 ? "" : row.get(backendColumn)))) {
                    throw refused(part.name() + " has two rows of configuration " + row.get(configColumn)
                            + (backendColumn < 0 ? "" : " on " + row.get(backendColumn)));
                }
            }
            if (ids.size() < batch.configurations()) {
                incomplete.add(batch.index());
                continue;
            }
            results.put(batch.index(), rows);
            history.put(batch.index(), historyByBatch.getOrDefault(batch.index(), List.of()));
        }
        if (!incomplete.isEmpty()) {
            missing.add(part.name() + " lacks " + incomplete.size() + " of its " + part.record().batches().size()
                    + " batches (" + incomplete.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "; continue it with its command line and --resume)");
        }
    }

    /** Rows by the batch their configuration belongs to; a row of a configuration outside the shard is foreign. */
    private static Map<Integer, List<List<String>>> byBatch(Part part, List<List<String>> rows, int configColumn) {
        Map<Integer, List<List<String>>> byBatch = new TreeMap<>();
        for (List<String> row : rows) {
            int id;
            try {
                id = Integer.parseInt(row.get(configColumn));
            } catch (NumberFormatException e) {
                throw refused(part.name() + " has a row whose config_id is '" + row.get(configColumn) + "'");
            }
            ShardRecord.BatchIds batch = part.record().batches().stream().filter(b -> b.contains(id)).findFirst()
                    .orElseThrow(() -> refused(part.name() + " has rows of configuration " + id
                            + ", which is in none of its batches"));
            byBatch.computeIfAbsent(batch.index(), b -> new ArrayList<>()).add(row);
        }
        return byBatch;
    }

    private static Part part(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw refused(directory + " is not a directory");
        }
        Map<String, String> settings;
        try {
            settings = PlanFile.read(directory).orElseThrow(() -> refused(directory + " has no " + PlanFile.FILE
                    + ": not the results folder of a gdbench sweep"));
        } catch (IOException e) {
            throw refused(directory.resolve(PlanFile.FILE) + " cannot be read (" + e.getMessage() + ")");
        }
        String label = settings.get(Shard.FLAG);
        if (label == null) {
            throw refused(directory + " is a whole sweep, not a shard (its " + PlanFile.FILE + " has no "
                    + Shard.FLAG + ")");
        }
        Shard shard;
        try {
            shard = Shard.parse(label);
        } catch (InvalidInputException e) {
            throw refused(directory.resolve(PlanFile.FILE) + " records " + Shard.FLAG + " '" + label + "', not i/N");
        }
        Map<String, Object> meta = meta(directory);
        ShardRecord record;
        try {
            record = ShardRecord.of(meta).orElseThrow(() -> refused(directory + ": its " + RunMetadata.FILE
                    + " does not list the shard's batches"));
        } catch (IllegalArgumentException e) {
            throw refused(directory + ": " + e.getMessage());
        }
        if (!record.shard().equals(label)) {
            throw refused(directory + ": its " + RunMetadata.FILE + " says shard " + record.shard() + " but its "
                    + PlanFile.FILE + " " + label);
        }
        List<String> header = new ArrayList<>();
        List<List<String>> results = rows(directory.resolve(ResultsWriter.RESULTS_FILE), header);
        List<String> historyHeader = new ArrayList<>();
        List<List<String>> history = rows(directory.resolve(ResultsWriter.HISTORY_FILE), historyHeader);
        return new Part(directory, shard, new PlanRecord(settings).without(Shard.FLAG), meta, record, header, results,
                historyHeader, history);
    }

    private static Map<String, Object> meta(Path directory) {
        Path file = directory.resolve(RunMetadata.FILE);
        if (!Files.exists(file)) {
            throw refused(directory + " has no " + RunMetadata.FILE);
        }
        try {
            return new ObjectMapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw refused(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * The whole rows of a CSV file (a sweep ends every row with a newline, so text after the last
     * one is a row cut short), its header into {@code header}. A missing file has no rows.
     */
    private static List<List<String>> rows(Path file, List<String> header) {
        List<List<String>> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(text.substring(0, text.lastIndexOf('\n') + 1)))) {
                header.addAll(parser.getHeaderNames());
                for (CSVRecord record : parser) {
                    if (record.isConsistent()) {
                        rows.add(record.toList());
                    }
                }
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw refused(file + " cannot be read as rows (" + e.getMessage() + ")");
        }
        return rows;
    }

    private static void writeCsv(Path file, List<String> header, TreeMap<Integer, List<List<String>>> batches) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                     .setHeader(header.toArray(new String[0])).setRecordSeparator('\n').get())) {
            for (List<List<String>> rows : batches.values()) {
                for (List<String> row : rows) {
                    printer.printRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static InvalidInputException refused(String message) {
        return new InvalidInputException("DIR", message);
    }
}
