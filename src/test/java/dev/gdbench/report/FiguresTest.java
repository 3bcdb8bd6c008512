package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.result.Status;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Element;

class FiguresTest {
    @BeforeAll
    static void needsTheDesktopModule() {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path temp;
    static Path run;
    static List<String> notes = new ArrayList<>();

    @BeforeAll
    static void drawTheSmallRun() throws Exception {
        run = Fixtures.copySmallRun(temp.resolve("run"));
        Report.write(List.of(run), run.resolve(Report.FILE), notes::add);
    }

    /** 4 optimizers and 3 condition numbers: 2 x 2 and 2 x 2 (one empty) panel grids, 1 panel for the rest. */
    @Test
    void everyFigureIsAValidPngAndSvgOfTheExpectedSize() throws Exception {
        Map<String, int[]> panels = Map.of("heatmap", new int[] {2, 2}, "curves", new int[] {2, 2},
                "diagnostics-grad_norm", new int[] {2, 2}, "rates", new int[] {1, 1}, "scaling", new int[] {1, 1});
        assertTrue(notes.isEmpty(), notes.toString());
        for (var entry : panels.entrySet()) {
            int width = entry.getValue()[0] * FigureWriter.PANEL_WIDTH;
            int height = entry.getValue()[1] * FigureWriter.PANEL_HEIGHT;
            Path png = run.resolve(Figure.DIRECTORY).resolve(entry.getKey() + ".png");
            byte[] head = new byte[PNG_SIGNATURE.length];
            System.arraycopy(Files.readAllBytes(png), 0, head, 0, head.length);
            assertArrayEquals(PNG_SIGNATURE, head, png.toString());
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(width, image.getWidth(), png.toString());
            assertEquals(height, image.getHeight(), png.toString());

            Path svg = run.resolve(Figure.DIRECTORY).resolve(entry.getKey() + ".svg");
            var factory = DocumentBuilderFactory.newInstance();
            // The SVG names the W3C DTD; tests run offline, and the DTD adds nothing to a well-formedness check.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Element root = factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
            assertEquals("svg", root.getTagName());
            assertEquals(width + "px", root.getAttribute("width"), svg.toString());
            assertEquals(height + "px", root.getAttribute("height"), svg.toString());
        }
    }

    @Test
    void heatmapCellsShowTheIterationsAndStatusOfResultsCsv() throws Exception {
        RunData data = RunData.read(run);
        int headline = data.headlineTolerance();
        String column = "iters_to_tol_1e-06";
        assertEquals(1e-6, data.tolerances().get(headline));
        Map<Integer, CSVRecord> csv = Fixtures.readCsv(run.resolve("results.csv")).stream()
                .collect(Collectors.toMap(r -> Integer.parseInt(r.get("config_id")), Function.identity()));
        List<Heatmap.Cell> cells = Heatmap.panels(data.results(), headline).stream()
                .flatMap(p -> p.cells().stream()).toList();
        assertEquals(csv.size(), cells.size(), "one cell per configuration");
        for (Heatmap.Cell cell : cells) {
            CSVRecord record = csv.get(cell.row().configurationId());
            double step = Double.parseDouble(record.get("lr_times_L"));
            double kappa = Double.parseDouble(record.get("kappa"));
            assertTrue(cell.x0() < step && step < cell.x1() && cell.y0() < kappa && kappa < cell.y1(), record.toString());
            switch (cell.kind()) {
                case CONVERGED -> assertEquals(Integer.parseInt(record.get(column)), cell.iterations(), record.toString());
                case DIVERGED -> assertEquals(Status.DIVERGED.label(), record.get("status"));
                case NOT_CONVERGED -> {
                    assertEquals("", record.get(column));
                    assertFalse(record.get("status").equals(Status.DIVERGED.label()));
                }
            }
        }
        assertTrue(cells.stream().anyMatch(c -> c.kind() == Heatmap.Kind.DIVERGED));
        assertTrue(cells.stream().anyMatch(c -> c.kind() == Heatmap.Kind.NOT_CONVERGED));
    }

    @Test
    void stabilityEdgeIsTwoForGradientDescentAndTwoOnePlusBetaForHeavyBall() {
        RunData data = RunData.read(run);
        for (Heatmap.Panel panel : Heatmap.panels(data.results(), data.headlineTolerance())) {
            String optimizer = panel.cells().get(0).row().optimizer();
            List<double[]> edge = Heatmap.edge(panel);
            for (Heatmap.Cell cell : panel.cells()) {
                Double momentum = cell.row().hyperParameters().get("momentum");
                double expected = switch (optimizer) {
                    case "gd" -> 2;
                    case "heavyball" -> 2 * (1 + momentum);
                    default -> Double.NaN;
                };
                if (!Double.isNaN(expected)) {
                    assertTrue(edge.stream().anyMatch(p -> Math.abs(p[0] - expected) < 1e-9
                            && p[1] >= cell.y0() && p[1] <= cell.y1()), optimizer + " at kappa " + cell.row().kappa());
                }
            }
            if (optimizer.equals("adam")) {
                assertTrue(edge.isEmpty(), "theory gives Adam no edge");
            }
        }
    }

    /** 250 iterations is the same colour and legend entry in a figure of 10-3000 iterations and in one of 100-300. */
    @Test
    void aCountHasTheSameBinAndColourInReportsOfDifferentRanges() {
        RunData data = RunData.read(run);
        int headline = data.headlineTolerance();
        List<ResultRow> narrow = data.results().stream().filter(r -> r.iterationsToTolerance()[headline] > 100
                && r.iterationsToTolerance()[headline] <= 300).toList();
        assertFalse(narrow.isEmpty());
        Map<String, java.awt.Color> wide = legendColours(Heatmap.charts(Heatmap.panels(data.results(), headline)));
        Map<String, java.awt.Color> few = legendColours(Heatmap.charts(Heatmap.panels(narrow, headline)));
        assertEquals(Map.of("100–300 iters", Heatmap.binColor(Heatmap.bin(250))), few);
        assertEquals(few.get("100–300 iters"), wide.get("100–300 iters"));
        assertTrue(wide.size() > few.size(), wide.keySet().toString());
    }

    @Test
    void binsAreFixedHalfDecadesWithTheirOwnColours() {
        assertEquals("≤ 10 iters", Heatmap.binLabel(Heatmap.bin(1)));
        assertEquals("10–30 iters", Heatmap.binLabel(Heatmap.bin(11)));
        assertEquals("100–300 iters", Heatmap.binLabel(Heatmap.bin(250)));
        assertEquals("100–300 iters", Heatmap.binLabel(Heatmap.bin(300)));
        assertEquals("300–1000 iters", Heatmap.binLabel(Heatmap.bin(301)));
        assertEquals("> 100000 iters", Heatmap.binLabel(Heatmap.bin(250_000)));
        long colours = java.util.stream.IntStream.rangeClosed(0, Heatmap.BIN_EDGES.length).mapToObj(Heatmap::binColor)
                .distinct().count();
        assertEquals(Heatmap.BIN_EDGES.length + 1, colours);
    }

    /** Configurations stopped at --max-iters are their own series, never among the converged ones. */
    @Test
    void maxItersRatesAreASeriesOfTheirOwn() {
        RunData data = RunData.read(run);
        XYChart chart = RateCharts.rates(data.results()).orElseThrow();
        for (String optimizer : List.of("gd", "heavyball", "nesterov")) {
            for (Status status : List.of(Status.CONVERGED, Status.MAX_ITERS)) {
                List<ResultRow> rows = data.results().stream().filter(r -> r.optimizer().equals(optimizer)
                        && r.status() == status && Double.isFinite(r.rateMeasured()) && r.rateMeasured() < 1
                        && Double.isFinite(r.ratePredicted()) && r.ratePredicted() < 1).toList();
                String name = status == Status.MAX_ITERS ? optimizer + " (max-iters)" : optimizer;
                if (rows.isEmpty()) {
                    assertFalse(chart.getSeriesMap().containsKey(name), name);
                    continue;
                }
                double[] measured = chart.getSeriesMap().get(name).getYData();
                assertArrayEquals(rows.stream().mapToDouble(r -> 1 - r.rateMeasured()).sorted().toArray(),
                        Arrays.stream(measured).sorted().toArray(), 1e-15, name);
            }
        }
        assertTrue(chart.getSeriesMap().containsKey("gd (max-iters)"), chart.getSeriesMap().keySet().toString());
    }

    /** A heatmap of one cell still labels its axes: XChart labels decades only, and one cell holds none. */
    @Test
    void aSingleCellHeatmapLabelsEveryTickOfItsAxes() {
        RunData data = RunData.read(run);
        ResultRow one = data.results().stream().filter(r -> r.optimizer().equals("gd") && r.kappa() == 100
                && r.iterationsToTolerance()[data.headlineTolerance()] > 0).findFirst().orElseThrow();
        XYChart chart = Heatmap.charts(Heatmap.panels(List.of(one), data.headlineTolerance())).get(0);
        assertFalse(chart.getStyler().isXAxisLogarithmicDecadeOnly());
        assertFalse(chart.getStyler().isYAxisLogarithmicDecadeOnly());
        XYChart full = Heatmap.charts(Heatmap.panels(data.results(), data.headlineTolerance())).get(0);
        assertTrue(full.getStyler().isYAxisLogarithmicDecadeOnly(), "κ from 10 to 1000 has decades to label");
    }

    /** A curve within one decade gets an axis from the power of ten below it to the one above, both labelled. */
    @Test
    void aNarrowLogAxisOfALineChartIsWidenedToTheDecadesAroundIt() {
        XYChart chart = Charts.chart("t", "x", "y");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        chart.addSeries("s", new double[] {1, 2000}, new double[] {0.15, 0.9});
        Charts.widenNarrowLogAxes(chart);
        assertEquals(0.1, chart.getStyler().getYAxisMin(), 1e-15);
        assertEquals(1, chart.getStyler().getYAxisMax(), 1e-15);
        assertNull(chart.getStyler().getXAxisMin(), "1 to 2000 holds 1, 10, 100 and 1000 already");
    }

    /**
     * Each best configuration's edge is its own lr_stability_limit (heavy ball's 2(1 + β)/lr, above
     * gradient descent's 2/lr), and Adam, whose limit is empty, draws none.
     */
    @Test
    void stabilityEdgesAreEachConfigurationsLimitFromResultsCsv() throws Exception {
        Path swept = Fixtures.sweep(temp.resolve("stability"), "--dims", "8", "--kappas", "10,100", "--optimizers",
                "gd,heavyball,adam", "--lr-scale", "0.5,1", "--max-iters", "500");
        RunData data = RunData.read(swept);
        SummaryTable summary = SummaryTable.of(data.results(), data.tolerances(), data.headlineTolerance());
        Map<Integer, CSVRecord> csv = Fixtures.readCsv(swept.resolve("results.csv")).stream()
                .collect(Collectors.toMap(r -> Integer.parseInt(r.get("config_id")), Function.identity()));
        List<XYChart> charts = Trajectories.stabilityCharts(data, summary);
        assertEquals(2, charts.size(), "one panel per condition number");
        int heavyBallEdges = 0;
        for (SummaryTable.Line line : summary.lines()) {
            XYChart chart = charts.get(line.group().kappa() == 10 ? 0 : 1);
            var edge = chart.getSeriesMap().entrySet().stream().filter(e -> e.getKey().startsWith("edge "
                    + line.group().optimizer() + " ")).map(Map.Entry::getValue).findFirst();
            CSVRecord best = csv.get(line.best().configurationId());
            if (best.get("lr_stability_limit").isEmpty()) {
                assertEquals("adam", line.group().optimizer());
                assertTrue(edge.isEmpty(), "no edge for a rule without one: " + chart.getSeriesMap().keySet());
                continue;
            }
            double lr = Double.parseDouble(best.get("lr"));
            double sharpness = Double.parseDouble(best.get("lr_times_L")) / lr;
            double expected = Double.parseDouble(best.get("lr_stability_limit")) * sharpness / lr;
            double[] drawn = edge.orElseThrow(() -> new AssertionError(line.group() + " has no edge")).getYData();
            for (double value : drawn) {
                assertEquals(expected, value, 1e-9 * expected, line.group().toString());
            }
            if (line.group().optimizer().equals("heavyball")) {
                heavyBallEdges++;
                assertTrue(drawn[0] > 2 / lr * 1.01, "heavy ball's edge lies above 2/lr: " + drawn[0] + " vs " + 2 / lr);
            }
        }
        assertEquals(2, heavyBallEdges);
    }

    /**
     * Logistic regression has no condition number: the heatmap's rows are the seeds it was swept
     * over, its titles give the batch size, the curves show |g|/|g0| (f* is unknown), and no title
     * says kappa.
     */
    @Test
    void aLogisticMiniBatchSweepIsDrawnOverTheSettingsItHas() throws Exception {
        Path swept = Fixtures.sweep(temp.resolve("logistic"), "--problem", "logistic", "--dims", "16", "--optimizers",
                "gd,heavyball", "--lr-scale", "0.5,1", "--batch-size", "8", "--seeds", "1,2", "--max-iters", "300");
        RunData data = RunData.read(swept);
        List<Heatmap.Panel> panels = Heatmap.panels(data.results(), data.headlineTolerance());
        assertEquals(List.of("gd, n = 16, B = 8", "heavyball, n = 16, B = 8"),
                panels.stream().map(p -> p.title().replaceAll(" \\(.*", "")).toList());
        for (Heatmap.Panel panel : panels) {
            assertEquals(Heatmap.Setting.SEED, panel.rows());
            assertEquals(4, panel.cells().size(), "2 seeds x 2 step sizes");
            for (Heatmap.Cell cell : panel.cells()) {
                double seed = cell.row().seed();
                assertTrue(cell.y0() < seed && seed < cell.y1(), cell.toString());
                assertTrue(cell.x0() < cell.row().lrTimesL() && cell.row().lrTimesL() < cell.x1(), cell.toString());
            }
            assertFalse(panel.title().contains("κ") || panel.title().contains("NaN"), panel.title());
        }
        assertEquals(Trajectories.RELATIVE_GRADIENT, Trajectories.convergence(data));

        List<String> notes = new ArrayList<>();
        Report.write(List.of(swept), swept.resolve(Report.FILE), notes::add);
        assertTrue(Files.exists(swept.resolve("figures/curves.png")), "a curves figure");
        assertTrue(Files.exists(swept.resolve("figures/heatmap.png")));
        SummaryTable summary = SummaryTable.of(data.results(), data.tolerances(), data.headlineTolerance());
        for (XYChart chart : Trajectories.charts(data, summary, Trajectories.convergence(data), "best")) {
            assertEquals("best, n = 16", chart.getTitle());
            assertTrue(chart.getSeriesMap().size() == 2, chart.getSeriesMap().keySet().toString());
        }
    }

    /** XChart clips a title wider than its panel; a long one (adamw's hyper-parameters) is set smaller instead. */
    @Test
    void aLongTitleIsSetSmallerToFitItsPanel() {
        String adamw = "adamw, n = 256, seed = 3 (beta1 0.9, beta2 0.999, eps 1e-08, weight_decay 0.01)";
        var context = new java.awt.font.FontRenderContext(null, true, true);
        java.awt.Font font = Charts.chart(adamw, "x", "y").getStyler().getChartTitleFont();
        assertTrue(font.getSize() < Charts.chart("gd, n = 16", "x", "y").getStyler().getChartTitleFont().getSize());
        assertTrue(font.getStringBounds(adamw, context).getWidth() <= Charts.TITLE_WIDTH, font.toString());
    }

    private static Map<String, java.awt.Color> legendColours(List<XYChart> charts) {
        Map<String, java.awt.Color> colours = new java.util.HashMap<>();
        for (XYChart chart : charts) {
            chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend() && s.getName().endsWith("iters"))
                    .forEach(s -> assertEquals(s.getFillColor(), colours.computeIfAbsent(s.getName(),
                            n -> s.getFillColor()), s.getName()));
        }
        return colours;
    }
}
