// Per-column reductions, one block per column.
//
// measure_*, at a check (every --check-every iterations):
//   out[j][0] = g.g                 gradient norm^2
//   out[j][1] = (x - x*).(x - x*)   distance to the minimizer^2
//   out[j][2] = g.(x - x*)          f - f* = 1/2 g.(x - x*), exact for every quadratic form
//                                   (quadratics and least squares) where f(x) - f* would cancel;
//                                   the loss is then f* + 1/2 g.(x - x*), free from G
//   out[j][3] = (x - x_prev).(x - x_prev), out[j][4] = x_prev.x_prev: the last step's |dx| and
//                                   |dx| / |x_prev| (x_prev as the update kernels saved it)
//   out[j][5] = x.x                 the iterate's norm^2, which the divergence rule norm:B bounds
//   x_star may be null (logistic regression has no known minimizer): out[j][1] and out[j][2] are
//   then 0, and the host reports distance and suboptimality as unknown.
//
// logistic_loss_*, at a check of a logistic batch, from Z = M X (m x B, recomputed by the host):
//   loss[j] = (1/m) sum_i softplus(z_ij) - y_i z_ij + (ridge/2) x_j.x_j
//   with softplus(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), which never overflows.
//
// Sums run in double for fp32 data too. A column whose sums are not finite has diverged: its
// active flag is cleared here, on the device, so the following chunk stops updating it before
// the host has looked (the engine then records it as diverged from these same numbers).
//
// clip_scale_*, before every update of a batch that clips by norm (optax clip_by_global_norm,
// per column): clip[j][CLIP_SCALE] = min(1, c / |g|), c = clip[j][CLIP_NORM], written as
// |g| > c ? c / |g| : 1 so that a NaN norm leaves the gradient NaN, as optim.Clipped does.
#include "common.cuh"

template <typename T>
__device__ void measure(const T* x, const T* g, const double* x_star, const T* previous, int n, double* out,
                        int* active)
{
    const int j = blockIdx.x;
    const T* xj = x + (long long)j * n;
    const T* gj = g + (long long)j * n;
    const T* pj = previous + (long long)j * n;
    double gg = 0, dd = 0, gd = 0, uu = 0, pp = 0, xx = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const double gi = gj[i];
        const double xi = xj[i];
        const double di = x_star != nullptr ? xi - x_star[i] : 0.0;
        const double pi = pj[i];
        gg += gi * gi;
        dd += di * di;
        gd += gi * di;
        uu += (xi - pi) * (xi - pi);
        pp += pi * pi;
        xx += xi * xi;
    }
    gg = block_sum(gg);
    dd = block_sum(dd);
    gd = block_sum(gd);
    uu = block_sum(uu);
    pp = block_sum(pp);
    xx = block_sum(xx);
    if (threadIdx.x == 0) {
        double* o = out + (long long)j * MEASURE_SLOTS;
        o[MEASURE_GRADIENT_SQUARED] = gg;
        o[MEASURE_ERROR_SQUARED] = dd;
        o[MEASURE_GRADIENT_DOT_ERROR] = gd;
        o[MEASURE_STEP_SQUARED] = uu;
        o[MEASURE_PREVIOUS_SQUARED] = pp;
        o[MEASURE_ITERATE_SQUARED] = xx;
        if (!isfinite(gg) || !isfinite(dd)) {
            active[j] = 0;
        }
    }
}

template <typename T>
__device__ void clip_scale(const T* g, double* clip, const int* active, int n)
{
    const int j = blockIdx.x;
    if (!active[j]) {
        return;  // the whole block leaves: no thread waits in block_sum
    }
    const T* gj = g + (long long)j * n;
    double gg = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const double gi = gj[i];
        gg += gi * gi;
    }
    gg = block_sum(gg);
    if (threadIdx.x == 0) {
        double* c = clip + (long long)j * CLIP_SLOTS;
        const double norm = sqrt(gg);
        c[CLIP_SCALE] = norm > c[CLIP_NORM] ? c[CLIP_NORM] / norm : 1.0;
    }
}

#define REDUCTION_KERNELS(T, SUFFIX)                                                               \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    measure_##SUFFIX(const T* x, const T* g, const double* x_star, const T* previous, int n,      \
                     double* out, int* active)                                                    \
    {                                                                                             \
        measure(x, g, x_star, previous, n, out, active);                                          \
    }                                                                                             \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    clip_scale_##SUFFIX(const T* g, double* clip, const int* active, int n)                       \
    {                                                                                             \
        clip_scale(g, clip, active, n);                                                           \
    }

REDUCTION_KERNELS(float, f32)
REDUCTION_KERNELS(double, f64)

// softplus(z) = log(1 + exp(z)), as LogisticProblem.value evaluates it: exp only of -|z| <= 0.
__device__ inline double softplus(double z)
{
    return max(z, 0.0) + log1p(exp(-fabs(z)));
}

template <typename T>
__device__ void logistic_loss(const T* z, const T* labels, int rows, const T* x, int n, double ridge, double* loss,
                              int* active)
{
    const int j = blockIdx.x;
    const T* zj = z + (long long)j * rows;
    const T* xj = x + (long long)j * n;
    double data = 0, xx = 0;
    for (int i = threadIdx.x; i < rows; i += blockDim.x) {
        const double zi = zj[i];
        data += softplus(zi) - (double)labels[i] * zi;
    }
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const double xi = xj[i];
        xx += xi * xi;
    }
    data = block_sum(data);
    xx = block_sum(xx);
    if (threadIdx.x == 0) {
        loss[j] = data / rows + 0.5 * ridge * xx;
        if (!isfinite(loss[j])) {
            active[j] = 0;
        }
    }
}

extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)
logistic_loss_f32(const float* z, const float* labels, int rows, const float* x, int n, double ridge, double* loss,
                  int* active)
{
    logistic_loss(z, labels, rows, x, n, ridge, loss, active);
}

extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)
logistic_loss_f64(const double* z, const double* labels, int rows, const double* x, int n, double ridge, double* loss,
                  int* active)
{
    logistic_loss(z, labels, rows, x, n, ridge, loss, active);
}
