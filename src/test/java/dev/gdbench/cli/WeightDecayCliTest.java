package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightDecayCliTest {
    @TempDir
    Path out;

    /**
     * --weight-decay reaches every rule: gd on f = w1^2 + 5 w2^2 (x* = 0) with coupled decay wd is gd
     * on the curvatures 2 + wd and 10 + wd: one step from (4, 2.5) at lr 0.08 and wd 0.5 is
     * x - lr (g + wd x) with g = (8, 25); the plan records the coupling.
     */
    @Test
    void weightDecayAppliesToAnyRuleAsAnL2TermByDefault() throws Exception {
        var outcome = CliRunner.run("sweep", "--eigenvalues", "2,10", "--x0", "4,2.5", "--lr", "0.08",
                "--optimizers", "gd,heavyball", "--momentum", "0", "--weight-decay", "0.5", "--max-iters", "1",
                "--out", out.toString(), "--quiet", "--no-report");
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        assertEquals(List.of("0.5", "0.5"), rows.stream().map(r -> r.get("weight_decay")).toList());
        assertEquals((4 - 0.08 * (2 * 4 + 0.5 * 4)) + ";" + (2.5 - 0.08 * (10 * 2.5 + 0.5 * 2.5)), rows.get(0).get("x_final"));
        assertEquals(rows.get(0).get("x_final"), rows.get(1).get("x_final"), "heavy ball without momentum is gd");
        assertTrue(Files.readString(out.resolve("plan.json")).contains("\"weight decay (gd)\" : \"coupled\""));
    }

    @Test
    void decoupledWithoutAWeightDecayIsRefusedNamingTheFlag() {
        var outcome = CliRunner.run("sweep", "--dims", "4", "--kappas", "10", "--decoupled-weight-decay",
                "--out", out.toString());
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().strip().contains("--decoupled-weight-decay: applies to --weight-decay"), outcome.err());
    }
}
