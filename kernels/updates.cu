// Fused optimizer updates over an n x B batch: one pass reads x, g and the rule's state and
// writes x and the state. The formulas are those of the Java rules (dev.gdbench.optim), which
// are the CPU twins the tests compare against, torch.optim conventions; s[] below are the step
// scalars the host computes per step and column with the rule's stepScalars(t, lr_t):
//
//   gd         x -= lr g                                             s = {lr}
//   heavyball  v = beta v + g;  x -= lr v                            (torch SGD momentum)
//   nesterov   v = beta v + g;  x -= lr (g + beta v)                 (torch SGD nesterov=True)
//   adagrad    a += g^2;  x -= s0 g / (sqrt(a) + eps)                s = {lr / (1 + (t - 1) decay)}
//   rmsprop    v = alpha v + (1 - alpha) g^2;  x -= lr g / (sqrt(v) + eps)
//   adam       m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//              x -= s0 m / (sqrt(v) / s1 + eps)                      s = {lr / c1, sqrt(c2)}, c = 1 - b^t
//   amsgrad    adam's m, v;  w = max(w, v);  x -= s0 m / (sqrt(w) / s1 + eps)
//   nadam      adam's m, v;  x -= (s0 g + s1 m) / (sqrt(v) / s2 + eps)
//              s = {lr (1 - mu_t) / (1 - P_t), lr mu_t+1 / (1 - P_t+1), sqrt(c2)}, P_t = mu_1 ... mu_t
//   radam      adam's m, v;  x -= s0 m / (sqrt(v) + eps) if s1 != 0, else x -= s0 m
//              s = {lr r_t sqrt(c2) / c1, 1} rectified (rho_t > 5), else {lr / c1, 0}
//   lion       x -= lr sign(b1 m + (1 - b1) g);  m = b2 m + (1 - b2) g   (optax; its decay decoupled)
//
// Hyper-parameters that do not change with the step come per column from
// hyper[j * HYPER_SLOTS + p] (the rule's kernelConstants(), each functor's Hyper names them). Gradient clipping,
// when a column has it, replaces g by clamp(scale g, -c, c) (clip by norm through clip_scale's
// scale, then by value), the order in which optim.Transforms chains them. Weight decay
// (optim.WeightDecayed) applies to every rule: coupled, g += hyper[HYPER_L2] x after the clipping;
// decoupled, x *= s[STEP_DECAY] = 1 - lr_t wd before the step (adamw is adam with it). Columns with
// active[j] == 0 (converged or diverged) are left untouched. Arithmetic is in T: fp32 runs in fp32.
#include "common.cuh"

// A rule is its per-element step; the batch indexing is update_batch's. STATE is how many state
// vectors it keeps (s0, s1, s2 in the order of the Java rule's state). Hyper names the slots of
// hyper[] it reads, the Java rule's kernelConstants() in order; Step the slots of the step
// scalars s[], its stepScalars() in order (KernelLayoutTest holds both to the Java rule).
struct GradientDescent {
    static constexpr int STATE = 0;
    enum Hyper : int {};
    enum Step : int { LR };
    template <typename T>
    __device__ void operator()(T& x, T g, T&, T&, T&, const double*, const double* s) const
    {
        x -= (T)s[LR] * g;
    }
};

struct HeavyBall {
    static constexpr int STATE = 1;
    enum Hyper : int { MOMENTUM };
    enum Step : int { LR };
    template <typename T>
    __device__ void operator()(T& x, T g, T& v, T&, T&, const double* hyper, const double* s) const
    {
        v = (T)hyper[MOMENTUM] * v + g;
        x -= (T)s[LR] * v;
    }
};

struct Nesterov {
    static constexpr int STATE = 1;
    enum Hyper : int { MOMENTUM };
    enum Step : int { LR };
    template <typename T>
    __device__ void operator()(T& x, T g, T& v, T&, T&, const double* hyper, const double* s) const
    {
        const T beta = (T)hyper[MOMENTUM];
        v = beta * v + g;
        x -= (T)s[LR] * (g + beta * v);
    }
};

// lr_decay enters through the step size the host computes.
struct AdaGrad {
    static constexpr int STATE = 1;
    enum Hyper : int { EPS };
    enum Step : int { DECAYED_LR };
    template <typename T>
    __device__ void operator()(T& x, T g, T& sum, T&, T&, const double* hyper, const double* s) const
    {
        sum += g * g;
        x -= (T)s[DECAYED_LR] * g / (sqrt(sum) + (T)hyper[EPS]);
    }
};

struct RmsProp {
    static constexpr int STATE = 1;
    enum Hyper : int { ALPHA, EPS };
    enum Step : int { LR };
    template <typename T>
    __device__ void operator()(T& x, T g, T& v, T&, T&, const double* hyper, const double* s) const
    {
        const T alpha = (T)hyper[ALPHA];
        v = alpha * v + ((T)1 - alpha) * g * g;
        x -= (T)s[LR] * g / (sqrt(v) + (T)hyper[EPS]);
    }
};

