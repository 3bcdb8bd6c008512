package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.bench.ThroughputReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bench refuses what JMH would fail on, before JMH runs, and says when a benchmark failed. */
class BenchValidationTest {
    /** A bench of a few milliseconds per benchmark, in this JVM; each test overrides what it is about. */
    private static final Map<String, String> TINY = Map.of("--dims", "16", "--batch", "2", "--forks", "0",
            "--warmup-iterations", "0", "--iterations", "1", "--iteration-ms", "20", "--backend", "cpu");

    @TempDir
    Path out;

    /** bench -q with TINY's options, each flag given once: {@code overrides} are flag, value pairs. */
    private CliRunner.Outcome bench(String... overrides) {
        Map<String, String> options = new LinkedHashMap<>(TINY);
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("bench", "-q", "--out", out.toString()));
        options.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        return CliRunner.run(args.toArray(new String[0]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--forks|-1|--forks: -1 is not allowed: must be >= 0",
        "--warmup-iterations|-1|--warmup-iterations: -1 is not allowed: must be >= 0",
        "--iterations|0|--iterations: 0 is not allowed: must be >= 1",
        "--iteration-ms|-1|--iteration-ms: -1 is not allowed: must be >= 1",
        "--include|[|--include: '[' is not a regular expression: Unclosed character class at index 0",
        "--include|NoSuchBenchmark|--include: 'NoSuchBenchmark' matches no benchmark",
        "--dims|10000000|--dims: n = 10000000 with 2 configurations per batch needs about",
    })
    void badJmhOptionOrSizeExitsTwoWithOneLineBeforeAnythingRuns(String flag, String value, String message) {
        var outcome = bench(flag, value);
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode(), outcome.err());
        String line = outcome.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("bench: " + message), line);
        assertFalse(line.contains("Exception") || line.contains("at dev.gdbench"), line);
        assertFalse(Files.exists(out.resolve(BenchCommand.LOG_FILE)), "JMH never started");
    }

    @Test
    void aFailedBenchmarkIsNamedAndTheExitCodeSaysSoWhileTheOthersAreWritten() throws Exception {
        var outcome = bench("--include", "FailingBenchmark|ReductionBenchmark");
        assertEquals(ExitCodes.BENCHMARKS_FAILED, outcome.exitCode(), outcome.err());
        String line = outcome.err().strip();
        assertEquals("bench: these benchmarks failed (details in " + out.resolve(BenchCommand.LOG_FILE)
                + "): FailingBenchmark.fails", line);
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve(ThroughputReport.FILE));
        assertEquals(List.of("reductions"), rows.stream().map(r -> r.get("benchmark")).toList());
        assertTrue(Files.readString(out.resolve(BenchCommand.LOG_FILE)).contains("this benchmark fails on purpose"));
    }

    @Test
    void repeatedSizesAreTimedOnce() throws Exception {
        var outcome = bench("--include", "ReductionBenchmark", "--dims", "16,16", "--batch", "2,2");
        assertEquals(ExitCodes.OK, outcome.exitCode(), outcome.err());
        assertEquals(1, CliRunner.readCsv(out.resolve(ThroughputReport.FILE)).size());
    }
}
