package dev.gdbench.backend;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The rows each column's stochastic gradients average ({@link Sampling}): per column, its own
 * stream and row permutation; each draw is {@code batchSize} rows without replacement, a partial
 * Fisher-Yates shuffle of the permutation (uniform from any starting order), sorted so the rows
 * are summed in data order. Every backend draws through this class, in the same order (one draw
 * per step of an active column), so a mini-batch run is the same rows on the CPU and the GPU.
 */
public final class RowSampler {
    /**
     * Offset of the sampling streams from the problem's seed: ProblemFactory splits its streams
     * from SplittableRandom(seed), and sampling must not replay the streams that drew the data.
     */
    static final long SEED_OFFSET = 0x5A4D504CL;

    private final SplittableRandom[] columnRandom;
    private final int[][] rowPermutation;
    private final int[][] batchRows;

    public RowSampler(Sampling sampling, int rows, int columns) {
        this.columnRandom = new SplittableRandom[columns];
        this.rowPermutation = new int[columns][];
        this.batchRows = new int[columns][];
        SplittableRandom root = new SplittableRandom(sampling.seed() + SEED_OFFSET);
        for (int j = 0; j < columns; j++) {
            columnRandom[j] = root.split();
            rowPermutation[j] = IntStream.range(0, rows).toArray();
            batchRows[j] = new int[sampling.batchSize()];
        }
    }

    /** The next rows of a column, sorted; the array is the column's own and is reused by its next draw. */
    public int[] draw(int column) {
        int[] permutation = rowPermutation[column];
        int[] rows = batchRows[column];
        SplittableRandom random = columnRandom[column];
        for (int k = 0; k < rows.length; k++) {
            int pick = k + random.nextInt(permutation.length - k);
            int row = permutation[pick];
            permutation[pick] = permutation[k];
            permutation[k] = row;
            rows[k] = row;
        }
        Arrays.sort(rows);
        return rows;
    }
}
