package dev.gdbench.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.InvalidInputException;
import dev.gdbench.plan.ParamValue;
import dev.gdbench.plan.SweepPlan;
import dev.gdbench.plan.SweepSpec;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How --resume reconciles a results folder with this run's plan, without the command line (cli.ResumeTest runs it end to end). */
class ResumeReconciliationTest {
    private static final List<String> HEADER = ResultColumns.results(Optimizers.allHyperParameters(), List.of(1e-6));

    /** gd at one lr on one quadratic, n = 4, seed 1: one batch of configuration 0. */
    private static final SweepPlan PLAN = SweepPlan.expand(new SweepSpec(ProblemKind.QUADRATIC, List.of(4),
            List.of(10.0), Spectrum.LOGUNIFORM, false, null, false, null, null, 0, 0.1, List.of(1L),
            List.of(Optimizers.find("gd").orElseThrow()), Map.of("lr", List.of(new ParamValue.Absolute(0.1))),
            Transforms.NONE));

    private static String refusal(Path directory) {
        return assertThrows(InvalidInputException.class,
                () -> Resume.continueSweep(directory, HEADER, PLAN, List.of("cpu"))).getMessage();
    }

    /** results.csv with this run's header and one whole row for configuration 0, made by this optimizer on this backend. */
    private static void writeRowOf(Path directory, String optimizer, String backend) throws IOException {
        List<String> row = new ArrayList<>();
        for (String column : HEADER) {
            row.add(switch (column) {
                case "config_id" -> "0";
                case "optimizer" -> optimizer;
                case "n" -> "4";
                case "seed" -> "1";
                case "backend" -> backend;
                default -> "";
            });
        }
        Files.writeString(directory.resolve(ResultsWriter.RESULTS_FILE),
                String.join(",", HEADER) + "\n" + String.join(",", row) + "\n");
    }

    @Test
    void aFolderWithoutResultsIsRefusedAsTheResumeFlagsError(@TempDir Path directory) {
        assertEquals("--resume: no results.csv in " + directory + " to resume", refusal(directory));
    }

    @Test
    void resultsWithOtherColumnsAreRefused(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve(ResultsWriter.RESULTS_FILE), "config_id,optimizer\n0,gd\n");
        assertEquals("--resume: " + directory.resolve(ResultsWriter.RESULTS_FILE) + " was written with other columns "
                + "(other tolerances or another version); resume with the command line that started it", refusal(directory));
    }

    @Test
    void rowsOfAnotherSweepAreRefused(@TempDir Path directory) throws IOException {
        writeRowOf(directory, "adam", "cpu");
        assertEquals("--resume: the results in " + directory + " come from another sweep (configuration 0 is adam n=4 "
                + "seed=1 there); resume with the command line that started it", refusal(directory));
    }

    @Test
    void aFinishedBatchIsKeptAndItsOtherBackendNamed(@TempDir Path directory) throws IOException {
        writeRowOf(directory, "gd", "cuda");
        Resume.Continuation continuation = Resume.continueSweep(directory, HEADER, PLAN, List.of("cpu"));
        assertEquals(List.of(), continuation.pending());
        assertEquals(Set.of("cuda"), continuation.otherBackends());
        assertEquals(Optional.of("resume: the kept rows were made on cuda, the rest run on cpu (the backend column says "
                + "which made each row)"), continuation.otherBackendsNote(List.of("cpu")));
        assertEquals(Optional.empty(), new Resume.Continuation(PLAN.batches(), Set.of()).otherBackendsNote(List.of("cpu")));
    }
}
