package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.gdbench.ChildClassPath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fp32 update rules use jdk.incubator.vector where the JVM has it, and plain loops where it does
 * not (java -jar without --add-modules): every rule with a lane loop still runs there, and
 * converges at a step that suits it.
 */
class Fp32WithoutVectorApiTest {
    @TempDir
    Path temp;

    @Test
    void anFp32SweepRunsAndConvergesWithoutTheVectorApiModule() throws Exception {
        Path out = temp.resolve("out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                ChildClassPath.of(Main.class), Main.class.getName(), "sweep", "--precision", "fp32", "--dims", "37",
                "--kappas", "10", "--lr-scale", "0.02,0.5", "--optimizers", "gd,heavyball,nesterov,rmsprop,adagrad,adam,amsgrad",
                "--max-iters", "3000", "--tol", "1e-4", "--no-report", "--quiet", "--out", out.toString());
        ChildProcess.Outcome outcome = ChildProcess.run(command, Map.of(), 120);
        assertEquals(0, outcome.exitCode(), outcome.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("results.csv"));
        // One of the two steps is too long for RMSprop and too short for AdaGrad to converge in 3000 iterations.
        assertEquals(List.of("gd", "heavyball", "nesterov", "rmsprop", "adagrad", "adam", "amsgrad"),
                rows.stream().filter(r -> r.get("status").equals("converged")).map(r -> r.get("optimizer"))
                        .distinct().toList());
        for (CSVRecord row : rows) {
            assertNotEquals("diverged", row.get("status"), row.get("optimizer") + " lr " + row.get("lr"));
        }
    }
}
