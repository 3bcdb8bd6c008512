// Gradients of a whole batch as matrix products, and the tiled GEMM behind them.
//
//   quadratic       G = A X - b 1^T               (A n x n; the -b is the GEMM's epilogue)
//   least squares   R = M X - y 1^T               (M m x n; -y in the epilogue)
//                   G = (1/m) M^T R               (alpha = 1/m)
//
// gemm_<nn|tn>_<f32|f64> computes C = alpha op(A) B - bias 1^T (bias may be null), all
// column-major, op(A) = A (nn) or A^T (tn): the one product both problems need. cuBLAS runs the
// same products when it loads; it has no "- bias" epilogue, so fill_negated_* presets C to
// -bias and cuBLAS accumulates into it (beta = 1).
//
// Tiling (the classic shared-memory + register-blocked SGEMM): a block of 16 x 16 threads owns a
// BLOCK_M x BLOCK_N tile of C; per step it stages a BLOCK_M x TILE_K slice of op(A) and a
// TILE_K x BLOCK_N slice of B in shared memory, and each thread accumulates a THREAD_M x THREAD_N
// sub-tile in registers. Rows and columns owned by a thread are strided by 16 so that neighbouring
// threads read neighbouring shared-memory words (no bank conflicts). Loads are bounds-checked, so
// every size works, multiples of the tile or not.
#include "common.cuh"

// 16 x 16 threads x (4 x 4) outputs each = a 64 x 64 tile: 16 multiply-adds per 2 shared-memory
// loads per k, enough to be bound by arithmetic rather than shared memory on sm_80/sm_90.
constexpr int THREADS_M = 16;
constexpr int THREADS_N = 16;
constexpr int THREAD_M = 4;
constexpr int THREAD_N = 4;
constexpr int BLOCK_M = THREADS_M * THREAD_M;
constexpr int BLOCK_N = THREADS_N * THREAD_N;
// 16 of k per stage: 2 x 64 x 16 x 8 bytes = 16 KiB of shared memory in fp64, leaving room for
// several blocks per multiprocessor.
constexpr int TILE_K = 16;
constexpr int GEMM_THREADS = THREADS_M * THREADS_N;
// One spare element per row of a_tile: the transposed load writes a_tile down a column (k varies
// fastest across threads), and a row length of 65 instead of 64 puts those writes in different
// shared-memory banks.
constexpr int A_TILE_PADDING = 1;
static_assert(GEMM_THREADS == THREADS_PER_BLOCK, "the host launches every kernel with THREADS_PER_BLOCK");

template <typename T, bool TRANSPOSE_A>
__device__ void gemm(int m, int n, int k, double alpha, const T* a, int lda, const T* b, int ldb,
                     const T* bias, T* c, int ldc)
{
    __shared__ T a_tile[TILE_K][BLOCK_M + A_TILE_PADDING];
    __shared__ T b_tile[TILE_K][BLOCK_N];
    const int tx = threadIdx.x % THREADS_M;
    const int ty = threadIdx.x / THREADS_M;
    const int row0 = blockIdx.x * BLOCK_M;
    const int col0 = blockIdx.y * BLOCK_N;
    T acc[THREAD_M][THREAD_N] = {};

    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        // Each thread stages (BLOCK_M x TILE_K) / GEMM_THREADS elements of each tile.
        for (int s = threadIdx.x; s < BLOCK_M * TILE_K; s += GEMM_THREADS) {
            // op(A) is read along its contiguous dimension: rows of A, or columns of A^T.
            const int kk = TRANSPOSE_A ? s % TILE_K : s / BLOCK_M;
            const int ii = TRANSPOSE_A ? s / TILE_K : s % BLOCK_M;
            const int row = row0 + ii;
            const int kg = k0 + kk;
            T value = 0;
            if (row < m && kg < k) {
                value = TRANSPOSE_A ? a[(long long)row * lda + kg] : a[(long long)kg * lda + row];
            }
            a_tile[kk][ii] = value;
        }
        for (int s = threadIdx.x; s < TILE_K * BLOCK_N; s += GEMM_THREADS) {
            const int kk = s % TILE_K;
            const int jj = s / TILE_K;
            const int kg = k0 + kk;
            const int col = col0 + jj;
            b_tile[kk][jj] = (kg < k && col < n) ? b[(long long)col * ldb + kg] : (T)0;
        }
        __syncthreads();
        for (int kk = 0; kk < TILE_K; kk++) {
            T a_reg[THREAD_M];
            T b_reg[THREAD_N];
            for (int r = 0; r < THREAD_M; r++) a_reg[r] = a_tile[kk][tx + r * THREADS_M];
            for (int q = 0; q < THREAD_N; q++) b_reg[q] = b_tile[kk][ty + q * THREADS_N];
            for (int r = 0; r < THREAD_M; r++)
                for (int q = 0; q < THREAD_N; q++) acc[r][q] += a_reg[r] * b_reg[q];
        }
        __syncthreads();
    }

    // Epilogue: C = alpha acc - bias, written once.
    for (int q = 0; q < THREAD_N; q++) {
        const int col = col0 + ty + q * THREADS_N;
        for (int r = 0; r < THREAD_M; r++) {
            const int row = row0 + tx + r * THREADS_M;
            if (row < m && col < n) {
                T value = (T)alpha * acc[r][q];
                if (bias != nullptr) value -= bias[row];
                c[(long long)col * ldc + row] = value;
            }
        }
    }
}

#define GEMM_KERNEL(NAME, T, TRANSPOSE_A)                                                          \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS)                                    \
    NAME(int m, int n, int k, double alpha, const T* a, int lda, const T* b, int ldb,            \
         const T* bias, T* c, int ldc)                                                            \
    {                                                                                             \
        gemm<T, TRANSPOSE_A>(m, n, k, alpha, a, lda, b, ldb, bias, c, ldc);                       \
    }

GEMM_KERNEL(gemm_nn_f32, float, false)
GEMM_KERNEL(gemm_nn_f64, double, false)
GEMM_KERNEL(gemm_tn_f32, float, true)
GEMM_KERNEL(gemm_tn_f64, double, true)

// C[:, j] = -bias for every column: the "- b 1^T" term ahead of a cuBLAS product with beta = 1.
template <typename T>
__device__ void fill_negated(T* c, const T* bias, int rows, int columns)
{
    for_each_element<T>(rows, 0, columns, [&](long long e, int lanes, const int*) {
        for (int l = 0; l < lanes; l++) {
            c[e + l] = -bias[(e + l) % rows];
        }
    });
}

extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)
fill_negated_f32(float* c, const float* bias, int rows, int columns)
{
    fill_negated(c, bias, rows, columns);
}

extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)
fill_negated_f64(double* c, const double* bias, int rows, int columns)
{
    fill_negated(c, bias, rows, columns);
}
