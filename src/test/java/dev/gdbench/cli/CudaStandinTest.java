package dev.gdbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gdbench.ChildClassPath;
import dev.gdbench.backend.cuda.CudaStandin;
import dev.gdbench.map.NpyFile;
import dev.gdbench.result.ResultColumns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on {@code --backend cuda} over the CPU stand-in for the CUDA driver: the results equal
 * the CPU backend's, and the error paths a GPU rarely shows on demand (a batch larger than device
 * memory, a driver too old for the kernels, a kernel that fails) end as documented. The stand-in
 * reads its settings at cuInit, once per JVM, so each error path runs in a child JVM with its own.
 * Run by the surefire execution cuda-standin; skipped elsewhere.
 */
class CudaStandinTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A child's sweep takes seconds on the stand-in; a hang is a failure. */
    static final long CHILD_TIMEOUT_SECONDS = 120;

    @TempDir
    Path out;

    @BeforeAll
    static void requireStandin() {
        assumeTrue(CudaStandin.folder().isPresent() && CudaStandin.active(), CudaStandin::absence);
    }

    /** Least squares with n = 17 and 33 (m = 40), each at the given kappas, with gd, nesterov and adam at one step size. */
    private static String[] sweep(Path directory, String backend, String kappas, String... extra) {
        String[] base = {"sweep", "--problem", "least-squares", "--dims", "17,33", "--kappas", kappas, "--rows", "40",
                "--optimizers", "gd,nesterov,adam", "--lr-scale", "0.5", "--max-iters", "300", "--backend", backend,
                "--out", directory.toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    /**
     * map --backend cuda writes the files --backend cpu writes, byte for byte (rate_measured too:
     * the kernel's log and exp may differ from Java's by an ulp, which these grids do not meet),
     * for the three rules at n = 2 (the register kernel) and 12 (the general one), a kappa axis
     * included; map.json adds the kernel time, which the map's stderr line repeats.
     */
    @Test
    void mapOnCudaWritesTheFilesOfTheCpuMap() throws IOException {
        List<String> base = List.of("map", "--dims", "2,12", "--kappas", "100", "--max-iters", "600", "--no-report",
                "--x-axis", "lr-scale=0.05:3.9:12");
        for (List<String> axes : List.of(List.of("--y-axis", "momentum=0:0.999:10"),
                List.of("--optimizers", "gd", "--y-axis", "kappa=1:1e3:log6"))) {
            String name = axes.get(axes.size() - 1).substring(0, 5);
            List<String> cuda = new ArrayList<>(base);
            cuda.addAll(axes);
            cuda.addAll(List.of("--backend", "cuda", "--out", out.resolve("cuda-" + name).toString()));
            List<String> cpu = new ArrayList<>(base);
            cpu.addAll(axes);
            cpu.addAll(List.of("--backend", "cpu", "--out", out.resolve("cpu-" + name).toString()));
            CliRunner.Outcome onGpu = CliRunner.run(cuda.toArray(String[]::new));
            CliRunner.Outcome onCpu = CliRunner.run(cpu.toArray(String[]::new));
            assertEquals(0, onGpu.exitCode(), onGpu.err());
            assertEquals(0, onCpu.exitCode(), onCpu.err());
            assertTrue(onGpu.err().lines().filter(l -> l.startsWith("map: ")).allMatch(l -> l.matches(".*; kernel [0-9.]+ ms\\)")),
                    onGpu.err());
            List<Path> maps;
            try (var folders = Files.list(out.resolve("cpu-" + name).resolve("maps"))) {
                maps = folders.sorted().toList();
            }
            assertEquals(name.equals("momen") ? 4 : 2, maps.size(), "heavyball and nesterov, or gd, at n = 2 and 12: " + maps);
            for (Path cpuMap : maps) {
                assertSameMapFiles(cpuMap, out.resolve("cuda-" + name).resolve("maps").resolve(cpuMap.getFileName()), 0);
            }
        }
    }

    /**
     * Adam's beta1 x beta2 map on the GPU (its bias corrections tabulated on the host) writes the
     * CPU map's files, at n = 2 and 12.
     */
    @Test
    void adamMapOnCudaWritesTheFilesOfTheCpuMap() throws IOException {
        for (String backend : List.of("cuda", "cpu")) {
            CliRunner.Outcome outcome = CliRunner.run("map", "--dims", "2,12", "--kappas", "100", "--max-iters", "600",
                    "--no-report", "--optimizers", "adam", "--lr", "0.05", "--x-axis", "beta1=0:0.99:12",
                    "--y-axis", "beta2=0.5:0.9999:10", "--backend", backend, "--out", out.resolve(backend + "-adam").toString());
            assertEquals(0, outcome.exitCode(), outcome.err());
        }
        List<Path> maps;
        try (var folders = Files.list(out.resolve("cpu-adam").resolve("maps"))) {
            maps = folders.sorted().toList();
        }
        assertEquals(2, maps.size(), "adam at n = 2 and 12: " + maps);
        for (Path cpuMap : maps) {
            assertSameMapFiles(cpuMap, out.resolve("cuda-adam").resolve("maps").resolve(cpuMap.getFileName()), 0);
        }
    }

    /**
     * Every .npy file of the CPU's map folder byte for byte in the GPU's, which adds the kernel time to
     * map.json; with a {@code rateBound} above 0, rate_measured.npy to that relative bound instead.
     */
    private static void assertSameMapFiles(Path cpuMap, Path gpuMap, double rateBound) throws IOException {
        List<Path> files;
        try (var list = Files.list(cpuMap)) {
            files = list.filter(f -> f.toString().endsWith(".npy")).sorted().toList();
        }
        assertTrue(files.size() >= 9, files.toString());
        for (Path file : files) {
            Path onGpu = gpuMap.resolve(file.getFileName());
            if (rateBound > 0 && file.getFileName().toString().equals("rate_measured.npy")) {
                double[] expected = NpyFile.read(file).values();
                double[] actual = NpyFile.read(onGpu).values();
                for (int p = 0; p < expected.length; p++) {
                    assertEquals(Double.isNaN(expected[p]), Double.isNaN(actual[p]), onGpu + " at " + p);
                    if (!Double.isNaN(expected[p])) {
                        assertEquals(expected[p], actual[p], rateBound * Math.abs(expected[p]), onGpu + " at " + p);
                    }
                }
                continue;
            }
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(onGpu), onGpu.toString());
        }
        double kernelSeconds = JSON.readTree(gpuMap.resolve("map.json").toFile()).get("kernel_seconds").asDouble();
        assertTrue(kernelSeconds > 0, gpuMap + ": kernel_seconds " + kernelSeconds);
        assertEquals(null, JSON.readTree(cpuMap.resolve("map.json").toFile()).get("kernel_seconds"));
    }

    /**
     * Rosenbrock (n = 2: its register kernel; n = 5: its general one) and Beale on the GPU write the
     * CPU map's files, and the same note that theory is local at the minimum. rate_measured to
     * 1e-12 relative: on these grids the stand-in's log (glibc's) and Java's differ by an ulp at
     * a point or so (CudaMapEngineTest.RATE_BOUND).
     */
    @Test
    void rosenbrockAndBealeMapsOnCudaWriteTheFilesOfTheCpuMap() throws IOException {
        for (String[] instance : List.of(new String[] {"rosenbrock", "2", "1.05,0.95"},
                new String[] {"rosenbrock", "5", "1.05,0.95,1.02,0.99,1.01"}, new String[] {"beale", "2", "2.6,0.35"})) {
            Path[] maps = new Path[2];
            for (int k = 0; k < 2; k++) {
                String backend = k == 0 ? "cpu" : "cuda";
                Path folder = out.resolve(instance[0] + instance[1] + "-" + backend);
                CliRunner.Outcome outcome = CliRunner.run("map", "--problem", instance[0], "--dims", instance[1], "--x0",
                        instance[2], "--optimizers", "heavyball", "--max-iters", "1500", "--no-report", "--x-axis",
                        "lr-scale=0.05:3.9:12", "--y-axis", "momentum=0:0.99:10", "--backend", backend, "--out",
                        folder.toString());
                assertEquals(0, outcome.exitCode(), outcome.err());
                maps[k] = folder.resolve("maps").resolve("heavyball-" + instance[0] + "-n=" + instance[1] + "-seed=1");
            }
            assertSameMapFiles(maps[0], maps[1], 1e-12);
            String theory = JSON.readTree(maps[0].resolve("map.json").toFile()).get("theory").asText();
            assertTrue(theory.startsWith("local, at the minimum x*: L* = "), theory);
            assertEquals(theory, JSON.readTree(maps[1].resolve("map.json").toFile()).get("theory").asText());
        }
    }

    /**
     * The same rows, statuses and iteration counts; the final loss to 1e-12 relative, |g| and
     * |x - x*| to 1e-12 of their values at x0.
     */
    @Test
    void fp64SweepOnCudaGivesTheCpuBackendsResults() throws IOException {
        CliRunner.Outcome cuda = CliRunner.run(sweep(out.resolve("cuda"), "cuda", "10,1000"));
        CliRunner.Outcome cpu = CliRunner.run(sweep(out.resolve("cpu"), "cpu", "10,1000"));
        assertEquals(0, cuda.exitCode(), cuda.err());
        assertEquals(0, cpu.exitCode(), cpu.err());
        List<CSVRecord> onGpu = CliRunner.readCsv(out.resolve("cuda/results.csv"));
        List<CSVRecord> onCpu = CliRunner.readCsv(out.resolve("cpu/results.csv"));
        Map<String, Map<String, Double>> start = new HashMap<>();
        for (CSVRecord h : CliRunner.readCsv(out.resolve("cpu/history.csv"))) {
            if (h.get("iteration").equals("0")) {
                start.put(h.get("config_id"), Map.of("grad_norm", Double.parseDouble(h.get("grad_norm")),
                        "dist_to_opt", Double.parseDouble(h.get("dist_to_opt"))));
            }
        }
        assertEquals(12, onGpu.size());
        assertEquals(onCpu.size(), onGpu.size());
        for (int i = 0; i < onCpu.size(); i++) {
            CSVRecord g = onGpu.get(i);
            CSVRecord c = onCpu.get(i);
            String config = c.get("config_id") + " " + c.get("optimizer") + " n=" + c.get("n") + " kappa=" + c.get("kappa");
            assertEquals("cuda", g.get("backend"), config);
            for (String column : List.of("config_id", "optimizer", "lr", "status", "iterations")) {
                assertEquals(c.get(column), g.get(column), config + ": " + column);
            }
            double loss = Double.parseDouble(c.get("final_loss"));
            assertEquals(loss, Double.parseDouble(g.get("final_loss")), 1e-12 * Math.abs(loss), config + ": final_loss");
            // |g| and |x - x*| shrink by orders of magnitude: their rounding is relative to where they started.
            for (String measure : List.of("grad_norm", "dist_to_opt")) {
                double scale = start.get(c.get("config_id")).get(measure);
                assertEquals(Double.parseDouble(c.get("final_" + measure)), Double.parseDouble(g.get("final_" + measure)),
                        1e-12 * scale, config + ": final_" + measure);
            }
        }
    }

    /**
     * A budget of 15.5 kB: the batches of n = 17 fit (9.2 kB), those of n = 33 (m = 40 and M take
     * 16.3 kB for three configurations) run in parts that fit. Every row is written, from the GPU.
     */
    @Test
    void batchesLargerThanDeviceMemoryRunInPartsThatFit() throws Exception {
        Child child = runChild(Map.of("GDBENCH_STANDIN_MEMORY_BYTES", "15500"), sweep(out.resolve("split"), "cuda", "10,1000"));
        assertEquals(0, child.exitCode(), child.output());
        assertTrue(child.output().contains("running such batches in parts that fit"), child.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("split/results.csv"));
        assertEquals(12, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.get("backend").equals("cuda")), "every part ran on the GPU");
    }

    @Test
    void aDriverOlderThanTheKernelsIsRefusedInOneLine() throws Exception {
        Child child = runChild(Map.of("GDBENCH_STANDIN_DRIVER_VERSION", "12040"), sweep(out.resolve("old"), "cuda", "10"));
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, child.exitCode(), child.output());
        assertEquals(List.of("sweep: --backend cuda: no usable GPU: the NVIDIA driver supports CUDA 12.4 and the kernels"
                + " were built with CUDA 13.0: update the driver, or rebuild them with that CUDA's nvcc"
                + " (native/build-kernels.sh --force); use --backend cpu or auto"), child.lines());
    }

    /**
     * A driver without cuInit and cuStreamBeginCapture_v2 (a gcc-built libcuda.so.1 of stubs): the
     * check before JCuda loads names both; --backend cuda exits 3 in one line, auto runs on the CPU
     * and says why. Without the check the child JVM died at its first cuInit ("symbol lookup error").
     */
    @Test
    void aDriverLackingFunctionsGdbenchCallsIsRefusedInOneLineInsteadOfEndingTheJvm() throws Exception {
        Path driver = CudaStandin.driverLacking(out.resolve("old-driver"), List.of("cuInit", "cuStreamBeginCapture_v2"));
        Map<String, String> onIt = Map.of("LD_LIBRARY_PATH", driver.getParent().toString());
        String reason = "no usable GPU: " + driver + " lacks driver functions gdbench calls (cuInit, cuStreamBeginCapture_v2):"
                + " update the NVIDIA driver";
        Child cuda = runChild(onIt, sweep(out.resolve("lacking-cuda"), "cuda", "10"));
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, cuda.exitCode(), cuda.output());
        assertEquals(List.of("sweep: --backend cuda: " + reason + "; use --backend cpu or auto"), cuda.lines());
        Child auto = runChild(onIt, sweep(out.resolve("lacking-auto"), "auto", "10"));
        assertEquals(0, auto.exitCode(), auto.output());
        assertEquals(1, auto.lines().stream().filter(l -> l.startsWith("backend: cpu")
                && l.endsWith(" (auto: " + reason + ", running on the CPU)")).count(), auto.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("lacking-auto/results.csv"));
        assertEquals(6, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.get("backend").equals("cpu")), "every batch ran on the CPU");
    }

    /** This execution sets GDBENCH_GEMM=builtin: the GEMM names that variable, and the backend's choice follows once. */
    @Test
    void theBackendLineSaysRequestedOnceAndNamesTheGemmsVariable() {
        CliRunner.Outcome sweep = CliRunner.run(sweep(out.resolve("line"), "cuda", "10"));
        assertEquals(0, sweep.exitCode(), sweep.err());
        String standin = "gdbench CPU stand-in for the CUDA driver (sm_90, 132 SMs, 4.0 GiB), driver API 13.0";
        assertEquals(List.of("backend: cuda: " + standin + "; GEMM built-in tiled GEMM (GDBENCH_GEMM=builtin) (requested)"),
                sweep.err().lines().filter(l -> l.startsWith("backend: ")).toList());
        CliRunner.Outcome info = CliRunner.run("info");
        assertEquals(0, info.exitCode(), info.err());
        assertEquals(List.of("gemm                   built-in tiled GEMM (GDBENCH_GEMM=builtin)"),
                info.out().lines().filter(l -> l.startsWith("gemm ")).toList());
    }

    /**
     * The 301st run of update_gd_f64 fails: the first instance's batch ran its 300 iterations (one
     * gd update each), the second's fails in its first chunk (the error surfaces at the next call,
     * as on a GPU). The sweep ends with one line, after the progress lines, naming the kernels of
     * the chunk and the batch; no stack trace; the first batch's rows are written.
     */
    @Test
    void aFailingKernelEndsTheSweepInOneLineNamingKernelAndBatch() throws Exception {
        Child child = runChild(Map.of("GDBENCH_STANDIN_FAIL_KERNEL", "update_gd_f64:301"),
                sweep(out.resolve("failed"), "cuda", "1000", "--tol", "1e-30"));
        assertEquals(ExitCodes.INTERNAL_ERROR, child.exitCode(), child.output());
        List<String> lines = child.lines();
        String line = lines.get(lines.size() - 1);
        assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("sweep: ") && !l.equals(line)
                || l.startsWith("\tat ") || l.contains("Exception")).toList(), child.output());
        assertTrue(line.startsWith("sweep: cuda: iterations 1..1 (a graph of update_gd_f64, "), line);
        assertTrue(line.contains("update_gd_f64") && line.contains("batch least-squares n=33 m=40"), line);
        assertTrue(line.endsWith("CUDA_ERROR_LAUNCH_FAILED (batches already finished are written)"), line);
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("failed/results.csv"));
        assertEquals(List.of("17"), rows.stream().map(r -> r.get("n")).distinct().toList());
    }

    /**
     * --backend cpu,cuda: every configuration has a row from each, the cpu rows equal a cpu-only
     * sweep's, cpu's speedup is 1 and cuda's a positive ratio, history.csv holds cpu's trajectories
     * once, and the summary has the speedup column.
     */
    @Test
    void cpuAndCudaInOneSweepAgreeAndEveryRowHasItsSpeedup() throws IOException {
        CliRunner.Outcome both = CliRunner.run(sweep(out.resolve("both"), "cpu,cuda", "10,1000"));
        CliRunner.Outcome cpu = CliRunner.run(sweep(out.resolve("cpu"), "cpu", "10,1000", "--quiet"));
        assertEquals(0, both.exitCode(), both.err());
        assertEquals(0, cpu.exitCode(), cpu.err());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("both/results.csv"));
        List<CSVRecord> cpuOnly = CliRunner.readCsv(out.resolve("cpu/results.csv"));
        assertEquals(2 * cpuOnly.size(), rows.size());
        for (CSVRecord alone : cpuOnly) {
            List<CSVRecord> mine = rows.stream().filter(r -> r.get("config_id").equals(alone.get("config_id"))).toList();
            assertEquals(List.of("cpu", "cuda"), mine.stream().map(r -> r.get("backend")).toList());
            for (String column : List.of("status", "iterations", "final_loss", "x_final", "rate_measured")) {
                assertEquals(alone.get(column), mine.get(0).get(column), column);
            }
            assertEquals(alone.get("status"), mine.get(1).get("status"));
            assertEquals(alone.get("iterations"), mine.get(1).get("iterations"));
            assertEquals(1.0, Double.parseDouble(mine.get(0).get("speedup")));
            double speedup = Double.parseDouble(mine.get(1).get("speedup"));
            assertTrue(speedup > 0 && Double.isFinite(speedup), mine.get(1).get("speedup"));
        }
        assertEquals(Files.readAllLines(out.resolve("cpu/history.csv")).size(),
                Files.readAllLines(out.resolve("both/history.csv")).size());
        assertTrue(both.out().lines().findFirst().orElse("").contains("cuda speedup"), both.out());
        assertTrue(both.err().contains("comparing: every batch runs on cpu, cuda"), both.err());
    }

    /** A compared batch counts as done only with rows from both backends: one missing its cuda rows runs again on both. */
    @Test
    void resumingACpuAndCudaSweepRerunsTheBatchesOneBackendDidNotFinish() throws IOException {
        Path run = out.resolve("resumed");
        assertEquals(0, CliRunner.run(sweep(run, "cpu,cuda", "10", "--quiet", "--no-report")).exitCode());
        List<String> lines = Files.readAllLines(run.resolve("results.csv"));
        List<CSVRecord> before = CliRunner.readCsv(run.resolve("results.csv"));
        // As if the sweep had stopped while writing the second batch's (n = 33) cuda rows.
        List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 3));
        Files.write(run.resolve("results.csv"), cut);

        CliRunner.Outcome resumed = CliRunner.run(sweep(run, "cpu,cuda", "10", "--no-report", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming: 1 batches to run"), resumed.err());
        List<CSVRecord> after = CliRunner.readCsv(run.resolve("results.csv"));
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            for (String column : List.of("config_id", "backend", "status", "iterations", "final_loss")) {
                assertEquals(before.get(i).get(column), after.get(i).get(column), column + " of row " + i);
            }
        }
    }

    /**
     * A device that computes slightly wrong (x[0] of every gd update scaled by 1 + 1e-6) disagrees
     * with the CPU: each batch is named in one line, none of its rows is written, exit 5.
     */
    @Test
    void aPerturbedDeviceIsCaughtAndItsBatchesAreNotWritten() throws Exception {
        Child child = runChild(Map.of("GDBENCH_STANDIN_PERTURB_KERNEL", "update_gd_f64"),
                sweep(out.resolve("perturbed"), "cpu,cuda", "10", "--no-report"));
        assertEquals(ExitCodes.BACKENDS_DISAGREE, child.exitCode(), child.output());
        List<String> named = child.lines().stream().filter(l -> l.contains("cuda disagrees with cpu")).toList();
        assertEquals(2, named.size(), child.output());
        assertTrue(named.get(0).startsWith("batch least-squares n=17 kappa=10.00 m=40 seed=1: cuda disagrees with cpu: "
                + "configuration 0 (gd {lr=0.5}): "), named.get(0));
        // The nudged column ends elsewhere, or at another check: either is named with both values.
        assertTrue(named.get(0).contains("final iterates differ by") || named.get(0).matches(
                ".*converged at \\d+ on cpu but converged at \\d+ on cuda.*"), named.get(0));
        assertEquals(List.of(), CliRunner.readCsv(out.resolve("perturbed/results.csv")));
        assertEquals("sweep: the backends disagreed on 2 batch(es), named above; their rows are not written",
                child.lines().get(child.lines().size() - 1));
    }

    /** The columns that say how fast a batch ran, or where: all that may differ between devices. */
    private static final Set<String> TIMING_AND_DEVICE = Stream.concat(ResultColumns.TIMING.stream(), Stream.of("device"))
            .collect(Collectors.toSet());

    /**
     * Two GPUs: every row equals the one-GPU sweep's cell for cell but timings and device, each
     * device ran batches (rows written whole per batch), meta.json describes both and the plan is the same.
     */
    @Test
    void twoDevicesGiveTheRowsOfOneAndBothRunBatches() throws Exception {
        assertEquals(0, CliRunner.run(sweep(out.resolve("one"), "cuda", "10,1000", "--quiet", "--no-report")).exitCode());
        Child two = runChild(Map.of("GDBENCH_STANDIN_DEVICES", "2"),
                sweep(out.resolve("two"), "cuda", "10,1000", "--devices", "all", "--quiet", "--no-report"));
        assertEquals(0, two.exitCode(), two.output());
        Map<String, CSVRecord> single = byConfiguration(CliRunner.readCsv(out.resolve("one/results.csv")));
        List<CSVRecord> spread = CliRunner.readCsv(out.resolve("two/results.csv"));
        assertEquals(12, spread.size());
        for (CSVRecord row : spread) {
            CSVRecord expected = single.get(row.get("config_id"));
            for (String column : row.getParser().getHeaderNames()) {
                if (!TIMING_AND_DEVICE.contains(column)) {
                    assertEquals(expected.get(column), row.get(column), "config " + row.get("config_id") + ": " + column);
                }
            }
        }
        assertEquals(Set.of("0"), single.values().stream().map(r -> r.get("device")).collect(Collectors.toSet()));
        // Batches of three configurations each: a batch's rows are consecutive and from one device.
        for (int first = 0; first < spread.size(); first += 3) {
            assertEquals(1, spread.subList(first, first + 3).stream().map(r -> r.get("device")).distinct().count(),
                    "rows " + first + " to " + (first + 2));
        }
        assertEquals(Set.of("0", "1"), spread.stream().map(r -> r.get("device")).collect(Collectors.toSet()));
        assertEquals(sorted(out.resolve("one/history.csv")), sorted(out.resolve("two/history.csv")));
        String meta = Files.readString(out.resolve("two/meta.json"));
        assertTrue(meta.matches("(?s).*\"devices\" : \\{\\s*\"0\" : \"cuda: .*\"1\" : \"cuda: .*"), meta);
        assertEquals(Files.readString(out.resolve("one/plan.json")), Files.readString(out.resolve("two/plan.json")));
    }

    /** cpu,cuda over two GPUs: every batch still runs on the CPU (no device) and on one of the GPUs, and they agree. */
    @Test
    void comparingWithTheCpuSpreadsOnlyTheCudaLane() throws Exception {
        Child both = runChild(Map.of("GDBENCH_STANDIN_DEVICES", "2"),
                sweep(out.resolve("both"), "cpu,cuda", "10,1000", "--devices", "0,1", "--quiet", "--no-report"));
        assertEquals(0, both.exitCode(), both.output());
        List<CSVRecord> rows = CliRunner.readCsv(out.resolve("both/results.csv"));
        assertEquals(24, rows.size());
        assertEquals(Set.of(""), rows.stream().filter(r -> r.get("backend").equals("cpu")).map(r -> r.get("device"))
                .collect(Collectors.toSet()));
        assertEquals(Set.of("0", "1"), rows.stream().filter(r -> r.get("backend").equals("cuda"))
                .map(r -> r.get("device")).collect(Collectors.toSet()));
        assertEquals(12, byConfiguration(rows).size());
    }

    @Test
    void aDeviceTheDriverDoesNotSeeIsBadInput() {
        CliRunner.Outcome outcome = CliRunner.run(sweep(out.resolve("beyond"), "cuda", "10", "--devices", "0,1"));
        assertEquals(ExitCodes.BAD_INPUT, outcome.exitCode(), outcome.err());
        assertEquals("sweep: --devices: 1 is not allowed: must be in [0, 0], the devices the CUDA driver sees",
                outcome.err().strip());
    }

    private static Map<String, CSVRecord> byConfiguration(List<CSVRecord> rows) {
        Map<String, CSVRecord> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.get("config_id"), r));
        return byId;
    }

    private static List<String> sorted(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    record Child(int exitCode, String output) {
        /** What the child printed on stderr and stdout, without the JVM's note on incubator modules. */
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (!line.isBlank() && !line.startsWith("WARNING: Using incubator modules")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    /** gdbench in a JVM of its own, on the stand-in with these settings. */
    private Child runChild(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", ChildClassPath.of(Main.class, CudaStandinTest.class),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        Files.writeString(out.resolve("child.log"), output);
        return new Child(process.exitValue(), output);
    }
}
