// Mini-batch gradients of the finite sums (least squares, logistic regression). Column j averages
// the b rows S_j = rows[j b .. j b + b) of this step, drawn on the host by backend.RowSampler
// (the same draws as the CPU's), as problem.FiniteSum.sampledGradient defines them:
//
//   least squares   r_kj = m_{S_jk} . x_j - y_{S_jk}
//   logistic        r_kj = sigmoid(m_{S_jk} . x_j) - y_{S_jk}
//   G_j = (1/b) sum_k r_kj m_{S_jk}  (+ ridge x_j for logistic: the ridge term is no data row)
//
// Rows m_i are read from M^T (n x m, column-major), where row i of M is contiguous: the dot
// products (a warp each) and the gradient (a thread per element) read consecutive addresses
// across threads. A product through GEMM would need the b rows gathered per column first; with
// b rows of n per column the work is 4 b n B, a fraction b / m of the full gradient's.
#include "common.cuh"

// Warp-wide sum, lane 0 gets the total. All 32 lanes must call it (full mask).
template <typename T>
__device__ T warp_sum(T value)
{
    for (int offset = WARP_SIZE / 2; offset > 0; offset /= 2) {
        value += __shfl_down_sync(0xffffffffu, value, offset);
    }
    return value;
}

// One warp per (k, j), k < b over the sample, j < columns: r[j b + k]. Launched with exactly
// ceil(b columns / warps per block) blocks and no grid-stride loop, so every lane of every warp
// reaches the shuffles (warps past the end and of frozen columns add zeros and write nothing).
template <typename T>
__device__ void sampled_residual(const T* design_transposed, const T* targets, const int* rows, const T* x, T* r,
                                 const int* active, int n, int sample, int columns, int activation)
{
    const long long warp = (blockIdx.x * (long long)blockDim.x + threadIdx.x) / WARP_SIZE;
    const int lane = threadIdx.x % WARP_SIZE;
    const int j = (int)(warp / sample);
    const bool live = j < columns && active[j];
    int row = 0;
    T dot = 0;
    if (live) {
        row = rows[warp];  // warp = j b + k
        const T* m_row = design_transposed + (long long)row * n;
        const T* xj = x + (long long)j * n;
        for (int i = lane; i < n; i += WARP_SIZE) {
            dot += m_row[i] * xj[i];
        }
    }
    dot = warp_sum(dot);
    if (live && lane == 0) {
        r[warp] = (activation == SIGMOID ? logistic_sigmoid(dot) : dot) - targets[row];
    }
}

// G[i, j] = (1/b) sum_k r_kj M^T[i, S_jk] + ridge x[i, j], one thread per element of active columns.
template <typename T>
__device__ void sampled_gradient(const T* design_transposed, const int* rows, const T* r, const T* x, double ridge,
                                 T* g, const int* active, int n, int sample, int columns)
{
    const long long elements = (long long)n * columns;
    for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < elements;
         e += (long long)gridDim.x * blockDim.x) {
        const int j = (int)(e / n);
        const int i = (int)(e % n);
        if (!active[j]) {
            continue;
        }
        const int* rows_j = rows + (long long)j * sample;
        const T* r_j = r + (long long)j * sample;
        T sum = 0;
        for (int k = 0; k < sample; k++) {
            sum += r_j[k] * design_transposed[(long long)rows_j[k] * n + i];
        }
        g[e] = sum / (T)sample + (T)ridge * x[e];
    }
}

#define SAMPLED_KERNELS(T, SUFFIX)                                                                 \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    sampled_residual_##SUFFIX(const T* design_transposed, const T* targets, const int* rows,      \
                              const T* x, T* r, const int* active, int n, int sample, int columns, \
                              int activation)                                                      \
    {                                                                                             \
        sampled_residual(design_transposed, targets, rows, x, r, active, n, sample, columns,      \
                         activation);                                                             \
    }                                                                                             \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    sampled_gradient_##SUFFIX(const T* design_transposed, const int* rows, const T* r,            \
                              const T* x, double ridge, T* g, const int* active, int n,           \
                              int sample, int columns)                                            \
    {                                                                                             \
        sampled_gradient(design_transposed, rows, r, x, ridge, g, active, n, sample, columns);   \
    }

SAMPLED_KERNELS(float, f32)
SAMPLED_KERNELS(double, f64)