// The moments and the step are shared by the three rules of the family, as optim.Adam.step is
// on the CPU. STEP_SIZE = lr / (1 - beta1^t), SQRT_CORRECTION2 = sqrt(1 - beta2^t).
struct Adam {
    static constexpr int STATE = 2;
    enum Hyper : int { BETA1, BETA2, EPS };
    enum Step : int { STEP_SIZE, SQRT_CORRECTION2 };
    template <typename T>
    __device__ static void moments(T g, T& m, T& v, const double* hyper)
    {
        const T beta1 = (T)hyper[BETA1];
        const T beta2 = (T)hyper[BETA2];
        m = beta1 * m + ((T)1 - beta1) * g;
        v = beta2 * v + ((T)1 - beta2) * g * g;
    }
    // second is v, or amsgrad's running maximum of it.
    template <typename T>
    __device__ static void step(T& x, T m, T second, const double* hyper, const double* s)
    {
        x -= (T)s[STEP_SIZE] * m / (sqrt(second) / (T)s[SQRT_CORRECTION2] + (T)hyper[EPS]);
    }
    template <typename T>
    __device__ void operator()(T& x, T g, T& m, T& v, T&, const double* hyper, const double* s) const
    {
        moments(g, m, v, hyper);
        step(x, m, v, hyper, s);
    }
};

struct AmsGrad : Adam {
    static constexpr int STATE = 3;
    template <typename T>
    __device__ void operator()(T& x, T g, T& m, T& v, T& v_max, const double* hyper, const double* s) const
    {
        Adam::moments(g, m, v, hyper);
        v_max = v_max >= v ? v_max : v;  // a NaN v propagates, as Math.max does
        Adam::step(x, m, v_max, hyper, s);
    }
};

// The momentum schedule mu_t is folded into the weights of g and m the host computes.
struct NAdam : Adam {
    enum Step : int { GRADIENT_WEIGHT, MOMENTUM_WEIGHT, SQRT_CORRECTION2 };
    template <typename T>
    __device__ void operator()(T& x, T g, T& m, T& v, T&, const double* hyper, const double* s) const
    {
        Adam::moments(g, m, v, hyper);
        x -= ((T)s[GRADIENT_WEIGHT] * g + (T)s[MOMENTUM_WEIGHT] * m)
             / (sqrt(v) / (T)s[SQRT_CORRECTION2] + (T)hyper[EPS]);
    }
};

// Whether a step is rectified depends on t only, so the branch is the same for every element of a column.
struct RAdam : Adam {
    enum Step : int { STEP_SIZE, ADAPTIVE };
    template <typename T>
    __device__ void operator()(T& x, T g, T& m, T& v, T&, const double* hyper, const double* s) const
    {
        Adam::moments(g, m, v, hyper);
        x -= s[ADAPTIVE] != 0 ? (T)s[STEP_SIZE] * m / (sqrt(v) + (T)hyper[EPS]) : (T)s[STEP_SIZE] * m;
    }
};

struct Lion {
    static constexpr int STATE = 1;
    enum Hyper : int { BETA1, BETA2 };
    enum Step : int { LR };
    template <typename T>
    __device__ void operator()(T& x, T g, T& m, T&, T&, const double* hyper, const double* s) const
    {
        const T beta1 = (T)hyper[BETA1];
        const T beta2 = (T)hyper[BETA2];
        const T c = beta1 * m + ((T)1 - beta1) * g;
        // The sign by comparisons: 0 stays 0 (as jnp.sign) and a NaN stays NaN (copysign would make it +-1).
        x -= (T)s[LR] * (c > (T)0 ? (T)1 : (c < (T)0 ? (T)-1 : c));
        m = beta2 * m + ((T)1 - beta2) * g;
    }
};

// clamp(scale g, -bound, bound) by comparisons, so a NaN gradient stays NaN (fmin/fmax would
// replace it by the bound and hide a divergence) as Java's Math.min/max keep it.
template <typename T>
__device__ T clipped(T g, const double* clip)
{
    const T scaled = (T)clip[CLIP_SCALE] * g;
    const T bound = (T)clip[CLIP_VALUE];
    return scaled > bound ? bound : (scaled < -bound ? -bound : scaled);
}

