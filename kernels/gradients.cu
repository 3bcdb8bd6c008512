// Gradients of a whole batch as matrix products, and the tiled GEMM behind them.
//
//   quadratic       G = A X - b 1^T                       (A n x n; the -b is the GEMM's epilogue)
//   least squares   R = M X - y 1^T                       (M m x n; -y in the epilogue)
//                   G = (1/m) M^T R                       (alpha = 1/m)
//   logistic        R = sigmoid(M X) - y 1^T              (sigmoid and -y in the epilogue)
//                   G = (1/m) M^T R + ridge X             (alpha = 1/m, addend X with beta = ridge)
//
// gemm_<nn|tn>_<f32|f64> computes C = act(alpha op(A) B + beta D) - bias 1^T, all column-major,
// op(A) = A (nn) or A^T (tn), act the identity or the logistic sigmoid, D an addend with C's
// leading dimension (null for none), bias null for none: the one product every problem needs.
// cuBLAS runs the same products when it loads; it has no such epilogue, so preset_linear_* sets
// C = beta D - bias 1^T ahead of a beta = 1 product, and for the sigmoid sigmoid_epilogue_*
// applies C = sigmoid(C) - bias 1^T after it.
//
// Split k: a skinny product (n = 4096, B = 32: 64 tiles of C on a GPU with 132 multiprocessors)
// has too few tiles to keep the GPU's memory system busy. The host then splits k over blockIdx.z
// (k ranges of split_length, a multiple of TILE_K), each block writes its raw partial tile to
// partial[z] (splits x m x n, packed), and gemm_split_reduce_* sums the partials in order of z
// and applies the epilogue: the same sums on every run, no atomics. Unsplit (partial null), the
// epilogue is fused into the tile's store.
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
// The tile sizes come from layout.cuh (the host sizes grids and split-k ranges by them).
constexpr int THREADS_M = 16;
constexpr int THREADS_N = 16;
constexpr int BLOCK_M = GEMM_BLOCK_M;
constexpr int BLOCK_N = GEMM_BLOCK_N;
constexpr int THREAD_M = BLOCK_M / THREADS_M;
constexpr int THREAD_N = BLOCK_N / THREADS_N;
static_assert(THREAD_M * THREADS_M == BLOCK_M && THREAD_N * THREADS_N == BLOCK_N, "the tile splits evenly over threads");
// 16 of k per stage: 2 x 64 x 16 x 8 bytes = 16 KiB of shared memory in fp64, leaving room for
// several blocks per multiprocessor.
constexpr int TILE_K = GEMM_TILE_K;
constexpr int GEMM_THREADS = THREADS_M * THREADS_N;
// One spare element per row of a_tile: the transposed load writes a_tile down a column (k varies
// fastest across threads), and a row length of 65 instead of 64 puts those writes in different
// shared-memory banks.
constexpr int A_TILE_PADDING = 1;
// The same for b_tile, staged with k fastest across threads: 16 threads write one column of it,
// 64 words apart without the spare element, all in one bank (a 16-way conflict per store).
constexpr int B_TILE_PADDING = 1;
static_assert(GEMM_THREADS == THREADS_PER_BLOCK, "the host launches every kernel with THREADS_PER_BLOCK");

// The epilogue's activation, as MatrixProducts.Epilogue passes it (an int kernel argument).
enum Activation : int { IDENTITY = ACTIVATION_IDENTITY, SIGMOID = ACTIVATION_SIGMOID };

// sigmoid(z) = 1 / (1 + exp(-z)), with exp only of -|z| <= 0 so that it cannot overflow (as
// LogisticProblem.sigmoid): e = exp(-|z|), then 1 / (1 + e) for z >= 0 and e / (1 + e) below.
// One exp and one reciprocal, not one of each per side: exp and division are long instruction
// sequences (fp64 most), inlined at each of the GEMM epilogue's THREAD_M x THREAD_N outputs.
// (__noinline__ would shrink the GEMM further, but the call makes ptxas spill in fp32's
// reciprocal slow path on sm_80.)
template <typename T>
__device__ T logistic_sigmoid(T z)
{
    const T e = exp(-fabs(z));
    const T r = (T)1 / ((T)1 + e);
    return z >= 0 ? r : e * r;
}

