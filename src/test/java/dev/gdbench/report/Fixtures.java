package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The committed results of a small real sweep, copied where a test may write beside them. */
final class Fixtures {
    /**
     * {@code gdbench sweep --dims 16 --kappas 10,100,1000 --lr-scale 0.1:3:log8,optimal --max-iters 3000}:
     * 4 optimizers x 3 instances, with converged, diverged and max-iters configurations.
     */
    static final String SMALL_RUN = "small-run";
    static final List<String> FILES = List.of("results.csv", "history.csv", "meta.json");

    private Fixtures() {}

    static Path copySmallRun(Path target) throws IOException {
        Files.createDirectories(target);
        for (String file : FILES) {
            try (InputStream in = Fixtures.class.getResourceAsStream(SMALL_RUN + "/" + file)) {
                Files.copy(in, target.resolve(file));
            }
        }
        return target;
    }

    /** Runs {@code gdbench sweep ARGS} in-process into {@code out}, without its own report, and returns out. */
    static Path sweep(Path out, String... args) {
        String[] command = new String[args.length + 5];
        command[0] = "sweep";
        System.arraycopy(args, 0, command, 1, args.length);
        System.arraycopy(new String[] {"--quiet", "--no-report", "--out", out.toString()}, 0, command, args.length + 1, 4);
        assertEquals(0, Main.run(command), String.join(" ", command));
        return out;
    }

    static List<CSVRecord> readCsv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }
}
