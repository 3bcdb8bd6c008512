package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.problem.Problem;
import dev.gdbench.problem.ProblemFactory;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import dev.gdbench.problem.Spectrum;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mini-batch SGD through the command line: reproducible, judged on the full objective, the full batch when B = m. */
class MiniBatchCliTest {
    /**
     * A second step size 1e-12 away from 0.1: a repeated value would run once, and columns this close
     * differ by rounding only, unless they draw different rows.
     */
    private static final String NEXT_TO_0_1 = "0.100000000001";

    @TempDir
    Path out;

    private List<CSVRecord> sweep(String name, String... extra) throws Exception {
        Path directory = out.resolve(name);
        String[] base = {"sweep", "--problem", "least-squares", "--dims", "8", "--kappas", "10", "--rows", "32",
                "--optimizers", "gd", "--lr-scale", "0.1," + NEXT_TO_0_1, "--max-iters", "200", "--out", directory.toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        var outcome = CliRunner.run(args);
        assertEquals(0, outcome.exitCode(), outcome.err());
        return CliRunner.readCsv(directory.resolve("results.csv"));
    }

    private static List<String> outcomes(List<CSVRecord> rows) {
        return rows.stream().map(r -> r.get("x_final") + "|" + r.get("final_loss") + "|" + r.get("iterations")).toList();
    }

    @Test
    void batchOfEveryRowReproducesFullBatchGradientDescentExactly() throws Exception {
        List<CSVRecord> full = sweep("full");
        List<CSVRecord> everyRow = sweep("every-row", "--batch-size", "32");
        assertEquals(outcomes(full), outcomes(everyRow));
        assertEquals("32", everyRow.get(0).get("batch_size"));
        assertEquals("", full.get(0).get("batch_size"));
    }

    /**
     * Two identical columns draw their own rows (so they differ), the same command draws the same
     * rows again, and the reported loss is the full objective at the final iterate.
     */
    @Test
    void miniBatchesAreReproduciblePerColumnAndMeasuredOnTheFullObjective() throws Exception {
        List<CSVRecord> first = sweep("first", "--batch-size", "4");
        List<CSVRecord> again = sweep("again", "--batch-size", "4");
        assertEquals(outcomes(first), outcomes(again));
        double[] x0 = finalIterate(first.get(0));
        double[] x1 = finalIterate(first.get(1));
        double gap = 0;
        for (int i = 0; i < x0.length; i++) {
            gap = Math.max(gap, Math.abs(x0[i] - x1[i]) / Math.max(Math.abs(x0[i]), 1e-300));
        }
        assertTrue(gap > 1e-6, "the columns drew their own rows: relative gap " + gap);
        Problem problem = ProblemFactory.build(new ProblemSpec(ProblemKind.LEAST_SQUARES, 8, 10, Spectrum.LOGUNIFORM,
                false, null, false, null, null, 32, 1e-3, 1));
        for (CSVRecord row : first) {
            double[] x = finalIterate(row);
            assertEquals(problem.value(x), Double.parseDouble(row.get("final_loss")), 1e-12 * problem.value(x));
            assertTrue(Double.parseDouble(row.get("final_suboptimality")) < 0.5 * (problem.value(problem.initialPoint())
                    - problem.minimum()), "SGD made progress on the full objective");
        }
    }

    private static double[] finalIterate(CSVRecord row) {
        return Arrays.stream(row.get("x_final").split(";")).mapToDouble(Double::parseDouble).toArray();
    }
}
