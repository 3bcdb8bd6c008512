package dev.gdbench.report;

/**
 * A figure written as {@code figures/NAME.png} and {@code figures/NAME.svg} in a results directory.
 *
 * @param caption what it shows, for report.html
 */
public record Figure(String name, String caption) {
    public static final String DIRECTORY = "figures";

    public String png() {
        return DIRECTORY + "/" + name + "." + FigureWriter.PNG;
    }

    public String svg() {
        return DIRECTORY + "/" + name + "." + FigureWriter.SVG;
    }
}
