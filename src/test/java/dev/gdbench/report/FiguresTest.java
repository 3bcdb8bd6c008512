package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.result.Status;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            List<double[]> edge = Heatmap.edge(panel.cells());
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

    @Test
    void binsAreOneTwoFivePerDecadeCoveringTheRange() {
        assertArrayEquals(new double[] {10, 20, 50, 100, 200}, Heatmap.bins(10, 150));
        assertArrayEquals(new double[] {10}, Heatmap.bins(7, 10));
        assertArrayEquals(new double[] {5, 10, 20, 50}, Heatmap.bins(3, 40));
    }
}
