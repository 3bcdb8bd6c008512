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

    /** H100: 132 multiprocessors. */
    @Test
    void skinnyProductsAreSplitOverKUntilTheyFillTheGpu() {
        // n = 4096, B = 32: 64 tiles; 2 x 132 / 64 -> 5 splits of 832 (a multiple of 16) covering 4096.
        assertEquals(5, LaunchGeometry.gemmSplits(4096, 32, 4096, 132));
        assertEquals(832, LaunchGeometry.splitLength(4096, 5));
        // Enough tiles already (4096 x 256: 256 tiles): not split.
        assertEquals(1, LaunchGeometry.gemmSplits(4096, 256, 4096, 132));
        // Short k: at most one split per 128 of it; below 256, none.
        assertEquals(2, LaunchGeometry.gemmSplits(64, 8, 256, 132));
        assertEquals(1, LaunchGeometry.gemmSplits(64, 8, 255, 132));
        // Rounding the length to 16 can leave fewer splits than asked; either way every range starts inside k.
        for (int k = 1; k <= 3000; k += 7) {
            int splits = LaunchGeometry.gemmSplits(100, 16, k, 132);
            int length = LaunchGeometry.splitLength(k, splits);
            assertEquals(0, length % KernelModule.GEMM_TILE_K);
            assertTrue((long) (splits - 1) * length < k && (long) splits * length >= k, k + ": " + splits + " x " + length);
        }
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
