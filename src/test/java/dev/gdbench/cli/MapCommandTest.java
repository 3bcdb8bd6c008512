package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gdbench.ChildClassPath;
import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.map.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MapCommandTest {
    @TempDir
    Path temp;

    private static final String[] MAP = {"map", "--eigenvalues", "0.1,1", "--x0", "1,1", "--optimizers", "heavyball",
        "--x-axis", "lr=0.2:3.6:6", "--y-axis", "momentum=0:0.9:4", "--max-iters", "300", "--tol", "1e-4,1e-10"};

    /** A map's points are sweep's rows for the same configurations: status and iterations to every tolerance. */
    @Test
    void mapPointsEqualSweepRowsOfTheSameConfigurations() throws IOException {
        Path mapOut = temp.resolve("map");
        List<String> args = new ArrayList<>(List.of(MAP));
        args.addAll(List.of("--out", mapOut.toString()));
        CliRunner.Outcome map = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, map.exitCode(), map.err());
        Path folder = Files.list(mapOut.resolve("maps")).findFirst().orElseThrow();
        double[] x = NpyFile.read(folder.resolve("x.npy")).values();
        double[] y = NpyFile.read(folder.resolve("y.npy")).values();
        NpyFile.Array status = NpyFile.read(folder.resolve("status.npy"));
        assertArrayEquals(new int[] {4, 6}, status.shape());
        double[] toTight = NpyFile.read(folder.resolve("iters_1e-10.npy")).values();
        double[] iterations = NpyFile.read(folder.resolve("iterations.npy")).values();
        assertTrue(Files.size(folder.resolve("map.png")) > 0 && Files.size(folder.resolve("rate-difference.png")) > 0);
        assertFalse(Files.readString(folder.resolve("map.json")).contains("theory"), "a quadratic's theory is exact");

        Path sweepOut = temp.resolve("sweep");
        CliRunner.Outcome sweep = CliRunner.run("sweep", "--eigenvalues", "0.1,1", "--x0", "1,1", "--optimizers",
                "heavyball", "--lr", join(x), "--momentum", join(y), "--max-iters", "300", "--tol", "1e-4,1e-10",
                "--backend", "cpu", "--no-report", "-q", "--out", sweepOut.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        List<CSVRecord> rows = CliRunner.readCsv(sweepOut.resolve("results.csv"));
        assertEquals(24, rows.size());
        String[] labels = {"converged", "diverged", "max-iters"};
        int diverged = 0;
        for (CSVRecord row : rows) {
            int ix = indexOf(x, Double.parseDouble(row.get("lr")));
            int iy = indexOf(y, Double.parseDouble(row.get("momentum")));
            int p = iy * x.length + ix;
            String what = "lr=" + x[ix] + " momentum=" + y[iy];
            assertEquals(row.get("status"), labels[(int) status.values()[p]], what);
            assertEquals(Integer.parseInt(row.get("iterations")), (int) iterations[p], what);
            assertEquals(Integer.parseInt(row.get("iters_to_tol_1e-10").isEmpty() ? "-1" : row.get("iters_to_tol_1e-10")),
                    (int) toTight[p], what);
            diverged += row.get("status").equals("diverged") ? 1 : 0;
        }
        assertTrue(diverged > 0 && diverged < 24, "the grid should cross the stability limit: " + diverged);
        String best = Files.readString(mapOut.resolve("best.csv"));
        assertTrue(best.startsWith("optimizer,instance,x_axis,x,y_axis,y,status,iterations,iters_to_tol_1e-04"), best);
    }

    /**
     * Rosenbrock's map is sweep's rows of the same configurations (status, iterations, iterations to
     * the tight tolerance, f - f* and the measured rate), with theory taken locally: map.json says so
     * and gives L* and mu* of the Hessian at x*.
     */
    @Test
    void rosenbrockMapPointsEqualSweepRows() throws IOException {
        Path mapOut = temp.resolve("map");
        CliRunner.Outcome map = CliRunner.run("map", "--problem", "rosenbrock", "--x0", "1.05,0.95", "--optimizers",
                "heavyball", "--x-axis", "lr=0.0005:0.0035:4", "--y-axis", "momentum=0:0.9:4", "--max-iters", "2000",
                "--tol", "1e-4,1e-10", "--out", mapOut.toString());
        assertEquals(0, map.exitCode(), map.err());
        Path folder = mapOut.resolve("maps").resolve("heavyball-rosenbrock-n=2-seed=1");
        assertTrue(Files.readString(folder.resolve("map.json"))
                .contains("\"theory\" : \"local, at the minimum x*: L* = 1001.60, mu* = 0.399361\""), folder.toString());
        double[] x = NpyFile.read(folder.resolve("x.npy")).values();
        double[] y = NpyFile.read(folder.resolve("y.npy")).values();
        double[] status = NpyFile.read(folder.resolve("status.npy")).values();
        double[] iterations = NpyFile.read(folder.resolve("iterations.npy")).values();
        double[] toTight = NpyFile.read(folder.resolve("iters_1e-10.npy")).values();
        double[] suboptimality = NpyFile.read(folder.resolve("suboptimality.npy")).values();
        double[] rate = NpyFile.read(folder.resolve("rate_measured.npy")).values();

        Path sweepOut = temp.resolve("sweep");
        CliRunner.Outcome sweep = CliRunner.run("sweep", "--problem", "rosenbrock", "--x0", "1.05,0.95", "--optimizers",
                "heavyball", "--lr", join(x), "--momentum", join(y), "--max-iters", "2000", "--tol", "1e-4,1e-10",
                "--backend", "cpu", "--no-report", "-q", "--out", sweepOut.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        List<CSVRecord> rows = CliRunner.readCsv(sweepOut.resolve("results.csv"));
        assertEquals(16, rows.size());
        String[] labels = {"converged", "diverged", "max-iters"};
        int converged = 0;
        for (CSVRecord row : rows) {
            int p = indexOf(y, Double.parseDouble(row.get("momentum"))) * x.length + indexOf(x, Double.parseDouble(row.get("lr")));
            String what = "lr=" + row.get("lr") + " momentum=" + row.get("momentum");
            assertEquals(row.get("status"), labels[(int) status[p]], what);
            assertEquals(Integer.parseInt(row.get("iterations")), (int) iterations[p], what);
            assertEquals(Integer.parseInt(row.get("iters_to_tol_1e-10").isEmpty() ? "-1" : row.get("iters_to_tol_1e-10")),
                    (int) toTight[p], what);
            double sweptSuboptimality = Double.parseDouble(row.get("final_suboptimality"));
            assertEquals(sweptSuboptimality, suboptimality[p], 1e-12 * Math.abs(sweptSuboptimality), what);
            double sweptRate = row.get("rate_measured").isEmpty() ? Double.NaN : Double.parseDouble(row.get("rate_measured"));
            assertEquals(sweptRate, rate[p], 1e-12 * Math.abs(sweptRate), what);
            converged += row.get("status").equals("converged") ? 1 : 0;
        }
        assertTrue(converged > 0 && converged < 16, "the grid should hold converged and other points: " + converged);
    }

    /**
     * lr-scale on Rosenbrock is s / L*, and what theory predicts is local: heavy ball with beta = 0 at
     * s = 1 is gd at lr = 1/L*, whose rate on H* is 1 - mu* / L*.
     */
    @Test
    void onRosenbrockLrScaleIsRelativeToTheHessianAtTheMinimum() throws IOException {
        Path mapOut = temp.resolve("map");
        CliRunner.Outcome map = CliRunner.run("map", "--problem", "rosenbrock", "--x0", "1.05,0.95", "--optimizers",
                "heavyball", "--x-axis", "lr-scale=0.5:1.5:3", "--y-axis", "momentum=0:0.5:2", "--max-iters", "50",
                "--no-report", "--out", mapOut.toString());
        assertEquals(0, map.exitCode(), map.err());
        double[] predicted = NpyFile.read(mapOut.resolve("maps").resolve("heavyball-rosenbrock-n=2-seed=1")
                .resolve("rate_predicted.npy")).values();
        double smoothness = 501 + Math.sqrt(250601);
        double mu = 501 - Math.sqrt(250601);
        assertEquals(1 - mu / smoothness, predicted[1], 1e-12);
    }

    /**
     * Adam's beta1 x beta2 map, the optimizer left to the axes (only adam takes them): its points
     * are sweep's rows, and theory draws nothing (no stability limit, rate_predicted NaN).
     */
    @Test
    void adamBetaMapPointsEqualSweepRows() throws IOException {
        Path mapOut = temp.resolve("map");
        CliRunner.Outcome map = CliRunner.run("map", "--eigenvalues", "0.1,1", "--x0", "1,1", "--lr", "0.05",
                "--x-axis", "beta1=0:0.95:5", "--y-axis", "beta2=0.5:0.999:3", "--max-iters", "300", "--tol", "1e-6",
                "--out", mapOut.toString());
        assertEquals(0, map.exitCode(), map.err());
        Path folder = mapOut.resolve("maps").resolve("adam-n=2-kappa=10.0000-seed=1");
        double[] x = NpyFile.read(folder.resolve("x.npy")).values();
        double[] y = NpyFile.read(folder.resolve("y.npy")).values();
        double[] iterations = NpyFile.read(folder.resolve("iterations.npy")).values();
        double[] toTolerance = NpyFile.read(folder.resolve("iters_1e-06.npy")).values();
        assertFalse(Files.exists(folder.resolve("stability_limit.npy")));
        assertTrue(Arrays.stream(NpyFile.read(folder.resolve("rate_predicted.npy")).values()).allMatch(Double::isNaN));

        Path sweepOut = temp.resolve("sweep");
        CliRunner.Outcome sweep = CliRunner.run("sweep", "--eigenvalues", "0.1,1", "--x0", "1,1", "--optimizers", "adam",
                "--lr", "0.05", "--beta1", join(x), "--beta2", join(y), "--max-iters", "300", "--tol", "1e-6",
                "--backend", "cpu", "--no-report", "-q", "--out", sweepOut.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        List<CSVRecord> rows = CliRunner.readCsv(sweepOut.resolve("results.csv"));
        assertEquals(15, rows.size());
        int converged = 0;
        for (CSVRecord row : rows) {
            int p = indexOf(y, Double.parseDouble(row.get("beta2"))) * x.length
                    + indexOf(x, Double.parseDouble(row.get("beta1")));
            String what = "beta1=" + row.get("beta1") + " beta2=" + row.get("beta2");
            assertEquals(Integer.parseInt(row.get("iterations")), (int) iterations[p], what);
            assertEquals(Integer.parseInt(row.get("iters_to_tol_1e-06").isEmpty() ? "-1" : row.get("iters_to_tol_1e-06")),
                    (int) toTolerance[p], what);
            converged += row.get("status").equals("converged") ? 1 : 0;
        }
        assertTrue(converged > 0, "some points should converge");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--optimizers gd --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10|--y-axis: gd has no momentum",
        "--x-axis lr-scale=1:1:10 --y-axis momentum=0:0.9:10|--x-axis: 'lr-scale=1:1:10' is an empty range",
        "--x-axis lr-scale=0.1:2:1 --y-axis momentum=0:0.9:10|--x-axis: 'lr-scale=0.1:2:1' is an empty range",
        "--optimizers heavyball --x-axis beta1=0.1:0.9:10 --y-axis momentum=0:0.9:10|--x-axis: heavyball has no beta1",
        "--x-axis gamma=0.1:0.9:10 --y-axis momentum=0:0.9:10|--x-axis: 'gamma' is not one of [lr, lr-scale, momentum, beta1, beta2, kappa]",
        "--optimizers adam --x-axis beta1=0.1:0.9:10 --y-axis beta2=0.9:1:10|--y-axis: 'beta2=0.9:1:10' is not allowed: beta2 must be in [0, 1)",
        "--x-axis lr-scale=0.1:2:10 --y-axis momentum=0:1.5:10|--y-axis: 'momentum=0:1.5:10' is not allowed: momentum must be in [0, 1)",
        "--x-axis lr-scale=0.1:2:10 --y-axis lr=0.1:1:10|--y-axis: lr varies what --x-axis lr-scale varies",
        "--dims 128 --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10|--dims: n = 128 is not allowed: map runs 2 <= n <= 64",
        "--optimizers rmsprop --x-axis lr=0.1:2:10 --y-axis kappa=1:100:10|--optimizers: map runs [gd, heavyball, nesterov, adam], not rmsprop",
        "--precision fp32 --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10|--precision: map runs fp64 only",
        "--backend cpu,cuda --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10|--backend: map runs on one backend: cpu (auto: the CPU) or cuda",
        "--backend cuda --tol 1e-1,1e-2,1e-3,1e-4,1e-5,1e-6,1e-7,1e-8,1e-9 --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10"
            + "|--tol: gives 9 tolerances; map --backend cuda tracks at most 8",
        "--problem rosenbrock --optimizers gd --x-axis lr-scale=0.1:2:10 --y-axis kappa=1:100:10"
            + "|--y-axis: kappa is no axis of rosenbrock: its Hessian at the minimum fixes it",
        "--problem beale --x-axis lr-scale=0.1:2:10 --y-axis kappa=1:100:10|--y-axis: kappa is no axis of beale",
        "--problem logistic --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10"
            + "|--problem: map runs [quadratic, rosenbrock, beale], not logistic",
        "--problem rosenbrock --dims 65 --x-axis lr-scale=0.1:2:10 --y-axis momentum=0:0.9:10"
            + "|--dims: n = 65 is not allowed: map runs 2 <= n <= 64"})
    void badAxesGetOneLineAndExitTwo(String flags, String message) {
        List<String> args = new ArrayList<>(List.of("map", "--out", temp.resolve("out").toString()));
        args.addAll(List.of(flags.split(" ")));
        CliRunner.Outcome outcome = CliRunner.run(args.toArray(String[]::new));
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().startsWith("map: " + message), outcome.err());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
    }

    /** Without a GPU (and outside the stand-in's test run) --backend cuda ends in one line, exit 3, as sweep does. */
    @Test
    void mapOnCudaWithoutAGpuExitsThreeInOneLine() {
        assumeFalse(CudaAvailability.check().usable(), "a GPU is usable here: map --backend cuda runs");
        List<String> args = new ArrayList<>(List.of(MAP));
        args.addAll(List.of("--backend", "cuda", "--out", temp.resolve("out").toString()));
        CliRunner.Outcome outcome = CliRunner.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, outcome.exitCode(), outcome.err());
        assertEquals(List.of("map: --backend cuda: no usable GPU: " + CudaAvailability.check().reason()
                + "; use --backend cpu or auto"), outcome.err().lines().toList());
    }

    /** In a small heap a grid it cannot hold is refused before anything runs. */
    @Test
    void aGridTooLargeForTheHeapIsRefused() throws Exception {
        String err = refusedInASmallHeap("--x-axis", "lr-scale=0.1:2:10000", "--y-axis", "momentum=0:0.9:1000");
        assertTrue(err.startsWith("map: --x-axis: 10000 x 1000 points need about 0.5 GB"), err);
    }

    /**
     * Adam on the GPU counts its bias-correction table (max-iters values per distinct beta) too:
     * 100 x 100 points are nothing, their 200 x 10^5 corrections 0.16 GB.
     */
    @Test
    void adamOnCudaCountsItsCorrectionTable() throws Exception {
        String err = refusedInASmallHeap("--backend", "cuda", "--optimizers", "adam", "--max-iters", "100000",
                "--x-axis", "beta1=0:0.99:100", "--y-axis", "beta2=0.5:0.999:100");
        assertTrue(err.startsWith("map: --x-axis: 100 x 100 points need about 0.2 GB"), err);
    }

    /** map with these arguments in a JVM of 128 MB heap, which exits 2: its stderr. */
    private String refusedInASmallHeap(String... mapArguments) throws Exception {
        Path log = temp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "--add-modules=jdk.incubator.vector", "-cp", ChildClassPath.of(Main.class),
                Main.class.getName(), "map", "--out", temp.resolve("out").toString()));
        command.addAll(List.of(mapArguments));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(2, child.waitFor());
        return Files.readString(log).lines().filter(l -> !l.startsWith("WARNING")).reduce("", String::concat);
    }

    private static String join(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.length() == 0 ? "" : ",").append(v);
        }
        return text.toString();
    }

    private static int indexOf(double[] values, double value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new AssertionError(value + " is not on the axis");
    }
}
