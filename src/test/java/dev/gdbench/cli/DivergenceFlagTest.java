package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gd on f = L x^2 / 2 (L = 1, x0 = 1, x* = 0) with lr = 2.5 multiplies x by |1 - lr L| = 1.5 per
 * step: |x_k| = 1.5^k and f_k - f* = 1.5^(2k) / 2, so the iteration each rule stops at is known.
 */
class DivergenceFlagTest {
    @TempDir
    Path temp;

    private CSVRecord sweep(String name, String... extra) throws Exception {
        Path out = temp.resolve(name);
        List<String> args = new ArrayList<>(List.of("sweep", "--eigenvalues", "1", "--x0", "1", "--xstar", "0",
                "--optimizers", "gd", "--lr", "2.5", "--check-every", "1", "--max-iters", "100", "--no-report",
                "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRunner.Outcome outcome = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, outcome.exitCode(), outcome.err());
        return CliRunner.readCsv(out.resolve("results.csv")).get(0);
    }

    @Test
    void normRuleStopsAtTheFirstIterationTheIterateLeavesTheBall() throws Exception {
        // 1.5^11 = 86.5 <= 100 < 1.5^12 = 129.7
        CSVRecord row = sweep("norm", "--divergence", "norm:100");
        assertEquals("diverged", row.get("status"));
        assertEquals("12", row.get("iterations"));
        assertEquals("norm:100", row.get("divergence"));
        assertEquals(Math.pow(1.5, 12), Double.parseDouble(row.get("x_final")), 1e-9);
        JsonNode meta = new ObjectMapper().readTree(temp.resolve("norm").resolve("meta.json").toFile());
        assertEquals("norm:100", meta.get("settings").get("divergence").asText());
    }

    @Test
    void relativeRuleIsTheDefaultAndUnchanged() throws Exception {
        // (1.5^(2k) / 2) > 1e10 x (1/2) first at k = 29: 2.25^28 = 7.2e9, 2.25^29 = 1.6e10
        CSVRecord row = sweep("relative");
        assertEquals("diverged", row.get("status"));
        assertEquals("29", row.get("iterations"));
        assertEquals("relative:1e10", row.get("divergence"));
        assertEquals("29", sweep("explicit", "--divergence", "relative:1e10").get("iterations"));
    }

    @Test
    void badRulesGetOneLineAndExitCode2() {
        for (String rule : List.of("norm:0", "norm:-1", "relative:1", "relative:inf", "norm", "size:3", "norm:abc")) {
            CliRunner.Outcome outcome = CliRunner.run("sweep", "--divergence", rule, "--out",
                    temp.resolve("bad").toString());
            assertEquals(2, outcome.exitCode(), rule);
            assertEquals(1, outcome.err().lines().count(), outcome.err());
            assertTrue(outcome.err().contains("--divergence: '" + rule + "' is not allowed"), outcome.err());
        }
    }
}
