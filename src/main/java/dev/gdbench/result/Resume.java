package dev.gdbench.result;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * What an interrupted sweep left in its results directory: the configurations whose rows were
 * written whole. {@link #keepOnly} rewrites results.csv and history.csv down to the batches that
 * finished, so a batch cut off mid-write is run again rather than written twice.
 */
public final class Resume {
    /** The columns a resumed run checks against its own plan, so rows of another sweep are not mixed in. */
    public record Row(String optimizer, String n, String kappa, String seed, String backend) {
    }

    private final Path directory;
    private final Map<Integer, Row> finished;

    private Resume(Path directory, Map<Integer, Row> finished) {
        this.directory = directory;
        this.finished = finished;
    }

    /**
     * Reads results.csv, which must have exactly the columns this run would write.
     *
     * @throws IllegalArgumentException with a one-line reason when the file is missing or was written with other columns
     */
    public static Resume load(Path directory, List<String> expectedHeader) {
        Path file = directory.resolve(ResultsWriter.RESULTS_FILE);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no " + ResultsWriter.RESULTS_FILE + " in " + directory + " to resume");
        }
        Map<Integer, Row> finished = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = headed().parse(reader)) {
            if (!parser.getHeaderNames().equals(expectedHeader)) {
                throw new IllegalArgumentException(file + " was written with other columns (other tolerances or "
                        + "another version); resume with the command line that started it");
            }
            for (CSVRecord record : parser) {
                if (record.isConsistent()) {
                    finished.put(Integer.parseInt(record.get("config_id")), new Row(record.get("optimizer"),
                            record.get("n"), record.get("kappa"), record.get("seed"), record.get("backend")));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read as results (" + e + ")");
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(file + " cannot be read as results (" + e.getMessage() + ")");
        }
        return new Resume(directory, finished);
    }

    /** Configurations with a whole row, by id. */
    public Map<Integer, Row> finished() {
        return Map.copyOf(finished);
    }

    /**
     * Rewrites both files to the rows of these configurations only, then appending continues after
     * them. Both are filtered into copies first and replaced only when both could be read, so a
     * damaged history.csv leaves results.csv as it was.
     *
     * @throws IllegalArgumentException with a one-line reason when a file cannot be read as rows
     */
    public void keepOnly(Set<Integer> ids) {
        List<Path> files = List.of(directory.resolve(ResultsWriter.RESULTS_FILE), directory.resolve(ResultsWriter.HISTORY_FILE));
        List<Path> present = files.stream().filter(Files::exists).toList();
        for (Path file : present) {
            filter(file, kept(file), ids);
        }
        for (Path file : present) {
            try {
                Files.move(kept(file), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replace " + file, e);
            }
        }
    }

    private static Path kept(Path file) {
        return file.resolveSibling(file.getFileName() + ".resume");
    }

    private static void filter(Path file, Path kept, Set<Integer> ids) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = headed().parse(reader);
             Writer writer = Files.newBufferedWriter(kept, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                     .setHeader(parser.getHeaderNames().toArray(new String[0])).setRecordSeparator('\n').get())) {
            for (CSVRecord record : parser) {
                if (record.isConsistent() && ids.contains(Integer.parseInt(record.get("config_id")))) {
                    printer.printRecord(record.toList());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " cannot be read as rows (" + e + ")");
        }
    }

    private static CSVFormat headed() {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    }
}
