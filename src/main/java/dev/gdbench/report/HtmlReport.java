package dev.gdbench.report;

import dev.gdbench.result.ResultsWriter;
import dev.gdbench.result.RunMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * report.html: one page that works offline (no scripts, no fonts or styles fetched, images beside
 * it as files) with, per run, the command line and machine, the summary table, the figures and
 * links to the CSV files. Several runs go side by side, one column each.
 */
final class HtmlReport {
    /** What one run contributes to the page. */
    record Section(RunData run, SummaryTable summary, List<Figure> figures, Optional<String> figuresSkipped) {
    }

    /** meta.json fields worth a line, in this order; the machine's fields follow. */
    private static final List<String> META_FIELDS = List.of("command_line", "tool", "started", "finished", "seconds",
            "completed", "backend_description", "configurations", "batches");
    private static final String MACHINE = "machine";
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            .runs { display: flex; gap: 2em; align-items: flex-start; }
            .run { flex: 1; min-width: 0; }
            table { border-collapse: collapse; font-size: 0.9em; margin-bottom: 1em; }
            th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
            th { background: #f0f0f0; }
            td:first-child, th:first-child { text-align: left; }
            .scroll { overflow-x: auto; max-width: 100%; }
            table.meta td { text-align: left; font-family: monospace; overflow-wrap: anywhere; }
            .note { background: #fff4e0; border: 1px solid #e0b060; padding: 4px 8px; margin: 0.5em 0; }
            figure { margin: 1em 0; }
            figure img { max-width: 100%; }
            figcaption { font-size: 0.9em; color: #555; }
            """;

    private HtmlReport() {}

    static void write(Path page, List<Section> sections) {
        Path base = page.toAbsolutePath().getParent();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>gdbench report</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<h1>gdbench report</h1>\n")
                .append("<div class=\"runs\">\n");
        for (Section section : sections) {
            String prefix = prefix(base, section.run().directory());
            html.append("<section class=\"run\">\n<h2>").append(escape(section.run().directory().getFileName().toString()))
                    .append("</h2>\n");
            for (String note : section.run().notes()) {
                html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
            }
            // A column narrower than its table scrolls it: runs side by side never draw over each other.
            html.append("<div class=\"scroll\">\n");
            meta(html, section.run().meta());
            html.append("</div>\n<h3>Summary</h3>\n<div class=\"scroll\">\n");
            table(html, section.summary());
            html.append("</div>\n");
            html.append("<h3>Figures</h3>\n");
            section.figuresSkipped().ifPresent(reason ->
                    html.append("<p class=\"note\">No figures: ").append(escape(reason)).append("</p>\n"));
            for (Figure figure : section.figures()) {
                html.append("<figure><a href=\"").append(prefix).append(figure.svg()).append("\"><img src=\"")
                        .append(prefix).append(figure.png()).append("\" alt=\"").append(escape(figure.name()))
                        .append("\"></a><figcaption>").append(escape(figure.caption())).append(" (<a href=\"")
                        .append(prefix).append(figure.svg()).append("\">SVG</a>)</figcaption></figure>\n");
            }
            html.append("<h3>Data</h3>\n<ul>\n");
            for (String file : List.of(ResultsWriter.RESULTS_FILE, ResultsWriter.HISTORY_FILE, RunMetadata.FILE,
                    RunData.THROUGHPUT_FILE)) {
                if (Files.exists(section.run().directory().resolve(file))) {
                    html.append("<li><a href=\"").append(prefix).append(file).append("\">").append(file)
                            .append("</a></li>\n");
                }
            }
            html.append("</ul>\n</section>\n");
        }
        html.append("</div>\n</body>\n</html>\n");
        try {
            Files.writeString(page, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page, e);
        }
    }

    private static void meta(StringBuilder html, Map<String, Object> meta) {
        html.append("<table class=\"meta\">\n");
        for (String field : META_FIELDS) {
            if (meta.containsKey(field)) {
                html.append("<tr><th>").append(field).append("</th><td>").append(escape(String.valueOf(meta.get(field))))
                        .append("</td></tr>\n");
            }
        }
        if (meta.get(MACHINE) instanceof Map<?, ?> machine) {
            machine.forEach((key, value) -> html.append("<tr><th>").append(escape(String.valueOf(key)))
                    .append("</th><td>").append(escape(String.valueOf(value))).append("</td></tr>\n"));
        }
        html.append("</table>\n");
    }

    private static void table(StringBuilder html, SummaryTable summary) {
        html.append("<table class=\"summary\">\n<tr>");
        summary.headers().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> cells : summary.cells()) {
            html.append("<tr>");
            cells.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** The path from the page's folder to a run's folder, with a trailing slash; empty when the same. */
    private static String prefix(Path base, Path directory) {
        String relative = base.relativize(directory.toAbsolutePath()).toString().replace('\\', '/');
        return relative.isEmpty() ? "" : relative + "/";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
