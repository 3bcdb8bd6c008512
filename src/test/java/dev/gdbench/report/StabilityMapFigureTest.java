package dev.gdbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.map.MapAxis;
import dev.gdbench.map.MapResult;
import dev.gdbench.map.StabilityMap;
import dev.gdbench.result.Status;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The colour of every point of a small map, in both figures: the scales, their rounding, and where each point lands. */
class StabilityMapFigureTest {
    /** The plot's margins in StabilityMapFigure: 90 pixels left of it, 50 above. */
    private static final int LEFT = 90;
    private static final int TOP = 50;
    private static final int NX = 3;
    private static final int NY = 2;
    /** 3 x 2 points are scaled up to 480 / 3 pixels a side. */
    private static final int CELL = 160;

    /**
     * Points (ix, iy) at p = iy * 3 + ix: 10 and 100 iterations (the ends of the log scale), diverged,
     * max-iters, 40 iterations (ln 4 / ln 10 of the way: between viridis' fifth and sixth colours),
     * 10 again. No stability limit and no optimum, so nothing is drawn over the points.
     */
    private static StabilityMap map() {
        MapResult result = MapResult.allocate(NX * NY, 1);
        int[] met = {10, 100, -1, -1, 40, 10};
        Status[] status = {Status.CONVERGED, Status.CONVERGED, Status.DIVERGED, Status.MAX_ITERS, Status.CONVERGED,
            Status.CONVERGED};
        double[] measured = {0.75, 0.25, Double.NaN, 0.5, 0.625, 0.5};
        for (int p = 0; p < met.length; p++) {
            result.toTolerance()[0][p] = met[p];
            result.status()[p] = (byte) status[p].ordinal();
            result.rateMeasured()[p] = measured[p];
            result.ratePredicted()[p] = 0.5;
        }
        MapAxis x = new MapAxis(MapAxis.Parameter.LR, new double[] {0.1, 0.2, 0.3}, false);
        MapAxis y = new MapAxis(MapAxis.Parameter.MOMENTUM, new double[] {0, 0.5}, false);
        return new StabilityMap("heavyball", "quadratic n=2", x, y, List.of(1e-6), 100, result, new double[0], new double[0]);
    }

    /** The colour at the centre of point p's square (y grows upwards in the plot). */
    private static int colourAt(BufferedImage image, int p) {
        int ix = p % NX;
        int iy = p / NX;
        return image.getRGB(LEFT + ix * CELL + CELL / 2, TOP + (NY - 1 - iy) * CELL + CELL / 2) & 0xffffff;
    }

    @Test
    void iterationsAreViridisOnALogScaleDivergedRedUnmetGrey() {
        BufferedImage image = StabilityMapFigure.iterations(map());
        assertEquals(0x440154, colourAt(image, 0)); // the fewest iterations: viridis' first colour
        assertEquals(0xfde725, colourAt(image, 1)); // the most: its last
        assertEquals(0xd62728, colourAt(image, 2));
        assertEquals(0xc7c7c7, colourAt(image, 3));
        // 0.2144 of the way from 0x1fa187 to 0x4ac16d, each channel rounded: 40.2, 167.9, 129.4
        assertEquals(0x28a881, colourAt(image, 4));
        assertEquals(0x440154, colourAt(image, 5));
    }

    @Test
    void rateDifferenceIsBlueWhiteRedScaledToThe99thPercentile() {
        BufferedImage image = StabilityMapFigure.rateDifference(map());
        // differences 0.25, -0.25, NaN, 0, 0.125, 0: the scale is 0.25
        assertEquals(0xb2182b, colourAt(image, 0));
        assertEquals(0x2166ac, colourAt(image, 1));
        assertEquals(0xc7c7c7, colourAt(image, 2));
        assertEquals(0xffffff, colourAt(image, 3));
        // half way from white to red: 216.5, 139.5, 149 rounded half up
        assertEquals(0xd98c95, colourAt(image, 4));
    }
}
