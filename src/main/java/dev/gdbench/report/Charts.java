package dev.gdbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look every figure shares: one chart style, and one colour per optimizer in every figure. */
final class Charts {
    /** Tableau 10: distinct on screen and in print; the known optimizers take the first four. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};
    private static final Map<String, Color> KNOWN = Map.of("gd", PALETTE[0], "heavyball", PALETTE[1],
            "nesterov", PALETTE[2], "adam", PALETTE[4]);
    /** Reference and identity lines: drawn in black, dashed, so they never read as data. */
    static final BasicStroke REFERENCE_STROKE = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);
    /** A second reference line in the same chart: grey, so the two can be told apart. */
    static final Color SECOND_REFERENCE = new Color(0x888888);
    /**
     * Solid, thin and light grid lines: XChart's default dashes clutter log axes, and an SVG writer
     * turns every dash into its own outline (megabytes per figure).
     */
    private static final BasicStroke GRID_STROKE = new BasicStroke(0.6f);
    private static final Color GRID_COLOR = new Color(0xe4e4e4);
    private static final int TITLE_FONT_SIZE = 15;
    private static final int MIN_TITLE_FONT_SIZE = 9;
    /**
     * The widest a title may be. XChart centres it over the plot, not the panel; with the legend
     * outside (heatmaps) the plot's centre sits about 260 px from the panel's left edge.
     */
    static final int TITLE_WIDTH = 480;
    private static final int AXIS_TITLE_FONT_SIZE = 13;
    private static final int TICK_FONT_SIZE = 11;
    private static final int LEGEND_FONT_SIZE = 11;

    private Charts() {}

    /** A colour per optimizer, the same in every figure and every run: known names fixed, others by name. */
    static Color optimizerColor(String optimizer) {
        Color known = KNOWN.get(optimizer);
        return known != null ? known : PALETTE[Math.floorMod(optimizer.hashCode(), PALETTE.length)];
    }

    static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(FigureWriter.PANEL_WIDTH).height(FigureWriter.PANEL_HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(GRID_COLOR);
        styler.setPlotGridLinesStroke(GRID_STROKE);
        styler.setChartTitleFont(titleFont(title));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, AXIS_TITLE_FONT_SIZE));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, TICK_FONT_SIZE));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, LEGEND_FONT_SIZE));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(new Color(0xbbbbbb));
        styler.setChartTitleBoxVisible(false);
        styler.setMarkerSize(6);
        return chart;
    }

    /**
     * The title font, smaller where the title would be wider than its panel: XChart neither wraps
     * nor shortens a title, and clips it at the panel's edges (adamw's four hyper-parameters).
     */
    static Font titleFont(String title) {
        FontRenderContext context = new FontRenderContext(null, true, true);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, TITLE_FONT_SIZE);
        while (font.getSize() > MIN_TITLE_FONT_SIZE && font.getStringBounds(title, context).getWidth() > TITLE_WIDTH) {
            font = font.deriveFont((float) font.getSize() - 1);
        }
        return font;
    }

    /**
     * XChart labels a log axis at powers of ten only, so an axis whose data holds fewer than two of
     * them has one label or none (a gradient norm within a decade, a 2 x 2 heatmap). Such an axis is
     * widened here to the powers of ten around its data. Call once every series is added; an axis
     * that labels every tick already ({@link #labelEveryTickOfNarrowLogAxes}) is left as it is.
     */
    static void widenNarrowLogAxes(XYChart chart) {
        var styler = chart.getStyler();
        if (styler.isXAxisLogarithmic() && styler.isXAxisLogarithmicDecadeOnly()) {
            double[] range = range(chart, XYSeries::getXMin, XYSeries::getXMax);
            if (powersOfTenWithin(range) < 2) {
                styler.setXAxisMin(decadeBelow(range[0])).setXAxisMax(decadeAbove(range[0], range[1]));
            }
        }
        if (styler.isYAxisLogarithmic() && styler.isYAxisLogarithmicDecadeOnly()) {
            double[] range = range(chart, XYSeries::getYMin, XYSeries::getYMax);
            if (powersOfTenWithin(range) < 2) {
                styler.setYAxisMin(decadeBelow(range[0])).setYAxisMax(decadeAbove(range[0], range[1]));
            }
        }
    }

    /**
     * For charts whose data must fill the plot (heatmap cells): a log axis holding fewer than two
     * powers of ten gets a label at every tick, 1..9 x 10^k, instead of being widened.
     */
    static void labelEveryTickOfNarrowLogAxes(XYChart chart) {
        var styler = chart.getStyler();
        if (styler.isXAxisLogarithmic() && powersOfTenWithin(range(chart, XYSeries::getXMin, XYSeries::getXMax)) < 2) {
            styler.setXAxisLogarithmicDecadeOnly(false);
        }
        if (styler.isYAxisLogarithmic() && powersOfTenWithin(range(chart, XYSeries::getYMin, XYSeries::getYMax)) < 2) {
            styler.setYAxisLogarithmicDecadeOnly(false);
        }
    }

    /** The smallest and largest value of every series on one axis; {+inf, -inf} without series. */
    private static double[] range(XYChart chart, ToDoubleFunction<XYSeries> min, ToDoubleFunction<XYSeries> max) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            low = Math.min(low, min.applyAsDouble(series));
            high = Math.max(high, max.applyAsDouble(series));
        }
        return new double[] {low, high};
    }

    /** How many powers of ten lie in [low, high]: the labels a decade-only log axis would show. */
    static int powersOfTenWithin(double[] range) {
        if (!(range[0] > 0) || !(range[0] <= range[1]) || Double.isInfinite(range[1])) {
            return Integer.MAX_VALUE;  // nothing drawable on a log axis: leave XChart's own range
        }
        return (int) (Math.floor(exponent(range[1])) - Math.ceil(exponent(range[0])) + 1);
    }

    /** log10, rounded where it is a whole number but for rounding (log10(1000) = 2.9999999999999996). */
    private static double exponent(double value) {
        double exponent = Math.log10(value);
        return Math.abs(exponent - Math.rint(exponent)) < 1e-9 ? Math.rint(exponent) : exponent;
    }

    private static double decadeBelow(double low) {
        return Math.pow(10, Math.floor(exponent(low)));
    }

    /** The power of ten at or above high, at least one decade above the one below low. */
    private static double decadeAbove(double low, double high) {
        return Math.pow(10, Math.max(Math.ceil(exponent(high)), Math.floor(exponent(low)) + 1));
    }

    /** A solid line in the optimizer's colour. */
    static XYSeries optimizerLine(XYChart chart, String name, String optimizer, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setLineColor(optimizerColor(optimizer));
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(2f);
        return series;
    }

    /** A dashed black line: an identity line, a theoretical slope, an edge. */
    static XYSeries referenceLine(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setLineColor(Color.BLACK);
        series.setLineStyle(REFERENCE_STROKE);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }
}
