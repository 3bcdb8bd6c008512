package dev.gdbench.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MapRunnerTest {
    /** Fewest iterations first, ties to the lower index, points that never met the tolerance left out. */
    @Test
    void bestPointsAreTheFiveFewestIterationsTiesToTheLowerIndex() {
        int[] toLoosest = {-1, 40, 7, 40, 12, -1, 7, 90, 40, 3, 40};
        MapResult result = MapResult.allocate(toLoosest.length, 1);
        System.arraycopy(toLoosest, 0, result.toTolerance()[0], 0, toLoosest.length);
        MapAxis x = new MapAxis(MapAxis.Parameter.LR, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, false);
        MapAxis y = new MapAxis(MapAxis.Parameter.MOMENTUM, new double[] {0}, false);
        StabilityMap map = new StabilityMap("gd", "quadratic", x, y, List.of(1e-6), 100, result, new double[0],
                new double[0]);

        assertEquals(List.of(9, 2, 6, 4, 1), MapRunner.best(map));
    }
}
