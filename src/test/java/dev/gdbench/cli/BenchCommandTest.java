package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.bench.ThroughputReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end in a tiny configuration: every benchmark runs, and what it writes parses. */
class BenchCommandTest {
    @Test
    void tinyBenchWritesJmhJsonAndThroughputCsvWithPositiveFigures(@TempDir Path dir) throws Exception {
        CliRunner.Outcome outcome = CliRunner.run("bench", "--dims", "16", "--batch", "2", "--forks", "0",
                "--warmup-iterations", "1", "--iterations", "2", "--iteration-ms", "20", "--out", dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("skipping backend cuda"), outcome.err());
        assertTrue(outcome.out().contains("adam update"), outcome.out());

        JsonNode json = new ObjectMapper().readTree(dir.resolve(BenchCommand.JSON_FILE).toFile());
        assertTrue(json.isArray() && json.size() > 0);
        for (JsonNode result : json) {
            assertTrue(result.get("primaryMetric").get("score").asDouble() > 0, result.toString());
        }

        List<CSVRecord> rows = CliRunner.readCsv(dir.resolve(ThroughputReport.FILE));
        assertEquals(json.size(), rows.size());
        assertEquals(ThroughputReport.COLUMNS, rows.get(0).getParser().getHeaderNames());
        Set<String> benchmarks = rows.stream().map(r -> r.get("benchmark")).collect(Collectors.toSet());
        assertTrue(benchmarks.containsAll(List.of("gd update", "heavyball update", "nesterov update", "adagrad update",
                "rmsprop update", "adam update", "adamw update", "amsgrad update", "nadam update", "radam update", "lion update",
                "quadratic gradient", "least-squares gradient", "logistic gradient", "gd iteration", "adam iteration", "reductions",
                "memory copy", "BLAS product", "gdbench product", "FMA peak", "FMA peak, one core")), benchmarks.toString());
        for (CSVRecord row : rows) {
            assertEquals("cpu", row.get("backend"));
            boolean arithmetic = row.get("benchmark").startsWith("FMA peak");
            for (String column : List.of("time_per_op_s", arithmetic ? "gflop_per_s" : "gb_per_s", "ceiling_value",
                    "fraction_of_ceiling")) {
                assertTrue(Double.parseDouble(row.get(column)) > 0, column + " in " + row);
            }
            assertTrue(row.get("device").startsWith("cpu: "), row.toString());
            if (row.get("benchmark").endsWith("product") || row.get("benchmark").endsWith("iteration")) {
                // Every product figure is also a fraction of the arithmetic peak measured beside it (its
                // precision's, the one-core peak for a one-core row). A ratio of two timings is no
                // bound a test may assert on a shared machine; that it is this ratio, it may.
                String peakName = row.get("benchmark").contains("one core") ? "FMA peak, one core" : "FMA peak";
                double peak = rows.stream().filter(r -> r.get("benchmark").equals(peakName)
                                && r.get("precision").equals(row.get("precision")))
                        .mapToDouble(r -> Double.parseDouble(r.get("gflop_per_s"))).findFirst().orElseThrow();
                assertEquals(Double.parseDouble(row.get("gflop_per_s")) / peak,
                        Double.parseDouble(row.get("fraction_of_fma_peak")), 1e-9, row.toString());
            }
        }
        // n = 16 in fp64 runs on the packed kernel unplanned: no decision for it among this JVM's (--forks 0).
        JsonNode products = new ObjectMapper().readTree(dir.resolve("meta.json").toFile()).get("products");
        assertTrue(products.isArray(), products.toString());
        for (JsonNode decision : products) {
            assertFalse(decision.get("m").asInt() == 16 && decision.get("precision").asText().equals("fp64"),
                    decision.toString());
        }
    }

    @Test
    void cudaAloneCannotRunWithoutAGpu(@TempDir Path dir) {
        Assumptions.assumeFalse(CudaAvailability.check().usable(), "a GPU is usable here");
        CliRunner.Outcome outcome = CliRunner.run("bench", "--backend", "cuda", "--out", dir.toString());
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, outcome.exitCode());
        assertTrue(outcome.err().contains("no usable GPU"), outcome.err());
    }

    @Test
    void nonPositiveSizesAreBadInput(@TempDir Path dir) {
        CliRunner.Outcome outcome = CliRunner.run("bench", "--dims", "0", "--out", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode());
        assertTrue(outcome.err().contains("--dims"), outcome.err());
    }
}
