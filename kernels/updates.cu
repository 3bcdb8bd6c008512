// Fused optimizer updates over an n x B batch: one pass reads x, g and the rule's state and
// writes x and the state. The formulas are those of the Java rules (dev.gdbench.optim), which
// are the CPU twins the tests compare against, torch.optim conventions:
//
//   gd         x -= lr g
//   heavyball  v = beta v + g;  x -= lr v                            (torch SGD momentum)
//   nesterov   v = beta v + g;  x -= lr (g + beta v)                 (torch SGD nesterov=True)
//   adam       m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//              x -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps),  c1 = 1 - b1^t, c2 = 1 - b2^t
//
// Hyper-parameters come per column from hyper[j * HYPER_SLOTS + p] (the rule's hyperParameters()
// order: lr first). Adam's bias corrections depend on the step t only; the host computes them per
// step and column into bias[j * BIAS_SLOTS + {0, 1}] = {lr / c1, sqrt(c2)}. Columns with
// active[j] == 0 (converged or diverged) are left untouched. Arithmetic is in T: fp32 runs in fp32.
#include "common.cuh"

// A rule is its per-element step; the batch indexing is for_each_element's.
struct GradientDescent {
    static constexpr int STATE = 0;
    template <typename T>
    __device__ void operator()(T& x, T g, T&, T&, const double* hyper, const double*) const
    {
        x -= (T)hyper[0] * g;
    }
};

struct HeavyBall {
    static constexpr int STATE = 1;
    template <typename T>
    __device__ void operator()(T& x, T g, T& v, T&, const double* hyper, const double*) const
    {
        v = (T)hyper[1] * v + g;
        x -= (T)hyper[0] * v;
    }
};

struct Nesterov {
    static constexpr int STATE = 1;
    template <typename T>
    __device__ void operator()(T& x, T g, T& v, T&, const double* hyper, const double*) const
    {
        const T beta = (T)hyper[1];
        v = beta * v + g;
        x -= (T)hyper[0] * (g + beta * v);
    }
};

struct Adam {
    static constexpr int STATE = 2;
    template <typename T>
    __device__ void operator()(T& x, T g, T& m, T& v, const double* hyper, const double* bias) const
    {
        const T beta1 = (T)hyper[1];
        const T beta2 = (T)hyper[2];
        m = beta1 * m + ((T)1 - beta1) * g;
        v = beta2 * v + ((T)1 - beta2) * g * g;
        x -= (T)bias[0] * m / (sqrt(v) / (T)bias[1] + (T)hyper[3]);
    }
};

// Loads the vectors a rule touches (state only as far as it keeps one), steps the active lanes,
// stores them back. A pack whose lanes are all frozen is not loaded at all.
template <typename T, typename Rule>
__device__ void update_batch(Rule rule, T* x, const T* g, T* s0, T* s1, const double* hyper,
                             const double* bias, const int* active, int n, int first_column,
                             int end_column)
{
    for_each_element<T>(n, first_column, end_column, [&](long long e, int lanes, const int* columns) {
        bool any = false;
        for (int l = 0; l < lanes; l++) {
            any |= active[columns[l]] != 0;
        }
        if (!any) {
            return;
        }
        Pack<T> xs, gs, v0, v1;
        if (lanes == Pack<T>::LANES) {
            xs = *reinterpret_cast<const Pack<T>*>(x + e);
            gs = *reinterpret_cast<const Pack<T>*>(g + e);
            if (Rule::STATE >= 1) v0 = *reinterpret_cast<const Pack<T>*>(s0 + e);
            if (Rule::STATE >= 2) v1 = *reinterpret_cast<const Pack<T>*>(s1 + e);
        } else {
            xs.lane[0] = x[e];
            gs.lane[0] = g[e];
            if (Rule::STATE >= 1) v0.lane[0] = s0[e];
            if (Rule::STATE >= 2) v1.lane[0] = s1[e];
        }
        for (int l = 0; l < lanes; l++) {
            const int j = columns[l];
            if (active[j]) {
                rule(xs.lane[l], gs.lane[l], v0.lane[l], v1.lane[l], hyper + j * HYPER_SLOTS,
                     bias + j * BIAS_SLOTS);
            }
        }
        if (lanes == Pack<T>::LANES) {
            *reinterpret_cast<Pack<T>*>(x + e) = xs;
            if (Rule::STATE >= 1) *reinterpret_cast<Pack<T>*>(s0 + e) = v0;
            if (Rule::STATE >= 2) *reinterpret_cast<Pack<T>*>(s1 + e) = v1;
        } else {
            x[e] = xs.lane[0];
            if (Rule::STATE >= 1) s0[e] = v0.lane[0];
            if (Rule::STATE >= 2) s1[e] = v1.lane[0];
        }
    });
}

// One kernel per rule and precision, named update_<rule>_<f32|f64> as the Java side looks them up.
// Every update kernel takes the same parameters, so the host launches them all the same way.
#define UPDATE_KERNEL(NAME, RULE, T)                                                               \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK)                               \
    NAME(T* x, const T* g, T* s0, T* s1, const double* hyper, const double* bias,                \
         const int* active, int n, int first_column, int end_column)                             \
    {                                                                                             \
        update_batch<T>(RULE{}, x, g, s0, s1, hyper, bias, active, n, first_column, end_column); \
    }

UPDATE_KERNEL(update_gd_f32, GradientDescent, float)
UPDATE_KERNEL(update_gd_f64, GradientDescent, double)
UPDATE_KERNEL(update_heavyball_f32, HeavyBall, float)
UPDATE_KERNEL(update_heavyball_f64, HeavyBall, double)
UPDATE_KERNEL(update_nesterov_f32, Nesterov, float)
UPDATE_KERNEL(update_nesterov_f64, Nesterov, double)
UPDATE_KERNEL(update_adam_f32, Adam, float)
UPDATE_KERNEL(update_adam_f64, Adam, double)
