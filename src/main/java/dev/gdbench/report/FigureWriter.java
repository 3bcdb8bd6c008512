package dev.gdbench.report;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a figure, a grid of XChart panels, as NAME.png and NAME.svg. XChart saves one chart per
 * file; painting every panel into one Graphics2D, translated to its cell, gives one image with
 * several panels in both formats from the same drawing code.
 */
final class FigureWriter {
    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 420;
    static final String PNG = "png";
    static final String SVG = "svg";

    private FigureWriter() {}

    /** Panels go left to right, then down, {@code columns} to a row. */
    static void write(Path directory, String name, List<? extends Chart<?, ?>> panels, int columns) {
        int across = Math.min(columns, panels.size());
        int down = (panels.size() + across - 1) / across;
        int width = across * PANEL_WIDTH;
        int height = down * PANEL_HEIGHT;
        try {
            Files.createDirectories(directory);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D png = image.createGraphics();
            png.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            png.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(png, panels, across, width, height);
            png.dispose();
            ImageIO.write(image, PNG, directory.resolve(name + "." + PNG).toFile());

            VectorGraphics2D svg = new VectorGraphics2D();
            paint(svg, panels, across, width, height);
            try (OutputStream out = Files.newOutputStream(directory.resolve(name + "." + SVG))) {
                Processors.get(SVG).getDocument(svg.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + name, e);
        }
    }

    private static void paint(Graphics2D g, List<? extends Chart<?, ?>> panels, int across, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int p = 0; p < panels.size(); p++) {
            int x = (p % across) * PANEL_WIDTH;
            int y = (p / across) * PANEL_HEIGHT;
            g.translate(x, y);
            panels.get(p).paint(g, PANEL_WIDTH, PANEL_HEIGHT);
            g.translate(-x, -y);
        }
    }
}
