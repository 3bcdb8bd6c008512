package dev.gdbench.result;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.gdbench.plan.BatchPlan;
import dev.gdbench.plan.ConfigurationSpec;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.problem.ProblemSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    /**
     * What a resumed sweep still has to run, once the files are cut back to the batches that are done.
     *
     * @param otherBackends backends that made kept rows other than the ones this run uses
     */
    public record Continuation(List<BatchPlan> pending, Set<String> otherBackends) {
        /** The line that says so when kept rows were made on other backends than this run's {@code backends}. */
        public Optional<String> otherBackendsNote(List<String> backends) {
            return otherBackends.isEmpty() ? Optional.empty()
                    : Optional.of("resume: the kept rows were made on " + String.join(", ", otherBackends)
                            + ", the rest run on " + String.join(", ", backends)
                            + " (the backend column says which made each row)");
        }
    }

    private final Path directory;
    private final Map<Integer, List<Row>> finished;

    private Resume(Path directory, Map<Integer, List<Row>> finished) {
        this.directory = directory;
        this.finished = finished;
    }

    /**
     * What the interrupted sweep in {@code directory} still has to run ({@link #load}, then
     * {@link #continueWith}), with the files cut back to the batches it finished.
     *
     * @throws InvalidInputException naming --resume, with load's or continueWith's one-line reason
     */
    public static Continuation continueSweep(Path directory, List<String> expectedHeader, SweepPlan plan,
                                             List<String> backends) {
        try {
            return load(directory, expectedHeader).continueWith(plan, backends);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--resume", e.getMessage());
        }
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
        Map<Integer, List<Row>> finished = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = headed().parse(reader)) {
            if (!parser.getHeaderNames().equals(expectedHeader)) {
                throw new IllegalArgumentException(file + " was written with other columns (other tolerances or "
                        + "another version); resume with the command line that started it");
            }
            for (CSVRecord record : parser) {
                if (record.isConsistent()) {
                    finished.computeIfAbsent(Integer.parseInt(record.get(ResultColumns.CONFIG_ID.name())),
                                    id -> new ArrayList<>())
                            .add(new Row(record.get(ResultColumns.OPTIMIZER.name()), record.get(ResultColumns.N.name()),
                                    record.get(ResultColumns.KAPPA.name()), record.get(ResultColumns.SEED.name()),
                                    record.get(ResultColumns.BACKEND.name())));
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

    /**
     * The batches of {@code plan} still to run, with the files cut back to the others. A batch is
     * done when every configuration has a whole row that matches the plan: from any backend when
     * this run has one (a sweep may be resumed elsewhere), from each of them when it compares
     * several; a batch cut off mid-write runs again from the start.
     *
     * @throws IllegalArgumentException with a one-line reason when a row belongs to another plan or a file cannot be read
     */
    public Continuation continueWith(SweepPlan plan, List<String> backends) {
        Set<Integer> kept = new HashSet<>();
        Set<String> otherBackends = new TreeSet<>();
        List<BatchPlan> pending = new ArrayList<>();
        for (BatchPlan batch : plan.batches()) {
            boolean done = true;
            for (ConfigurationSpec configuration : batch.configurations()) {
                List<Row> rows = finished.getOrDefault(configuration.id(), List.of());
                rows.forEach(row -> checkBelongs(row, configuration, batch.problem()));
                Set<String> made = rows.stream().map(Row::backend).collect(Collectors.toSet());
                done &= backends.size() == 1 ? !made.isEmpty() : made.containsAll(backends);
            }
            if (done) {
                batch.configurations().forEach(c -> {
                    kept.add(c.id());
                    finished.get(c.id()).forEach(row -> otherBackends.add(row.backend()));
                });
            } else {
                pending.add(batch);
            }
        }
        keepOnly(kept);
        otherBackends.removeAll(backends);
        return new Continuation(pending, otherBackends);
    }

    private void checkBelongs(Row row, ConfigurationSpec configuration, ProblemSpec p) {
        int n = p.eigenvalues() != null ? p.eigenvalues().length : p.dimension();
        if (!row.optimizer().equals(configuration.optimizer().name()) || Integer.parseInt(row.n()) != n
                || Long.parseLong(row.seed()) != p.seed()) {
            throw new IllegalArgumentException("the results in " + directory + " come from another sweep (configuration "
                    + configuration.id() + " is " + row.optimizer() + " n=" + row.n() + " seed=" + row.seed()
                    + " there); resume with the command line that started it");
        }
    }

    /**
     * Rewrites both files to the rows of these configurations only, then appending continues after
     * them. Both are filtered into copies first and replaced only when both could be read, so a
     * damaged history.csv leaves results.csv as it was.
     *
     * @throws IllegalArgumentException with a one-line reason when a file cannot be read as rows
     */
    void keepOnly(Set<Integer> ids) {
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
                if (record.isConsistent() && ids.contains(Integer.parseInt(record.get(ResultColumns.CONFIG_ID.name())))) {
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
