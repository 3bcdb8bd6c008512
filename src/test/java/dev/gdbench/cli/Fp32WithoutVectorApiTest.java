package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.ChildClassPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fp32 update rules use jdk.incubator.vector where the JVM has it, and plain loops where it does
 * not (java -jar without --add-modules): every rule with a lane loop still runs and converges there.
 */
class Fp32WithoutVectorApiTest {
    @TempDir
    Path temp;

    @Test
    void anFp32SweepRunsAndConvergesWithoutTheVectorApiModule() throws Exception {
        Path out = temp.resolve("out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                ChildClassPath.of(Main.class), Main.class.getName(), "sweep", "--precision", "fp32", "--dims", "37",
                "--kappas", "10", "--lr-scale", "0.5,1", "--optimizers", "gd,heavyball,nesterov,adam,amsgrad", "--max-iters", "3000",
                "--tol", "1e-4", "--no-report", "--quiet", "--out", out.toString());
        ChildProcess.Outcome outcome = ChildProcess.run(command, Map.of(), 120);
        assertEquals(0, outcome.exitCode(), outcome.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        assertEquals(List.of("gd", "heavyball", "nesterov", "adam", "amsgrad"),
                rows.stream().map(r -> r.get("optimizer")).distinct().toList());
        for (CSVRecord row : rows) {
            assertEquals("converged", row.get("status"), row.get("optimizer") + " lr " + row.get("lr"));
        }
    }
}
