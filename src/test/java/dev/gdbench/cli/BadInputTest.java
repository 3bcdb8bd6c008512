package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.backend.cuda.CudaAvailability;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: exit code 2, one line naming the flag, no stack trace, nothing written. */
class BadInputTest {
    @TempDir
    Path out;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--dims|0|--dims",
        "--dims|-5|--dims",
        "--dims|2.5|--dims",
        "--kappas|0.5|--kappas",
        "--kappas|nan|--kappas",
        "--lr|-0.1|--lr",
        "--lr|NaN|--lr",
        "--lr|Infinity|--lr",
        "--lr-scale|0|--lr-scale",
        "--lr|2:1:0.1|--lr",
        "--lr|0.1:1:0|--lr",
        "--lr|1e-3:1e1:log1|--lr",
        "--optimizers|gd,sgdd|--optimizers",
        "--problem|cubic|--problem",
        "--spectrum|spiky|--spectrum",
        "--momentum|1.0|--momentum",
        "--beta2|1|--beta2",
        "--eps|0|--eps",
        "--alpha|1|--alpha",
        "--line-search|newton|--line-search",
        "--armijo-c|0|--armijo-c",
        "--backtrack|1|--backtrack",
        "--wolfe-c2|1.5|--wolfe-c2",
        "--schedule|cosine:0|--schedule",
        "--schedule|step:10|--schedule",
        "--schedule|exponential:1.5|--schedule",
        "--schedule|linear|--schedule",
        "--clip-norm|0|--clip-norm",
        "--clip-value|-1|--clip-value",
        "--weight-decay|-1|--weight-decay",
        "--lr-decay|-0.5|--lr-decay",
        "--tol|0|--tol",
        "--tol|2|--tol",
        "--max-iters|0|--max-iters",
        "--precision|fp16|--precision",
        "--backend|tpu|--backend",
        "--seeds|1.5|--seeds",
        "--eigenvalues|2,-1|--eigenvalues",
        "--max-iters|many|--max-iters",
        "--dims|100000|--dims",
        "--ridge|0|--ridge",
        "--batch-size|-1|--batch-size",
        "--batch-size|100|--batch-size",
        "--problem|beale|--dims",
    })
    void badValueExitsTwoWithOneLineNamingTheFlag(String flag, String value, String named) throws Exception {
        var outcome = CliRunner.run("sweep", "--dims", "4", "--kappas", "10", "--out", out.toString(), flag, value);
        assertEquals(2, outcome.exitCode(), outcome.err());
        String message = outcome.err().strip();
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.contains(named), message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), message);
        assertFalse(Files.exists(out.resolve("results.csv")), "nothing runs on bad input");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--eigenvalues 2,10 --x0 1,2,3|--x0",
        "--lr optimal --optimizers adam|--lr",
        "--lr 0.1 --lr-scale 1|--lr",
        "--tol 1e-3 --tol-abs 1e-3|--tol",
        "--problem least-squares --rows 2|--rows",
        "--dims 1 --kappas 10|--kappas",
        "--rotate|--rotate",
    })
    void inconsistentFlagsExitTwoNamingTheFlag(String arguments, String named) {
        String[] extra = arguments.split(" ");
        String[] args = new String[extra.length + 3];
        args[0] = "sweep";
        args[1] = "--out";
        args[2] = out.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        var outcome = CliRunner.run(args);
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains(named), outcome.err());
    }

    @ParameterizedTest
    @CsvSource("cuda")
    void unavailableBackendExitsThree(String backend) {
        // The claim is about a machine where CUDA cannot run (CI, the build machine); on a GPU machine cuda runs.
        Assumptions.assumeFalse(CudaAvailability.check().usable(), "a GPU is usable here");
        var outcome = CliRunner.run("sweep", "--dims", "4", "--backend", backend, "--out", out.toString());
        assertEquals(3, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains("--backend cuda"), outcome.err());
    }
}
