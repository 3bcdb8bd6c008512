// Per-column reductions at a check (every --check-every iterations), one block per column:
//
//   out[j][0] = g.g                 gradient norm^2
//   out[j][1] = (x - x*).(x - x*)   distance to the minimizer^2
//   out[j][2] = g.(x - x*)          f - f* = 1/2 g.(x - x*), exact for every quadratic form
//                                   (quadratics and least squares) where f(x) - f* would cancel;
//                                   the loss is then f* + 1/2 g.(x - x*), free from G
//
// Sums run in double for fp32 data too. A column whose sums are not finite has diverged: its
// active flag is cleared here, on the device, so the following chunk stops updating it before
// the host has looked (the engine then records it as diverged from these same numbers).
#include "common.cuh"

template <typename T>
__device__ void measure(const T* x, const T* g, const double* x_star, int n, double* out, int* active)
{
    const int j = blockIdx.x;
    const T* xj = x + (long long)j * n;
    const T* gj = g + (long long)j * n;
    double gg = 0, dd = 0, gd = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const double gi = gj[i];
        const double di = (double)xj[i] - x_star[i];
        gg += gi * gi;
        dd += di * di;
        gd += gi * di;
    }
    gg = block_sum(gg);
    dd = block_sum(dd);
    gd = block_sum(gd);
    if (threadIdx.x == 0) {
        double* o = out + (long long)j * MEASURE_SLOTS;
        o[0] = gg;
        o[1] = dd;
        o[2] = gd;
        if (!isfinite(gg) || !isfinite(dd)) {
            active[j] = 0;
        }
    }
}

extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)
measure_f32(const float* x, const float* g, const double* x_star, int n, double* out, int* active)
{
    measure(x, g, x_star, n, out, active);
}

extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)
measure_f64(const double* x, const double* g, const double* x_star, int n, double* out, int* active)
{
    measure(x, g, x_star, n, out, active);
}
