package dev.gdbench.linalg;

import java.util.function.IntFunction;

/**
 * C[:, cols] = alpha A B[:, cols] + beta C[:, cols], column-major, for a matrix A that is
 * multiplied many times: the gradient's product, gdbench's {@code packed} candidate. A is packed
 * once into panels (tileRows rows x K_BLOCK of k, contiguous), then each product runs a
 * register-blocked outer-product kernel on the Vector API (the BLIS structure: a tileRows x
 * {@link #tileColumns} tile of C held in registers while k runs, two vector loads of the panel per
 * step of k and one broadcast of B per pair of multiply-adds). Why not the JVM BLAS's dgemm: it runs
 * at a quarter to a half of this kernel on the machines we measured (README, "Throughput"). Why pack
 * once: packing a panel per product reads A with a stride of n, one page per k at n = 1024, and took
 * longer than the arithmetic. Each k-block of a tile's strip of B is packed too (interleaved,
 * k-major), once per product for all row tiles: read in place, its columns sit n apart, and at
 * n = 1024 they fall into the same L1 sets as the panel and the kernel ran at a tenth of its speed.
 *
 * <p>Tile width by register file: with 32 vector registers (AVX-512) a tile is 8 columns wide (16
 * accumulators, 2 loads and a broadcast: 19 registers), with 16 (AVX2) 4 wide (11 registers; 8
 * columns would spill). The wide tile loads A twice per 16 multiply-adds instead of per 8, and on
 * the shared Sapphire Rapids build machine, where code that loads from L1 and L2 slows down by
 * phases and register-only code does not, it ran at 1.2 to 1.35 times the narrow one side by side.
 * A column tail of 4 to 7 still runs as one narrow tile, the rest column by column.
 *
 * <p>One driver serves both precisions: this class, generic over the storage array ({@code double[]}
 * or {@code float[]}), packs A, blocks k, walks the tiles and the column and row tails. The Vector
 * API is typed (DoubleVector, FloatVector), and a loop over the elements of a generic array would
 * box each one, so {@link VectorGemm} (fp64) and {@link FloatVectorGemm} (fp32) give only the
 * typed pieces: the register micro-kernels and the three element loops below. Both sum in the same
 * order, whatever the tile width: rows of whole tiles by one chain of fused multiply-adds per
 * output element and k-block, added to C scaled by beta; the rows below them by a separate multiply
 * and add per term (see {@link FixedMatrix#fusedRows}).
 * The column split over the cores is the caller's: each thread multiplies its own columns.
 */
abstract class PackedGemm<T> implements PreparedProduct {
    /** The columns of a tile where the vector registers are 16 (AVX2), and of the column tail's tile on AVX-512. */
    static final int NARROW_TILE = 4;
    /** The columns of a tile where the vector registers are 32 (AVX-512: 512-bit vectors). */
    static final int WIDE_TILE = 8;
    /**
     * k is cut into blocks this long so a panel (2 vectors x 256, either precision: 16 KiB on AVX2,
     * 32 KiB on AVX-512) and the tile's strip of B (fp64: 8 KiB on AVX2, 16 KiB on AVX-512) stay in
     * L1 (48 KiB a core on Sapphire Rapids, 32 KiB on Zen 2) while k runs. On AVX-512 that is all of
     * Sapphire Rapids' L1 in fp64, yet 128 measured no faster there side by side (fp64 and fp32,
     * one and two threads, n = 1024, B = 64), and the block length fixes the fp64 sum order, so it stays.
     */
    static final int K_BLOCK = 256;

    protected final int m;
    protected final int k;
    protected final int tileRows;
    /** The widest tile's columns: {@link #WIDE_TILE} or {@link #NARROW_TILE}, see {@link #tileColumnsFor}. */
    protected final int tileColumns;
    protected final int fullRows;
    /** Panels by k-block, then by row tile: panel (block, i) starts at block * fullRows * K_BLOCK + i * depth. */
    protected final T panels;
    /** The rows below the last full tile (m mod tileRows of them), row-major, for the plain tail loop. */
    protected final T tailRows;

