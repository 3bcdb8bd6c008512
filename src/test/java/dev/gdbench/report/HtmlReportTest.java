package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.bench.Operation;
import dev.gdbench.bench.ThroughputReport;
import dev.gdbench.bench.ThroughputRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Pattern ROW = Pattern.compile("<tr>(<td>.*?</td>)</tr>");
    private static final Pattern CELL = Pattern.compile("<td>(.*?)</td>");
    private static final Pattern REFERENCE = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

    @TempDir
    Path temp;

    @Test
    void summaryTableHasTheNumbersOfResultsCsv() throws Exception {
        Path run = Fixtures.copySmallRun(temp.resolve("run"));
        Path page = Report.write(List.of(run), run.resolve(Report.FILE), note -> { });
        String html = Files.readString(page);
        String table = html.substring(html.indexOf("<table class=\"summary\">"));
        table = table.substring(0, table.indexOf("</table>"));
        List<CSVRecord> csv = Fixtures.readCsv(run.resolve("results.csv"));
        Matcher rows = ROW.matcher(table);
        int lines = 0;
        while (rows.find()) {
            lines++;
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(rows.group(1));
            while (cell.find()) {
                cells.add(cell.group(1));
            }
            // optimizer, n, kappa, best lr, lr*L, momentum, iters@1e-06, status, rate meas, rate pred, conv/div/max
            List<CSVRecord> group = csv.stream().filter(r -> r.get("optimizer").equals(cells.get(0))
                    && r.get("n").equals(cells.get(1))
                    && SummaryTable.compact(Double.parseDouble(r.get("kappa"))).equals(cells.get(2))).toList();
            CSVRecord best = group.stream()
                    .filter(r -> SummaryTable.compact(Double.parseDouble(r.get("lr"))).equals(cells.get(3))
                            && r.get("iters_to_tol_1e-06").equals(cells.get(6)))
                    .findFirst().orElseThrow(() -> new AssertionError("no row of results.csv matches " + cells));
            assertEquals(best.get("status"), cells.get(7));
            assertEquals(rate(best.get("rate_measured")), cells.get(8));
            assertEquals(rate(best.get("rate_predicted")), cells.get(9));
            long converged = group.stream().filter(r -> r.get("status").equals("converged")).count();
            long diverged = group.stream().filter(r -> r.get("status").equals("diverged")).count();
            assertEquals(converged + "/" + diverged + "/" + (group.size() - converged - diverged), cells.get(10));
            int fewest = group.stream().filter(r -> !r.get("iters_to_tol_1e-06").isEmpty())
                    .mapToInt(r -> Integer.parseInt(r.get("iters_to_tol_1e-06"))).min().orElseThrow();
            assertEquals(Integer.toString(fewest), cells.get(6), "the best configuration needs the fewest iterations");
        }
        assertEquals(4 * 3, lines, "a line per optimizer and condition number");
    }

    @Test
    void pageReferencesOnlyFilesThatExistAndNothingOnline() throws Exception {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        Path run = Fixtures.copySmallRun(temp.resolve("run"));
        Path page = Report.write(List.of(run), run.resolve(Report.FILE), note -> { });
        assertReferencesExist(page, 5 * 3 + 3);
    }

    @Test
    void severalRunsGoSideBySideOnOnePageElsewhere() throws Exception {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        Path first = Fixtures.copySmallRun(temp.resolve("first"));
        Path second = Fixtures.copySmallRun(temp.resolve("second"));
        Path page = temp.resolve("compare").resolve(Report.FILE);
        Files.createDirectories(page.getParent());
        Report.write(List.of(first, second), page, note -> { });
        String html = Files.readString(page);
        assertEquals(2, html.split("<section class=\"run\">", -1).length - 1);
        assertTrue(html.contains("../first/figures/heatmap.png") && html.contains("../second/results.csv"), html);
        assertReferencesExist(page, 2 * (5 * 3 + 3));
        // Side by side, a column is narrower than its tables: they scroll inside it instead of drawing over the next.
        assertTrue(html.contains(".scroll { overflow-x: auto;"), html);
        assertEquals(2, html.split("<div class=\"scroll\">\n<table class=\"summary\">", -1).length - 1, html);
        assertEquals(2, html.split("<div class=\"scroll\">\n<table class=\"meta\">", -1).length - 1, html);
    }

    @Test
    void anInterruptedRunReportsWhatItHas() throws Exception {
        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        Path run = Fixtures.copySmallRun(temp.resolve("run"));
        String results = Files.readString(run.resolve("results.csv"));
        Files.writeString(run.resolve("results.csv"), results.substring(0, results.length() * 2 / 3));
        Files.delete(run.resolve("history.csv"));
        Files.delete(run.resolve("meta.json"));
        List<String> notes = new ArrayList<>();
        Path page = Report.write(List.of(run), run.resolve(Report.FILE), notes::add);
        assertTrue(notes.stream().anyMatch(n -> n.contains("history.csv is missing")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("meta.json is missing")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("skipped 1 incomplete row")), notes.toString());
        assertTrue(Files.exists(run.resolve("figures/heatmap.png")));
        assertFalse(Files.exists(run.resolve("figures/curves.png")), "no history, no curves");
        assertReferencesExist(page, 3 * 3 + 1);
        assertTrue(Files.readString(page).contains("history.csv is missing"), "the page says what is missing");
    }

    @Test
    void withoutAwtThePageSaysWhyInOneLineAndHasNoFigures() throws Exception {
        Path run = Fixtures.copySmallRun(temp.resolve("run"));
        List<String> notes = new ArrayList<>();
        Path page = Report.write(List.of(run), run.resolve(Report.FILE), notes::add,
                java.util.Optional.of("this Java runtime has no java.desktop module"));
        assertEquals(List.of("figures skipped: this Java runtime has no java.desktop module"), notes);
        assertFalse(Files.exists(run.resolve(Figure.DIRECTORY)));
        String html = Files.readString(page);
        assertTrue(html.contains("No figures: this Java runtime has no java.desktop module"), html);
        assertTrue(html.contains("<table class=\"summary\">"));
        assertReferencesExist(page, 3);
    }

    /** The report reads throughput.csv as gdbench bench's writer writes it, not a hand-made header. */
    @Test
    void throughputCsvWrittenByTheBenchIsReadBackAndDrawn() throws Exception {
        Path run = Fixtures.copySmallRun(temp.resolve("run"));
        List<ThroughputRow> written = List.of(
                benchRow(Operation.UPDATE, "adam update", 256, 1.0e-5, 12.5, 0.9, Operation.Ceiling.COPY_BANDWIDTH, 20),
                benchRow(Operation.UPDATE, "adam update", 1024, 1.2e-4, 16.0, 3.1, Operation.Ceiling.COPY_BANDWIDTH, 20),
                benchRow(Operation.GRADIENT, "quadratic gradient", 1024, 2.0e-3, 4.2, 35.0,
                        Operation.Ceiling.MATRIX_PRODUCT, 80));
        ThroughputReport.write(written, run.resolve(RunData.THROUGHPUT_FILE));

        RunData data = RunData.read(run);
        assertTrue(data.notes().stream().noneMatch(n -> n.contains(RunData.THROUGHPUT_FILE)), data.notes().toString());
        assertEquals(3, data.throughput().size(), "every row the bench wrote");
        var gradient = data.throughput().get(2);
        assertEquals("quadratic gradient", gradient.benchmark());
        assertEquals(1024, gradient.n());
        assertEquals(64, gradient.batch());
        assertEquals("fp64", gradient.precision());
        assertEquals("cpu", gradient.backend());
        assertEquals(2.0e-3, gradient.secondsPerOperation());
        assertEquals(4.2, gradient.gbPerSecond());
        assertEquals(35.0, gradient.gflopPerSecond());
        assertEquals("matrix_product", gradient.ceilingName());
        assertEquals(80, gradient.ceilingValue());

        Assumptions.assumeTrue(Plotting.unavailableReason().isEmpty(), "figures need the java.desktop module");
        List<String> notes = new ArrayList<>();
        Report.write(List.of(run), run.resolve(Report.FILE), notes::add);
        assertTrue(notes.isEmpty(), notes.toString());
        var image = javax.imageio.ImageIO.read(run.resolve("figures/throughput.png").toFile());
        assertEquals(2 * FigureWriter.PANEL_WIDTH, image.getWidth());
        assertTrue(Files.readString(run.resolve(Report.FILE)).contains("figures/throughput.svg"));
    }

    private static ThroughputRow benchRow(Operation operation, String benchmark, int n, double seconds, double gbPerSecond,
                                          double gflopPerSecond, Operation.Ceiling ceiling, double ceilingValue) {
        double figure = ceiling == Operation.Ceiling.COPY_BANDWIDTH ? gbPerSecond : gflopPerSecond;
        return new ThroughputRow(operation, benchmark, n, 64, "fp64", "cpu", seconds, Double.NaN, seconds, seconds,
                gbPerSecond, gflopPerSecond, ceiling, ceilingValue, figure / ceilingValue, "test machine", Double.NaN);
    }

    /** results.csv leaves a rate empty where it is undefined (no theory for Adam); the table shows "-". */
    private static String rate(String csvField) {
        return csvField.isEmpty() ? "-" : String.format(Locale.ROOT, "%.6f", Double.parseDouble(csvField));
    }

    /** Every href and src names a file that exists, none is fetched from the network, and there are as many as expected. */
    private static void assertReferencesExist(Path page, int expected) throws Exception {
        Matcher reference = REFERENCE.matcher(Files.readString(page));
        int count = 0;
        while (reference.find()) {
            String target = reference.group(1);
            assertFalse(target.contains("://"), target);
            assertTrue(Files.isRegularFile(page.getParent().resolve(target)), target);
            count++;
        }
        assertEquals(expected, count);
    }
}
