package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What sweep makes of flags that contradict each other (exit 2, one line), repeat values (each runs
 * once) or do not apply to the chosen problem or optimizers (one line saying so, then it runs).
 */
class SweepValidationTest {
    /** A sweep of a few milliseconds, for the tests that are not about these flags. */
    private static final String TINY = "--dims 4 --kappas 10 --optimizers gd --lr-scale 1 --max-iters 50";

    @TempDir
    Path temp;

    /** sweep --no-report --out {@code out} and the space-separated {@code arguments}. */
    private static CliRunner.Outcome sweep(Path out, String arguments) {
        List<String> args = new ArrayList<>(List.of("sweep", "--no-report", "--out", out.toString()));
        args.addAll(List.of(arguments.split(" ")));
        return CliRunner.run(args.toArray(new String[0]));
    }

    private static void assertBadInput(CliRunner.Outcome outcome, String message) {
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode(), outcome.err());
        String line = outcome.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("sweep: " + message), line);
        assertFalse(line.contains("Exception") || line.contains("at dev.gdbench"), line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--armijo-c 0.5 --wolfe-c2 0.5|--wolfe-c2: 0.5 is not allowed with --armijo-c 0.5: c2 must be in (c1, 1)",
        "--armijo-c 0.95|--wolfe-c2: 0.9 (the default) is not allowed with --armijo-c 0.95: c2 must be in (c1, 1)",
        "--armijo-c 1e-4,0.5 --wolfe-c2 0.4,0.9|--wolfe-c2: 0.4 is not allowed with --armijo-c 0.5: c2 must be in (c1, 1)",
    })
    void wolfeCurvatureAtOrBelowArmijoIsRefused(String arguments, String message) {
        assertBadInput(sweep(temp.resolve("run"), "--dims 4 --kappas 10 --optimizers gd-wolfe " + arguments), message);
        assertFalse(Files.exists(temp.resolve("run/results.csv")));
    }

    @Test
    void armijoAloneTakesAnyDecreaseConstantAndWolfeRunsAboveIt() throws Exception {
        var armijo = sweep(temp.resolve("armijo"), "--dims 4 --kappas 10 --optimizers gd-armijo --armijo-c 0.95 -q");
        assertEquals(0, armijo.exitCode(), armijo.err());
        var wolfe = sweep(temp.resolve("wolfe"), "--dims 4 --kappas 10 --optimizers gd-wolfe --armijo-c 0.1 "
                + "--wolfe-c2 0.5 -q");
        assertEquals(0, wolfe.exitCode(), wolfe.err());
        assertEquals("0.5", CliRunner.readCsv(temp.resolve("wolfe/results.csv")).get(0).get("wolfe_c2"));
    }

    @Test
    void zeroRowsIsRefusedNotTakenAsTwiceN() throws Exception {
        assertBadInput(sweep(temp.resolve("zero"), TINY + " --problem least-squares --rows 0"),
                "--rows: 0 is not allowed: m must be >= n (leave --rows out for m = 2n)");
        assertEquals(0, sweep(temp.resolve("default"), TINY + " --problem least-squares -q").exitCode());
        assertEquals("8", CliRunner.readCsv(temp.resolve("default/results.csv")).get(0).get("rows"));
    }

    @Test
    void oneIterationRunsWithTheCheckIntervalFittedToIt() throws Exception {
        var outcome = sweep(temp.resolve("one"), "--dims 4 --kappas 10 --optimizers gd --lr-scale 1 --max-iters 1 -q");
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<CSVRecord> rows = CliRunner.readCsv(temp.resolve("one/results.csv"));
        assertEquals(1, rows.size());
        assertEquals("1", rows.get(0).get("iterations"));
    }

    @Test
    void aGivenCheckIntervalAboveMaxItersIsStillRefused() {
        assertBadInput(sweep(temp.resolve("run"), "--dims 4 --kappas 10 --max-iters 5 --check-every 6"),
                "--check-every: 6 is not allowed: must be in [1, --max-iters = 5]");
    }

    @Test
    void diagonalAndRotateContradict() {
        assertBadInput(sweep(temp.resolve("run"), "--eigenvalues 1,2 --rotate --diagonal"),
                "--diagonal: contradicts --rotate");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        TINY + " --tol 1e-6,1e-6|" + TINY + " --tol 1e-6",
        TINY + " --tol-abs 1e-8,1e-8|" + TINY + " --tol-abs 1e-8",
        "--dims 4,4.0 --kappas 10 --optimizers gd --lr-scale 1 --max-iters 50|" + TINY,
        "--dims 4 --kappas 10,10,1e1 --optimizers gd --lr-scale 1 --max-iters 50|" + TINY,
        TINY + " --seeds 1,1|" + TINY,
        "--dims 4 --kappas 10 --optimizers gd --lr 0.1,0.1 --max-iters 50|--dims 4 --kappas 10 --optimizers gd --lr 0.1 --max-iters 50",
        "--dims 4 --kappas 10 --optimizers gd --lr-scale 1,0.5,1,0.5 --max-iters 50|--dims 4 --kappas 10 --optimizers gd --lr-scale 1,0.5 --max-iters 50",
        "--dims 4 --kappas 10 --optimizers heavyball --lr-scale 1 --momentum 0.5,0.5 --max-iters 50|--dims 4 --kappas 10 --optimizers heavyball --lr-scale 1 --momentum 0.5 --max-iters 50",
        "--dims 4 --kappas 10 --optimizers gd,gd --lr-scale 1 --max-iters 50|" + TINY,
        TINY + " --line-search armijo,armijo|" + TINY + " --line-search armijo",
    })
    void repeatedValuesRunOnce(String repeated, String once) throws Exception {
        var twice = sweep(temp.resolve("twice"), repeated + " -q");
        assertEquals(0, twice.exitCode(), twice.err());
        assertEquals(0, sweep(temp.resolve("once"), once + " -q").exitCode());
        List<String> header = Files.readAllLines(temp.resolve("once/results.csv")).subList(0, 1);
        assertEquals(header, Files.readAllLines(temp.resolve("twice/results.csv")).subList(0, 1));
        assertEquals(CliRunner.readCsv(temp.resolve("once/results.csv")).size(),
                CliRunner.readCsv(temp.resolve("twice/results.csv")).size());
    }

    @Test
    void aVectorKeepsItsRepeatedEntries() throws Exception {
        var outcome = sweep(temp.resolve("run"), "--eigenvalues 1,1,10 --optimizers gd --lr-scale 1 --max-iters 50 -q");
        assertEquals(0, outcome.exitCode(), outcome.err());
        CSVRecord row = CliRunner.readCsv(temp.resolve("run/results.csv")).get(0);
        assertEquals("3", row.get("n"));
        assertEquals(10, Double.parseDouble(row.get("kappa")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--eigenvalues 1,2 --dims 3|--dims is ignored: n is the length of --eigenvalues",
        "--eigenvalues 1,2 --kappas 100|--kappas is ignored: --eigenvalues gives the spectrum",
        "--eigenvalues 1,2 --spectrum linear|--spectrum is ignored: --eigenvalues gives the spectrum",
        "--eigenvalues 1,2 --diagonal|--diagonal is ignored: with --eigenvalues Q = I unless --rotate",
        "--problem rosenbrock --kappas 100 --optimizers gd --lr 1e-3|--kappas is ignored: rosenbrock has no prescribed spectrum",
        "--problem beale --spectrum linear --optimizers gd --lr 1e-3|--spectrum is ignored: beale has no prescribed spectrum",
        "--problem rosenbrock --ridge 0.1 --optimizers gd --lr 1e-3|--ridge is ignored: rosenbrock has no ridge term",
        "--problem logistic --dims 4 --kappas 100|--kappas is ignored: logistic has no prescribed spectrum",
        "--problem logistic --dims 4 --diagonal|--diagonal is ignored: logistic has no prescribed spectrum",
        "--problem logistic --dims 4 --xstar 1,1,1,1|--xstar is ignored: logistic has no prescribed minimizer",
        "--dims 4 --kappas 10 --rows 12|--rows is ignored: quadratic has no data matrix",
        "--dims 4 --kappas 10 --ridge 0.1|--ridge is ignored: quadratic has no ridge term",
        "--problem least-squares --dims 4 --kappas 10 --ridge 0.1|--ridge is ignored: least-squares has no ridge term",
        "--dims 4 --kappas 10 --momentum 0.5 --optimizers gd,adam|--momentum is ignored: none of gd, adam takes momentum",
        "--dims 4 --kappas 10 --beta1 0.8 --optimizers gd|--beta1 is ignored: none of gd takes beta1",
        "--dims 4 --kappas 10 --eps 1e-6 --optimizers heavyball|--eps is ignored: none of heavyball takes eps",
        "--dims 4 --kappas 10 --weight-decay 0.1 --optimizers gd-armijo --lr 0.5|--weight-decay is ignored: none of gd-armijo takes weight_decay",
        "--dims 4 --kappas 10 --alpha 0.9 --optimizers adam|--alpha is ignored: none of adam takes alpha",
        "--dims 4 --kappas 10 --lr-decay 0.1 --optimizers rmsprop|--lr-decay is ignored: none of rmsprop takes lr_decay",
        "--dims 4 --kappas 10 --backtrack 0.3 --optimizers gd-wolfe|--backtrack is ignored: none of gd-wolfe takes backtrack",
        "--dims 4 --kappas 10 --wolfe-c2 0.5 --optimizers gd-armijo|--wolfe-c2 is ignored: none of gd-armijo takes wolfe_c2",
        "--dims 4 --kappas 10 --armijo-c 0.1 --optimizers nesterov|--armijo-c is ignored: none of nesterov takes armijo_c",
        "--dims 4 --kappas 10 --lr-scale 1 --optimizers gd-exact|--lr-scale is ignored: none of gd-exact takes lr",
    })
    void aFlagThatDoesNotApplyGetsOneLineAndTheSweepRuns(String arguments, String line) {
        var outcome = sweep(temp.resolve("run"), arguments + " --max-iters 50");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(List.of(line), outcome.err().lines().filter(l -> l.contains(" is ignored: ")).toList(), outcome.err());
        assertTrue(Files.exists(temp.resolve("run/results.csv")));

        var quiet = sweep(temp.resolve("quiet"), arguments + " --max-iters 50 -q");
        assertEquals(0, quiet.exitCode());
        assertEquals("", quiet.err().strip());
    }

    @Test
    void anIgnoredSpectrumSetsNoDimension() throws Exception {
        var outcome = sweep(temp.resolve("run"), "--problem logistic --dims 4 --eigenvalues 1,2,3 --optimizers gd "
                + "--max-iters 50");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("--eigenvalues is ignored: logistic has no prescribed Hessian"), outcome.err());
        assertEquals("4", CliRunner.readCsv(temp.resolve("run/results.csv")).get(0).get("n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--dims 4 --kappas 10 --momentum 0.5 --optimizers gd,heavyball",
        "--problem least-squares --dims 4 --rows 12 --kappas 100 --spectrum linear --diagonal --xstar 1,2,3,4",
        "--problem logistic --dims 4 --rows 12 --ridge 0.1",
        "--eigenvalues 1,2 --rotate",
        "--dims 4 --kappas 10 --beta1 0.8 --eps 1e-6 --weight-decay 0.1 --optimizers adam,adamw",
        "--dims 4 --kappas 10 --lr 0.1 --optimizers gd-armijo,gd-wolfe --armijo-c 0.1 --backtrack 0.3 --wolfe-c2 0.5",
    })
    void flagsThatApplyGetNoLine(String arguments) {
        var outcome = sweep(temp.resolve("run"), arguments + " --max-iters 50");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertFalse(outcome.err().contains(" is ignored: "), outcome.err());
    }

    /** A flag the rules name but sweep does not have would never be seen as given: each must be an option. */
    @Test
    void everyRuleNamesAnOptionOfSweep() {
        CommandSpec sweep = Main.commandLine().getSubcommands().get("sweep").getCommandSpec();
        for (IgnoredFlags.Rule rule : IgnoredFlags.RULES) {
            assertNotNull(sweep.findOption(rule.flag()), rule.flag());
        }
    }
}
