package dev.gdbench.report;

import dev.gdbench.result.RunMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reports on results directories from their files alone: the terminal summary, and figures plus
 * report.html. Nothing here runs or knows the engine; a directory from any earlier, interrupted or
 * partial run reports what it holds.
 */
public final class Report {
    public static final String FILE = "report.html";

    private Report() {}

    /** The terminal summary table of a results directory. */
    public static String summary(Path directory) {
        RunData run = RunData.read(directory);
        return run.tolerances().isEmpty() ? "" : summaryOf(run).render();
    }

    /**
     * Writes each directory's figures into it and one page with all of them side by side.
     *
     * @param notes receives one line per thing that could not be read or drawn
     * @return the page written
     */
    public static Path write(List<Path> directories, Path page, Consumer<String> notes) {
        return write(directories, page, notes, Plotting.unavailableReason());
    }

    /** @param noPlots why figures cannot be drawn here, or empty when they can */
    static Path write(List<Path> directories, Path page, Consumer<String> notes, Optional<String> noPlots) {
        noPlots.ifPresent(reason -> notes.accept("figures skipped: " + reason));
        List<HtmlReport.Section> sections = new ArrayList<>();
        for (Path directory : directories) {
            RunData run = RunData.read(directory);
            run.notes().forEach(note -> notes.accept(directory + ": " + note));
            SummaryTable summary = summaryOf(run);
            List<Figure> figures = noPlots.isPresent() ? List.of() : Figures.write(run, summary);
            sections.add(new HtmlReport.Section(run, summary, figures, noPlots));
        }
        HtmlReport.write(page, sections);
        return page;
    }

    /** A run with no results.csv still gets a table: an empty one, with a single tolerance column. */
    private static SummaryTable summaryOf(RunData run) {
        return run.tolerances().isEmpty() ? SummaryTable.of(List.of(), List.of(Double.NaN), 0)
                : SummaryTable.of(run.results(), run.tolerances(), run.headlineTolerance(), belowPrecisionFloor(run),
                        run.compared());
    }

    /** What meta.json lists as below the precision's floor; none for runs from before it did. */
    private static List<Double> belowPrecisionFloor(RunData run) {
        return run.meta().get(RunMetadata.TOLERANCES_BELOW_PRECISION_FLOOR) instanceof List<?> values
                ? values.stream().filter(Number.class::isInstance).map(v -> ((Number) v).doubleValue()).toList()
                : List.of();
    }
}
