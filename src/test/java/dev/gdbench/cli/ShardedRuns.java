package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.result.ResultColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/** A small sweep that splits into 6 batches, and the claim that merged shards are that sweep. */
final class ShardedRuns {
    /** 2 dims x 3 kappas = 6 batches of 4 configurations; a second or two on the CPU. */
    static final List<String> SWEEP_OPTIONS = List.of("--dims", "8,16", "--kappas", "10,100,1000", "--optimizers",
            "gd,heavyball", "--lr-scale", "0.5,1", "--max-iters", "2000", "--backend", "cpu", "--no-report",
            "--quiet");

    /** The columns that time a run: they differ between any two runs. */
    static final Set<String> TIMING = ResultColumns.TIMING;

    private ShardedRuns() {}

    static CliRunner.Outcome sweep(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(SWEEP_OPTIONS);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(new String[0]));
    }

    /** results.csv cell for cell but the timing columns, in the same order; history.csv and plan.json byte for byte. */
    static void assertSameAsUnsharded(Path whole, Path merged) throws Exception {
        assertSameAsUnsharded(whole, merged, false);
    }

    /**
     * As above; {@code anyOrder}: the same rows, perhaps in another order (a resumed folder appends
     * the batches it ran after those it kept).
     */
    static void assertSameAsUnsharded(Path whole, Path merged, boolean anyOrder) throws Exception {
        List<CSVRecord> expected = CliRunner.readCsv(whole.resolve("results.csv"));
        List<CSVRecord> actual = CliRunner.readCsv(merged.resolve("results.csv"));
        assertEquals(expected.get(0).getParser().getHeaderNames(), actual.get(0).getParser().getHeaderNames());
        assertEquals(ordered(cells(expected), anyOrder), ordered(cells(actual), anyOrder));
        assertEquals(ordered(Files.readAllLines(whole.resolve("history.csv")), anyOrder),
                ordered(Files.readAllLines(merged.resolve("history.csv")), anyOrder));
        assertEquals(Files.readString(whole.resolve("plan.json")), Files.readString(merged.resolve("plan.json")));
    }

    private static <T> List<String> ordered(List<T> rows, boolean sorted) {
        List<String> texts = new ArrayList<>(rows.stream().map(String::valueOf).toList());
        if (sorted) {
            texts.sort(null);
        }
        return texts;
    }

    private static List<List<String>> cells(List<CSVRecord> records) {
        List<List<String>> cells = new ArrayList<>();
        for (CSVRecord record : records) {
            List<String> header = record.getParser().getHeaderNames();
            List<String> row = new ArrayList<>();
            for (int column = 0; column < header.size(); column++) {
                String name = header.get(column);
                row.add(TIMING.contains(name) ? "" : name + "=" + record.get(column));
            }
            cells.add(row);
        }
        return cells;
    }
}
