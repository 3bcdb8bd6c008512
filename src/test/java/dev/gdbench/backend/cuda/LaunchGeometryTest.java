package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.linalg.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchGeometryTest {
    @Test
    void elementwiseGridCoversEveryPackAndTheUnalignedHeadAndTail() {
        for (Precision precision : Precision.values()) {
            int lanes = LaunchGeometry.VECTOR_BYTES / precision.bytes();
            for (long elements : new long[] {1, 3, 4, 5, 255, 256, 257, 1023, 4097, 300 * 7}) {
                long threads = (long) LaunchGeometry.elementwiseBlocks(elements, precision) * KernelModule.THREADS_PER_BLOCK;
                // Worst case of for_each_element: lanes - 1 head elements, the packs, lanes - 1 tail elements.
                assertTrue(threads >= elements / lanes + 2L * (lanes - 1), elements + " " + precision);
            }
        }
    }

    @Test
    void largeBatchesAreCappedAndLeftToTheGridStrideLoop() {
        assertEquals(LaunchGeometry.MAX_ELEMENTWISE_BLOCKS, LaunchGeometry.elementwiseBlocks(1L << 32, Precision.FP32));
        assertEquals(1, LaunchGeometry.elementwiseBlocks(1, Precision.FP64));
    }

    @Test
    void gemmGridTilesEveryRowAndColumnIncludingPartialTiles() {
        assertArrayEquals(new int[] {1, 1}, LaunchGeometry.gemmGrid(1, 1));
        assertArrayEquals(new int[] {1, 1}, LaunchGeometry.gemmGrid(64, 64));
        assertArrayEquals(new int[] {2, 1}, LaunchGeometry.gemmGrid(65, 64));
        assertArrayEquals(new int[] {5, 4}, LaunchGeometry.gemmGrid(257, 193));
    }

    @Test
    void consecutiveColumnsOfOneRuleShareOneLaunch() {
        assertEquals(List.of(new LaunchGeometry.ColumnRun("gd", 0, 2), new LaunchGeometry.ColumnRun("adam", 2, 3),
                        new LaunchGeometry.ColumnRun("gd", 3, 4)),
                LaunchGeometry.columnRuns(List.of("gd", "gd", "adam", "gd")));
        assertEquals(List.of(new LaunchGeometry.ColumnRun("nesterov", 0, 1)), LaunchGeometry.columnRuns(List.of("nesterov")));
    }
}