    PackedGemm(int m, int k, T a, int lda, int tileRows, int tileColumns, IntFunction<T> allocate) {
        if (tileColumns != WIDE_TILE && tileColumns != NARROW_TILE) {
            throw new IllegalArgumentException("a tile is " + NARROW_TILE + " or " + WIDE_TILE + " columns wide, not " + tileColumns);
        }
        this.m = m;
        this.k = k;
        this.tileRows = tileRows;
        this.tileColumns = tileColumns;
        this.fullRows = m - m % tileRows;
        this.panels = allocate.apply(fullRows * k);
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int depth = Math.min(K_BLOCK, k - p0);
            for (int i = 0; i < fullRows; i += tileRows) {
                int panel = p0 * fullRows + i * depth;
                for (int p = 0; p < depth; p++) {
                    System.arraycopy(a, i + (p0 + p) * lda, panels, panel + p * tileRows, tileRows);
                }
            }
        }
        this.tailRows = allocate.apply((m - fullRows) * k);
        for (int i = fullRows; i < m; i++) {
            for (int p = 0; p < k; p++) {
                // Once per matrix, for fewer than tileRows rows: one element per copy costs nothing that counts.
                System.arraycopy(a, i + p * lda, tailRows, (i - fullRows) * k + p, 1);
            }
        }
    }

    /** The widest tile whose accumulators fit the vector registers of a species this many bits wide. */
    static int tileColumnsFor(int vectorBits) {
        return vectorBits >= 512 ? WIDE_TILE : NARROW_TILE;
    }

    /** The packed kernel of op(A) in A's precision, op(A) transposed once here if need be. */
    static PackedGemm<?> of(DenseMatrix a, boolean transpose) {
        DenseMatrix op = transpose ? transposed(a) : a;
        return op.precision() == Precision.FP64
                ? new VectorGemm(op.rows(), op.cols(), op.fp64Storage(), op.rows())
                : new FloatVectorGemm(op.rows(), op.cols(), op.fp32Storage(), op.rows());
    }

    private static DenseMatrix transposed(DenseMatrix a) {
        DenseMatrix t = DenseMatrix.zeros(a.precision(), a.cols(), a.rows());
        for (int i = 0; i < a.rows(); i++) {
            Vec column = t.column(i);
            for (int p = 0; p < a.cols(); p++) {
                column.set(p, a.column(p).get(i));
            }
        }
        return t;
    }

    @Override
    public final void multiply(double alpha, DenseMatrix b, double beta, DenseMatrix c, int firstCol, int endCol) {
        T bValues = storage(b);
        T cValues = storage(c);
        if (bValues == null || cValues == null) {
            throw new IllegalArgumentException("mixed precisions in one product");
        }
        multiply(endCol - firstCol, alpha, bValues, firstCol * b.rows(), b.rows(), beta, cValues, firstCol * c.rows(), c.rows());
    }

    final void multiply(int n, double alpha, T b, int bOffset, int ldb, double beta, T c, int cOffset, int ldc) {
        int tiled = 0;
        for (int width; (width = tileWidth(n - tiled)) > 0; ) {
            tiled += width;
        }
        T strips = strips(tiled * Math.min(K_BLOCK, k));
        // C = beta C first (beta = 0 overwrites, BLAS semantics), then every k-block adds alpha A B onto it.
        for (int j = 0; j < n && beta != 1; j++) {
            scale(c, cOffset + j * ldc, fullRows, beta);
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int depth = Math.min(K_BLOCK, k - p0);
            // A tile's strip starts at its first column times depth: column j + q of it at p is strips[j * depth + p * width + q].
            for (int j = 0, width; j < tiled; j += width) {
                width = tileWidth(n - j);
                for (int q = 0; q < width; q++) {
                    pack(b, bOffset + (j + q) * ldb + p0, strips, j * depth + q, width, depth);
                }
            }
            for (int i = 0; i < fullRows; i += tileRows) {
                int panel = p0 * fullRows + i * depth;
                int j = 0;
                for (int width; j < tiled; j += width) {
                    width = tileWidth(n - j);
                    if (width == WIDE_TILE) {
                        wideTile(depth, alpha, panel, strips, j * depth, c, cOffset + j * ldc + i, ldc);
                    } else {
                        narrowTile(depth, alpha, panel, strips, j * depth, c, cOffset + j * ldc + i, ldc);
                    }
                }
                for (; j < n; j++) {
                    column(depth, alpha, panel, b, bOffset + j * ldb + p0, c, cOffset + j * ldc + i);
                }
            }
        }
        for (int i = fullRows; i < m; i++) {
            for (int j = 0; j < n; j++) {
                tailRow(i - fullRows, alpha, b, bOffset + j * ldb, beta, c, cOffset + j * ldc + i);
            }
        }
    }

    /** The width of the tile that starts where {@code remaining} columns are left: the widest that fits, 0 for single columns. */
    private int tileWidth(int remaining) {
        return remaining >= tileColumns ? tileColumns : remaining >= NARROW_TILE ? NARROW_TILE : 0;
    }

    /** This precision's storage of a matrix, or null if it is stored in the other one. */
    abstract T storage(DenseMatrix matrix);

    /** A buffer of at least {@code length} for the packed strips of B, one per thread (threads multiply disjoint columns at once). */
    abstract T strips(int length);

    /** c[from, from + length) *= beta, and = 0 where beta = 0 (whatever c held, NaN included). */
    abstract void scale(T c, int from, int length, double beta);

    /** One column of B, depth values from b[from], into the strip every {@code width} from strips[at]. */
    abstract void pack(T b, int from, T strips, int at, int width, int depth);

    /**
     * C += alpha x a tile of tileRows x {@link #NARROW_TILE} from a panel and a packed strip; C from
     * index c0 on. No vector crosses a method boundary: C2 intrinsifies vector operations only where
     * it sees the concrete vector class, and a helper compiled on its own boxed every vector (a
     * tenth of the speed, depending on the order the JIT compiled things). So the two tile widths
     * are two written-out kernels, not one parameterised by its width.
     */
    abstract void narrowTile(int depth, double alpha, int panel, T strips, int strip, T c, int c0, int ldc);

    /** As {@link #narrowTile}, {@link #WIDE_TILE} columns wide: only where {@link #tileColumns} is that wide. */
    abstract void wideTile(int depth, double alpha, int panel, T strips, int strip, T c, int c0, int ldc);

    /** C += alpha x a panel's rows of one column: the columns after the tiles (fewer than {@link #NARROW_TILE}). */
    abstract void column(int depth, double alpha, int panel, T b, int b0, T c, int c0);

    /** c[at] = alpha (tail row {@code row} . the column of B from b0) + beta c[at], summed term by term over all of k. */
    abstract void tailRow(int row, double alpha, T b, int b0, double beta, T c, int at);
}