// Loads the vectors a rule touches (state only as far as it keeps one), steps the active lanes,
// stores them back. A pack whose lanes are all frozen is not loaded at all. clip is null when no
// column clips. previous, when not null (the last step before a check), receives x before the
// step, so measure can report |x - x_prev|; only active lanes write it, so a frozen column keeps
// the x_prev of its own last step.
template <typename T, typename Rule>
__device__ void update_batch(Rule rule, T* x, const T* g, T* s0, T* s1, T* s2, const double* hyper,
                             const double* step, const double* clip, T* previous, const int* active,
                             int n, int first_column, int end_column)
{
    for_each_element<T>(n, first_column, end_column, [&](long long e, int lanes, const int* columns) {
        bool any = false;
        bool all = true;
        for (int l = 0; l < lanes; l++) {
            any |= active[columns[l]] != 0;
            all &= active[columns[l]] != 0;
        }
        if (!any) {
            return;
        }
        const bool packed = lanes == Pack<T>::LANES;
        Pack<T> xs, gs, v0, v1, v2;
        if (packed) {
            xs = *reinterpret_cast<const Pack<T>*>(x + e);
            gs = *reinterpret_cast<const Pack<T>*>(g + e);
            if (Rule::STATE >= 1) v0 = *reinterpret_cast<const Pack<T>*>(s0 + e);
            if (Rule::STATE >= 2) v1 = *reinterpret_cast<const Pack<T>*>(s1 + e);
            if (Rule::STATE >= 3) v2 = *reinterpret_cast<const Pack<T>*>(s2 + e);
        } else {
            xs.lane[0] = x[e];
            gs.lane[0] = g[e];
            if (Rule::STATE >= 1) v0.lane[0] = s0[e];
            if (Rule::STATE >= 2) v1.lane[0] = s1[e];
            if (Rule::STATE >= 3) v2.lane[0] = s2[e];
        }
        if (previous != nullptr) {
            if (packed && all) {
                *reinterpret_cast<Pack<T>*>(previous + e) = xs;
            } else {
                for (int l = 0; l < lanes; l++) {
                    if (active[columns[l]]) previous[e + l] = xs.lane[l];
                }
            }
        }
        for (int l = 0; l < lanes; l++) {
            const int j = columns[l];
            if (active[j]) {
                const double* h = hyper + j * HYPER_SLOTS;
                const double* st = step + j * STEP_SLOTS;
                T gradient = clip == nullptr ? gs.lane[l] : clipped(gs.lane[l], clip + j * CLIP_SLOTS);
                if (h[HYPER_L2] != 0) gradient += (T)h[HYPER_L2] * xs.lane[l];
                if (st[STEP_DECAY] != 1) xs.lane[l] *= (T)st[STEP_DECAY];
                rule(xs.lane[l], gradient, v0.lane[l], v1.lane[l], v2.lane[l], h, st);
            }
        }
        if (packed) {
            *reinterpret_cast<Pack<T>*>(x + e) = xs;
            if (Rule::STATE >= 1) *reinterpret_cast<Pack<T>*>(s0 + e) = v0;
            if (Rule::STATE >= 2) *reinterpret_cast<Pack<T>*>(s1 + e) = v1;
            if (Rule::STATE >= 3) *reinterpret_cast<Pack<T>*>(s2 + e) = v2;
        } else {
            x[e] = xs.lane[0];
            if (Rule::STATE >= 1) s0[e] = v0.lane[0];
            if (Rule::STATE >= 2) s1[e] = v1.lane[0];
            if (Rule::STATE >= 3) s2[e] = v2.lane[0];
        }
    });
}

// At least 4 resident blocks of 256 threads per multiprocessor (half of sm_80/sm_90's 2048
// threads), so that enough 16-byte loads are in flight to stream at memory bandwidth: this caps a
// thread at 64 registers, which amsgrad's three state vectors would otherwise exceed.
constexpr int UPDATE_MIN_BLOCKS_PER_SM = 4;

// One kernel per rule and precision, named update_<rule>_<f32|f64> as the Java side looks them up.
// Every update kernel takes the same parameters, so the host launches them all the same way.
#define UPDATE_KERNEL(NAME, RULE, T)                                                               \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK, UPDATE_MIN_BLOCKS_PER_SM)     \
    NAME(T* x, const T* g, T* s0, T* s1, T* s2, const double* hyper, const double* step,         \
         const double* clip, T* previous, const int* active, int n, int first_column,            \
         int end_column)                                                                          \
    {                                                                                             \
        update_batch<T>(RULE{}, x, g, s0, s1, s2, hyper, step, clip, previous, active, n,         \
                        first_column, end_column);                                                \
    }

#define UPDATE_KERNELS(NAME, RULE)                \
    UPDATE_KERNEL(update_##NAME##_f32, RULE, float) \
    UPDATE_KERNEL(update_##NAME##_f64, RULE, double)

// The one list of rules: NAME is the rule's name in optim.Optimizers (its descriptor's kernel is
// update_NAME), RULE its functor above. The host check runs every entry on the Java rule's cases.
#define GDBENCH_RULES(RULE)        \
    RULE(gd, GradientDescent)      \
    RULE(heavyball, HeavyBall)     \
    RULE(nesterov, Nesterov)       \
    RULE(adam, Adam)               \
    RULE(adagrad, AdaGrad)         \
    RULE(rmsprop, RmsProp)         \
    RULE(amsgrad, AmsGrad)         \
    RULE(nadam, NAdam)             \
    RULE(radam, RAdam)             \
    RULE(lion, Lion)

GDBENCH_RULES(UPDATE_KERNELS)
