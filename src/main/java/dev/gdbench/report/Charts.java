package dev.gdbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Map;
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
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_FONT_SIZE));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, AXIS_TITLE_FONT_SIZE));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, TICK_FONT_SIZE));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, LEGEND_FONT_SIZE));
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setLegendBorderColor(new Color(0xbbbbbb));
        styler.setChartTitleBoxVisible(false);
        styler.setMarkerSize(6);
        return chart;
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
