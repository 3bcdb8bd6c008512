package dev.gdbench.report;

import dev.gdbench.map.MapAxis;
import dev.gdbench.map.MapFiles;
import dev.gdbench.map.MapResult;
import dev.gdbench.map.StabilityMap;
import dev.gdbench.result.Status;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleToIntFunction;
import java.util.function.IntUnaryOperator;
import javax.imageio.ImageIO;

/**
 * The figures of a map, drawn from its folder alone (MapFiles): {@value #ITERATIONS}.png, the
 * iterations to the loosest tolerance at every point at the grid's resolution (one pixel per point,
 * or a square of pixels for small grids), with theory's stability limit dashed over it and its
 * optimum marked; and {@value #RATE_DIFFERENCE}.png, the measured minus the predicted rate. Plain
 * Java2D into a PNG: a chart library's heatmap draws a shape per cell, which at 10^6 cells takes
 * longer than the map itself. The plot's pixels are written into the image's buffer as RGB ints, one
 * per point, not as a Color object and a setRGB call each.
 */
public final class StabilityMapFigure {
    public static final String ITERATIONS = "map";
    public static final String RATE_DIFFERENCE = "rate-difference";
    private static final int LEFT = 90;
    private static final int TOP = 50;
    private static final int RIGHT = 140;
    private static final int BOTTOM = 100;
    /** Small grids are scaled up to at least this many pixels across. */
    private static final int MIN_PLOT_PIXELS = 480;
    private static final int DIVERGED = 0xd62728;
    private static final int UNMET = 0xc7c7c7;
    private static final int WHITE = 0xffffff;
    private static final int BLUE = 0x2166ac;
    private static final int RED = 0xb2182b;
    private static final int[] VIRIDIS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0x9fda3a, 0xfde725};

    /** Where the Hessian varies, theory's lines are those of its quadratic model at x*: local convergence only. */
    private static final String LOCAL_LIMIT = "dashed: lr limit (local, at x*)";

    private StabilityMapFigure() {}

    /** map.json's theory note (MapTheory.scope) up to its colon: where theory is taken. */
    private static String localScope(StabilityMap map) {
        int colon = map.theory().indexOf(": ");
        return "theory: " + (colon < 0 ? map.theory() : map.theory().substring(0, colon));
    }

    /** map.json's theory note after its colon: the L* and mu* of local theory. */
    private static String localConstants(StabilityMap map) {
        int colon = map.theory().indexOf(": ");
        return colon < 0 ? "" : map.theory().substring(colon + 2);
    }

    /**
     * Writes both figures into the map's folder. They share only the map read back, so the second is
     * drawn and encoded on another thread while this one does the first: the figures of a
     * million-point map take the time of one instead of two where a core is free.
     */
    public static void write(Path folder) throws IOException {
        StabilityMap map = MapFiles.read(folder);
        CompletableFuture<Void> rates = CompletableFuture.runAsync(() -> png(rateDifference(map), folder, RATE_DIFFERENCE));
        png(iterations(map), folder, ITERATIONS);
        try {
            rates.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    private static void png(BufferedImage image, Path folder, String name) {
        try {
            ImageIO.write(image, "png", folder.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage iterations(StabilityMap map) {
        MapResult r = map.result();
        int loosest = map.loosestTolerance();
        int[] met = r.toTolerance()[loosest];
        int low = Arrays.stream(met).filter(k -> k > 0).min().orElse(1);
        int high = Math.max(low + 1, Arrays.stream(met).max().orElse(1));
        double span = Math.log(high) - Math.log(low);
        // one colour per iteration count, not a logarithm per point: a million points share at most max-iters counts
        int[] byCount = new int[high + 1];
        for (int k = 0; k <= high; k++) {
            byCount[k] = viridis((Math.log(Math.max(k, low)) - Math.log(low)) / span);
        }
        IntUnaryOperator colour = p -> met[p] >= 0 ? byCount[met[p]] : r.statusAt(p) == Status.DIVERGED ? DIVERGED : UNMET;
        String title = String.format(Locale.ROOT, "%s, %s: iterations to %.0e", map.optimizer(), map.instance(),
                map.tolerances().get(loosest));
        Canvas canvas = new Canvas(map, title, colour);
        canvas.colourBar(StabilityMapFigure::viridis, String.format(Locale.ROOT, "%d", low), String.format(Locale.ROOT, "%d", high),
                "iterations (log)");
        boolean overlay = map.stabilityLimit().length > 0 || map.optimum().length > 0;
        canvas.legend(!overlay ? new String[] {"red: diverged", "grey: not met", "no theory overlay for these axes or this rule"}
                : map.localTheory() ? new String[] {"red: diverged", "grey: not met", LOCAL_LIMIT,
                    "+: optimum (local, at x*)", localScope(map), localConstants(map)}
                : new String[] {"red: diverged", "grey: not met", "dashed: stable lr limit", "+: optimum (theory)"});
        canvas.theory();
        return canvas.image;
    }

    static BufferedImage rateDifference(StabilityMap map) {
        MapResult r = map.result();
        double[] difference = new double[r.points()];
        for (int p = 0; p < difference.length; p++) {
            difference[p] = r.rateMeasured()[p] - r.ratePredicted()[p];
        }
        double[] magnitudes = new double[difference.length];
        int finite = 0;
        for (double d : difference) {
            if (Double.isFinite(d)) {
                magnitudes[finite++] = Math.abs(d);
            }
        }
        magnitudes = Arrays.copyOf(magnitudes, finite);
        Arrays.sort(magnitudes);
        // The 99th percentile: the few points where a fit has two samples would otherwise wash out the rest.
        double scale = magnitudes.length == 0 ? 1 : Math.max(1e-6, magnitudes[(int) (0.99 * (magnitudes.length - 1))]);
        IntUnaryOperator colour = p -> Double.isFinite(difference[p])
                ? diverging(Math.max(-1, Math.min(1, difference[p] / scale))) : UNMET;
        Canvas canvas = new Canvas(map, map.optimizer() + ", " + map.instance() + ": rate measured - predicted", colour);
        canvas.colourBar(t -> diverging(2 * t - 1), String.format(Locale.ROOT, "%.1e", -scale),
                String.format(Locale.ROOT, "%+.1e", scale), "measured - predicted");
        canvas.legend(map.localTheory()
                ? new String[] {"grey: no fit (diverged", "or too few samples)", LOCAL_LIMIT, "predicted: local theory", localScope(map), localConstants(map)}
                : new String[] {"grey: no fit (diverged", "or too few samples)", "dashed: stable lr limit"});
        canvas.theory();
        return canvas.image;
    }

    /** The plot area, its axes and theory's overlay for one map. */
    private static final class Canvas {
        private final StabilityMap map;
        private final int cell;
        private final int width;
        private final int height;
        private final BufferedImage image;
        private final Graphics2D g;

        Canvas(StabilityMap map, String title, IntUnaryOperator colour) {
            this.map = map;
            int nx = map.x().size();
            int ny = map.y().size();
            this.cell = Math.max(1, MIN_PLOT_PIXELS / Math.max(nx, ny));
            this.width = nx * cell;
            this.height = ny * cell;
            this.image = new BufferedImage(LEFT + width + RIGHT, TOP + height + BOTTOM, BufferedImage.TYPE_INT_RGB);
            this.g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            int stride = image.getWidth();
            for (int iy = 0; iy < ny; iy++) {
                for (int ix = 0; ix < nx; ix++) {
                    int rgb = colour.applyAsInt(iy * nx + ix);
                    int top = TOP + (ny - 1 - iy) * cell;
                    for (int dy = 0; dy < cell; dy++) {
                        int at = (top + dy) * stride + LEFT + ix * cell;
                        Arrays.fill(pixels, at, at + cell, rgb);
                    }
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, width, height);
            g.drawString(title, LEFT, TOP - 20);
            ticks(map.x(), true);
            ticks(map.y(), false);
            g.drawString(map.x().parameter().cliName(), LEFT + width / 2 - 20, TOP + height + 45);
            g.drawString(map.y().parameter().cliName(), 10, TOP - 5);
        }

        private void ticks(MapAxis axis, boolean horizontal) {
            int n = axis.size();
            for (int k = 0; k <= 4; k++) {
                int index = (int) Math.round(k * (n - 1) / 4.0);
                String label = String.format(Locale.ROOT, "%.3g", axis.values()[index]);
                if (horizontal) {
                    int px = LEFT + index * cell + cell / 2;
                    g.drawLine(px, TOP + height, px, TOP + height + 5);
                    g.drawString(label, px - 15, TOP + height + 20);
                } else {
                    int py = TOP + (n - 1 - index) * cell + cell / 2;
                    g.drawLine(LEFT - 5, py, LEFT, py);
                    g.drawString(label, LEFT - 60, py + 4);
                }
            }
        }

        void colourBar(DoubleToIntFunction scale, String low, String high, String what) {
            int x0 = LEFT + width + 30;
            for (int py = 0; py < height; py++) {
                g.setColor(new Color(scale.applyAsInt(1 - (double) py / Math.max(1, height - 1))));
                g.drawLine(x0, TOP + py, x0 + 18, TOP + py);
            }
            g.setColor(Color.BLACK);
            g.drawRect(x0, TOP, 18, height);
            g.drawString(high, x0 + 22, TOP + 10);
            g.drawString(low, x0 + 22, TOP + height);
            g.drawString(what, x0 - 10, TOP + height + 20);
        }

        void legend(String[] lines) {
            g.setColor(Color.BLACK);
            for (int k = 0; k < lines.length; k++) {
                g.drawString(lines[k], LEFT + (k % 2) * 260, TOP + height + 64 + 15 * (k / 2));
            }
        }

        /** The stability limit (dashed) along the axis that is not the step size, and the optimum (+). */
        void theory() {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setClip(LEFT, TOP, width + 1, height + 1);
            double[] limit = map.stabilityLimit();
            if (limit.length > 0) {
                boolean stepOnX = map.stepOnX();
                MapAxis step = stepOnX ? map.x() : map.y();
                Path2D.Double line = new Path2D.Double();
                boolean drawing = false;
                for (int k = 0; k < limit.length; k++) {
                    if (!Double.isFinite(limit[k])) {
                        drawing = false;
                        continue;
                    }
                    double s = position(step, limit[k]);
                    double px = stepOnX ? xPixel(s) : xPixel(k);
                    double py = stepOnX ? yPixel(k) : yPixel(s);
                    if (drawing) {
                        line.lineTo(px, py);
                    } else {
                        line.moveTo(px, py);
                        drawing = true;
                    }
                }
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(4f));
                g.draw(line);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f));
                g.draw(line);
            }
            if (map.optimum().length == 2) {
                double px = xPixel(position(map.x(), map.optimum()[0]));
                double py = yPixel(position(map.y(), map.optimum()[1]));
                g.setStroke(new BasicStroke(3f));
                g.setColor(Color.WHITE);
                g.drawLine((int) px - 9, (int) py, (int) px + 9, (int) py);
                g.drawLine((int) px, (int) py - 9, (int) px, (int) py + 9);
                g.setStroke(new BasicStroke(1.5f));
                g.setColor(Color.BLACK);
                g.drawLine((int) px - 8, (int) py, (int) px + 8, (int) py);
                g.drawLine((int) px, (int) py - 8, (int) px, (int) py + 8);
            }
            g.setClip(null);
            g.dispose();
        }

        private double xPixel(double index) {
            return LEFT + (index + 0.5) * cell;
        }

        private double yPixel(double index) {
            return TOP + (map.y().size() - 1 - index + 0.5) * cell;
        }
    }

    /** Where a value falls on an axis, in (fractional) grid indices. */
    static double position(MapAxis axis, double value) {
        double[] v = axis.values();
        double first = v[0];
        double last = v[v.length - 1];
        double fraction = axis.logarithmic() ? Math.log(value / first) / Math.log(last / first)
                : (value - first) / (last - first);
        return fraction * (v.length - 1);
    }

    private static int viridis(double t) {
        double at = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int k = Math.min(VIRIDIS.length - 2, (int) at);
        return mix(VIRIDIS[k], VIRIDIS[k + 1], at - k);
    }

    /** Blue (-1) through white (0) to red (+1). */
    private static int diverging(double t) {
        return t < 0 ? mix(WHITE, BLUE, -t) : mix(WHITE, RED, t);
    }

    /** RGB a + (b - a) t per channel, each rounded to the nearest integer. */
    private static int mix(int a, int b, double t) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int from = a >> shift & 0xff;
            int to = b >> shift & 0xff;
            rgb |= (int) Math.round(from + (to - from) * t) << shift;
        }
        return rgb;
    }
}