// act(alpha product + beta D[at]) - bias[row]: the epilogue of a fused store and of a split-k reduction.
template <typename T>
__device__ T epilogue_value(T product, long long at, int row, double alpha, double beta, const T* addend,
                            int activation, const T* bias)
{
    T value = (T)alpha * product;
    if (addend != nullptr) value += (T)beta * addend[at];
    if (activation == SIGMOID) value = logistic_sigmoid(value);
    if (bias != nullptr) value -= bias[row];
    return value;
}

template <typename T, bool TRANSPOSE_A>
__device__ void gemm(int m, int n, int k, double alpha, const T* a, int lda, const T* b, int ldb,
                     double beta, const T* addend, int activation, const T* bias, T* c, int ldc,
                     int split_length, T* partial)
{
    __shared__ T a_tile[TILE_K][BLOCK_M + A_TILE_PADDING];
    __shared__ T b_tile[TILE_K][BLOCK_N + B_TILE_PADDING];
    const int tx = threadIdx.x % THREADS_M;
    const int ty = threadIdx.x / THREADS_M;
    const int row0 = blockIdx.x * BLOCK_M;
    const int col0 = blockIdx.y * BLOCK_N;
    T acc[THREAD_M][THREAD_N] = {};
    const int k_begin = blockIdx.z * split_length;
    const int k_end = min(k, k_begin + split_length);

    for (int k0 = k_begin; k0 < k_end; k0 += TILE_K) {
        // Each thread stages (BLOCK_M x TILE_K) / GEMM_THREADS elements of each tile.
        for (int s = threadIdx.x; s < BLOCK_M * TILE_K; s += GEMM_THREADS) {
            // op(A) is read along its contiguous dimension: rows of A, or columns of A^T.
            const int kk = TRANSPOSE_A ? s % TILE_K : s / BLOCK_M;
            const int ii = TRANSPOSE_A ? s / TILE_K : s % BLOCK_M;
            const int row = row0 + ii;
            const int kg = k0 + kk;
            T value = 0;
            if (row < m && kg < k_end) {
                value = TRANSPOSE_A ? a[(long long)row * lda + kg] : a[(long long)kg * lda + row];
            }
            a_tile[kk][ii] = value;
        }
        for (int s = threadIdx.x; s < TILE_K * BLOCK_N; s += GEMM_THREADS) {
            const int kk = s % TILE_K;
            const int jj = s / TILE_K;
            const int kg = k0 + kk;
            const int col = col0 + jj;
            b_tile[kk][jj] = (kg < k_end && col < n) ? b[(long long)col * ldb + kg] : (T)0;
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

    // Epilogue: C = act(alpha acc + beta D) - bias written once, or the raw partial of a split.
    // Unrolled explicitly: the body is too long for nvcc to unroll by itself, and a rolled loop
    // indexes acc at run time, which moves acc from registers to local memory.
#pragma unroll
    for (int q = 0; q < THREAD_N; q++) {
        const int col = col0 + ty + q * THREADS_N;
#pragma unroll
        for (int r = 0; r < THREAD_M; r++) {
            const int row = row0 + tx + r * THREADS_M;
            if (row < m && col < n) {
                if (partial != nullptr) {
                    partial[((long long)blockIdx.z * n + col) * m + row] = acc[r][q];
                } else {
                    const long long at = (long long)col * ldc + row;
                    c[at] = epilogue_value(acc[r][q], at, row, alpha, beta, addend, activation, bias);
                }
            }
        }
    }
}

#define GEMM_KERNEL(NAME, T, TRANSPOSE_A)                                                          \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS)                                    \
    NAME(int m, int n, int k, double alpha, const T* a, int lda, const T* b, int ldb, double beta, \
         const T* addend, int activation, const T* bias, T* c, int ldc, int split_length,         \
         T* partial)                                                                              \
    {                                                                                             \
        gemm<T, TRANSPOSE_A>(m, n, k, alpha, a, lda, b, ldb, beta, addend, activation, bias, c, ldc, \
                             split_length, partial);                                              \
    }

GEMM_KERNEL(gemm_nn_f32, float, false)
GEMM_KERNEL(gemm_nn_f64, double, false)
GEMM_KERNEL(gemm_tn_f32, float, true)
GEMM_KERNEL(gemm_tn_f64, double, true)

// C = act(alpha sum_z partial[z] + beta D) - bias 1^T over a packed m x n C, the partials summed
// in order of z.
template <typename T>
__device__ void gemm_split_reduce(const T* partial, int splits, int m, int n, double alpha, double beta,
                                  const T* addend, int activation, const T* bias, T* c)
{
    const long long size = (long long)m * n;
    for_each_element<T>(m, 0, n, [&](long long e, int lanes, const int*) {
        for (int l = 0; l < lanes; l++) {
            T sum = 0;
            for (int z = 0; z < splits; z++) {
                sum += partial[z * size + e + l];
            }
            c[e + l] = epilogue_value(sum, e + l, (int)((e + l) % m), alpha, beta, addend, activation, bias);
        }
    });
}

#define SPLIT_REDUCE_KERNEL(T, SUFFIX)                                                             \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    gemm_split_reduce_##SUFFIX(const T* partial, int splits, int m, int n, double alpha,          \
                               double beta, const T* addend, int activation, const T* bias, T* c) \
    {                                                                                             \
        gemm_split_reduce(partial, splits, m, n, alpha, beta, addend, activation, bias, c);      \
    }

SPLIT_REDUCE_KERNEL(float, f32)
SPLIT_REDUCE_KERNEL(double, f64)

// The cuBLAS path's epilogue, in two element-wise passes over a packed rows x columns C.
//
// preset_linear: C = beta D - bias 1^T (addend D and bias each null for none), ahead of a cuBLAS
// product with beta = 1, which makes C = alpha op(A) B + beta D - bias 1^T.
template <typename T>
__device__ void preset_linear(T* c, double beta, const T* addend, const T* bias, int rows, int columns)
{
    for_each_element<T>(rows, 0, columns, [&](long long e, int lanes, const int*) {
        for (int l = 0; l < lanes; l++) {
            T value = addend != nullptr ? (T)beta * addend[e + l] : (T)0;
            if (bias != nullptr) value -= bias[(e + l) % rows];
            c[e + l] = value;
        }
    });
}

// sigmoid_epilogue: C = sigmoid(C) - bias 1^T (bias null for none), after a cuBLAS product (with
// preset_linear ahead of it for an addend) made C = alpha op(A) B + beta D.
template <typename T>
__device__ void sigmoid_epilogue(T* c, const T* bias, int rows, int columns)
{
    for_each_element<T>(rows, 0, columns, [&](long long e, int lanes, const int*) {
        for (int l = 0; l < lanes; l++) {
            T value = logistic_sigmoid(c[e + l]);
            if (bias != nullptr) value -= bias[(e + l) % rows];
            c[e + l] = value;
        }
    });
}

#define EPILOGUE_KERNELS(T, SUFFIX)                                                                \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    preset_linear_##SUFFIX(T* c, double beta, const T* addend, const T* bias, int rows, int columns) \
    {                                                                                             \
        preset_linear(c, beta, addend, bias, rows, columns);                                      \
    }                                                                                             \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    sigmoid_epilogue_##SUFFIX(T* c, const T* bias, int rows, int columns)                         \
    {                                                                                             \
        sigmoid_epilogue(c, bias, rows, columns);                                                 \
    }

EPILOGUE_KERNELS(float, f32)
EPILOGUE_KERNELS(double, f64)
