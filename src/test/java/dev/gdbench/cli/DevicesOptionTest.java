package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sweep --devices refuses what cannot name GPUs of the cuda backend in one line, exit 2, before any
 * backend starts or folder is claimed (an ordinal beyond the devices the driver sees is
 * CudaStandinTest's, which has a driver).
 */
class DevicesOptionTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--backend cpu --devices 0|--devices: spreads the batches of --backend cuda over GPUs, not of cpu; add cuda to --backend or leave out --devices",
        "--devices all|--devices: spreads the batches of --backend cuda over GPUs, not of auto; add cuda to --backend or leave out --devices",
        "--backend cuda --devices 0,1,0|--devices: lists device 0 twice; name each GPU once",
        "--backend cpu,cuda --devices 1,-1|--devices: '-1' is not allowed: device ordinals 0, 1, ... separated by commas, or all",
        "--backend cuda --devices 0,,1|--devices: '' is not allowed: device ordinals 0, 1, ... separated by commas, or all",
    })
    void devicesThatCannotBeUsedAreRefusedInOneLine(String arguments, String message) {
        Path out = temp.resolve("run");
        String[] args = ("sweep --dims 4 --kappas 10 --optimizers gd --max-iters 50 --no-report --out " + out + " "
                + arguments).split(" ");
        CliRunner.Outcome outcome = CliRunner.run(args);
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode(), outcome.err());
        assertEquals("sweep: " + message, outcome.err().strip());
        assertFalse(Files.exists(out), "nothing claimed");
    }
}
