package dev.gdbench.backend.cuda;

import dev.gdbench.linalg.Precision;
import java.util.ArrayList;
import java.util.List;

/** Launch configurations, computed on the host from sizes alone (tested without a GPU). */
final class LaunchGeometry {
    /**
     * Enough blocks of 256 threads to fill any current GPU several times over (H100: 132 SMs x 8
     * resident blocks); beyond that the kernels' grid-stride loop covers the rest, and fewer
     * blocks cost less to schedule.
     */
    static final int MAX_ELEMENTWISE_BLOCKS = 4096;
    /** kernels/common.cuh VECTOR_BYTES: one pack is this many bytes. */
    static final int VECTOR_BYTES = 16;

    private LaunchGeometry() {}

    /** Blocks for an element-wise kernel over {@code elements}: one thread per pack, plus head and tail. */
    static int elementwiseBlocks(long elements, Precision precision) {
        long lanes = VECTOR_BYTES / precision.bytes();
        long work = elements / lanes + 2 * lanes; // packs, plus at most lanes - 1 head and tail elements each
        long blocks = (work + KernelModule.THREADS_PER_BLOCK - 1) / KernelModule.THREADS_PER_BLOCK;
        return (int) Math.max(1, Math.min(MAX_ELEMENTWISE_BLOCKS, blocks));
    }

    /** Grid (x over rows of C, y over columns) of the tiled GEMM for an m x n result. */
    static int[] gemmGrid(int m, int n) {
        return new int[] {ceilDiv(m, KernelModule.GEMM_BLOCK_M), ceilDiv(n, KernelModule.GEMM_BLOCK_N)};
    }

    /**
     * Blocks per multiprocessor a product should start at least: fewer leave the memory system
     * waiting (one block of the tiled GEMM keeps few loads in flight).
     */
    static final int TARGET_BLOCKS_PER_MULTIPROCESSOR = 2;
    /** The least k a split should get: shorter ones cost more in partial sums than they add in parallelism. */
    static final int MIN_SPLIT_LENGTH = 8 * KernelModule.GEMM_TILE_K;

    /**
     * How many ranges of k the built-in GEMM splits an m x n result into: 1 when its tiles already
     * fill every multiprocessor, else enough for TARGET_BLOCKS_PER_MULTIPROCESSOR blocks each, at most
     * one per MIN_SPLIT_LENGTH of k. n = 4096, B = 32 on 132 multiprocessors: 64 tiles, 5 splits.
     */
    static int gemmSplits(int m, int n, int k, int multiprocessors) {
        int[] grid = gemmGrid(m, n);
        int tiles = grid[0] * grid[1];
        if (tiles >= multiprocessors) {
            return 1;
        }
        int wanted = ceilDiv(TARGET_BLOCKS_PER_MULTIPROCESSOR * multiprocessors, tiles);
        int splits = Math.max(1, Math.min(wanted, k / MIN_SPLIT_LENGTH));
        return ceilDiv(k, splitLength(k, splits)); // rounding the length to TILE_K can leave fewer
    }

    /** The k each of {@code splits} ranges covers: ceil(k / splits), rounded up to the GEMM's TILE_K. */
    static int splitLength(int k, int splits) {
        return ceilDiv(ceilDiv(k, splits), KernelModule.GEMM_TILE_K) * KernelModule.GEMM_TILE_K;
    }

    private static int ceilDiv(int a, int b) {
        return Math.max(1, (a + b - 1) / b);
    }

    /** A maximal range of consecutive columns that run the same rule: one update launch each. */
    record ColumnRun(String rule, int firstColumn, int endColumn) {
    }

    /** Batches are planned optimizer by optimizer, so this is usually one run per optimizer. */
    static List<ColumnRun> columnRuns(List<String> rulePerColumn) {
        List<ColumnRun> runs = new ArrayList<>();
        int first = 0;
        for (int j = 1; j <= rulePerColumn.size(); j++) {
            if (j == rulePerColumn.size() || !rulePerColumn.get(j).equals(rulePerColumn.get(first))) {
                runs.add(new ColumnRun(rulePerColumn.get(first), first, j));
                first = j;
            }
        }
        return runs;
    }
}
