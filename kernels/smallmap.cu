// Persistent small-problem runs for `gdbench map`: one thread per configuration (a point of the
// map) runs gd, heavy ball, Nesterov or Adam on the quadratic f(x) = 1/2 x'Ax - b'x (n <= 64), on
// Rosenbrock (n <= 64) or on Beale (n = 2) from x0 to its last decision in one launch, every
// iteration on-chip.
//
//   A, b, x0, x*     the instance, shared by the whole grid: copied to shared memory once per block
//                    (every thread of a warp reads the same element: a broadcast)
//   x, v, g, s       the thread's own iterate, velocity (Adam's first moment), gradient and Adam's
//                    second moment: registers for n = 2, its column of a state buffer in global
//                    memory (cached in L1) for any other n
//
// It computes what the CPU map (map.SmallProblemEngine) computes, bit for bit, so that the files
// of `map --backend cuda` are those of `--backend cpu`: every rounding is written out, because
// nvcc would otherwise contract a * b + c into one fused multiply-add where the CPU rounds twice.
//
//   gradient   g_i = (sum_p a_ip x_p) - b_i: rows i < fused_rows accumulate fma(x_p, a_ip, sum)
//              (the CPU product's whole register tiles, linalg.FixedMatrix.fusedRows), the others
//              sum + a_ip x_p rounded twice, p = 0 .. n-1 in order. Rosenbrock and Beale: their
//              closed forms in the order problem.RosenbrockProblem and problem.BealeProblem (and
//              map.LaneGradient) compute them, y^2 and y^3 multiplied out as BealeProblem.powers
//   gd         x -= lr g                                  (optim.GradientDescent)
//   heavyball  v = beta v + g;  x -= lr v                 (optim.HeavyBall)
//   nesterov   v = beta v + g;  x -= lr (g + beta v)      (optim.Nesterov)
//   adam       v = beta1 v + (1 - beta1) g;  s = beta2 s + ((1 - beta2) g) g;
//              x -= ((lr / c1) v) / (sqrt(s) / sqrt(c2) + eps)     (optim.Adam, as map.SmallProblemEngine)
//              c1 = 1 - beta1^t and sqrt(c2) = sqrt(1 - beta2^t) come from the host's table (Java's
//              Math.pow, which no device pow reproduces to the bit): row correction_rows[p] for beta1,
//              row correction_rows[points + p] for beta2, step t at row * max-iters + t - 1
//   measure    |g| = sqrt(g.g), |x| = sqrt(x.x), |x - x*| = sqrt(e.e), f - f* = 1/2 g.e with
//              e = x - x*, each sum over i = 0 .. n-1 in order (CpuBatchRun.measure); Rosenbrock
//              and Beale: f - f* = f(x) (f* = 0), as the problem's value sums it
//
// Checks come at the engine's checkpoints (engine.Checkpoints, uploaded as checkpoints[]); at each
// the thread offers |x - x*| to the rate fit's samples and judges the point as
// engine.StoppingRule.judge does: diverged when f - f* or |g| is not finite or past the divergence
// rule (relative: f - f* > factor (f0 - f*); norm: |x| > bound); each tolerance met by
// (f - f*)/(f0 - f*) (or f - f* with absolute tolerances) is recorded at its first check;
// converged when all are met; max-iters at the last checkpoint.
//
// The rate fit (theory.RateFit on engine.Samples) runs here too, when the point is decided, so
// that nothing but the per-point results comes back to the host: the samples |x_k - x*| are
// written to distance[c * points + p] at checkpoint c (coalesced: a warp writes 32 neighbouring
// points), and Samples' thinning is replayed from the count: after m offers it holds offers
// 0, s, 2s, ... for the smallest power of two s with ceil(m / s) <= SAMPLES_CAPACITY. The fit is
//   rate = exp(slope of log(e_k / k^(J - 1)) against k), over the samples from the last usable
//   one's iteration / 2 on (at least 3), usable = the leading samples that are finite and above
//   the noise floor; J = theory's Jordan order of the point (1 for a simple root)
// in RateFit's order of operations. Only log and exp may round differently from Java's Math.log
// and Math.exp (by an ulp or so): rate_measured agrees to 1e-12 relative, everything else exactly.
#include "common.cuh"

// The rules of map.LaneRule, by ordinal.
enum MapRule : int { MAP_GD = 0, MAP_HEAVY_BALL = 1, MAP_NESTEROV = 2, MAP_ADAM = 3 };
// engine.StoppingRule's divergence rules (plan.DivergenceRule).
enum MapDivergence : int { DIVERGE_RELATIVE = 0, DIVERGE_NORM = 1 };
// What the gradient and f - f* are: the quadratic from A and b, or a closed form (a template
// parameter, so that each kernel has only its own).
enum MapObjective : int { MAP_QUADRATIC = 0, MAP_ROSENBROCK = 1, MAP_BEALE = 2 };
// result.Status, by ordinal.
enum MapStatus : unsigned char { MAP_CONVERGED = 0, MAP_DIVERGED = 1, MAP_MAX_ITERS = 2 };

// The instance and the run's settings, the same for every point of a launch.
struct MapProblem {
    int rule;
    int n;
    int fused_rows;
    const double* a;  // n x n, column-major: a_ip at i + p n
    const double* b;
    const double* x0;
    const double* x_star;
    const int* checkpoints;  // iterations 0 = c_0 < c_1 < ... < c_last = max-iters
    int checkpoint_count;
    const double* tolerances;
    int tolerance_count;
    int absolute_tolerance;
    int divergence;
    double divergence_bound;
    double noise_floor;
};

// The instance as the block's threads read it: from shared memory.
struct MapShared {
    double a[MAP_MAX_DIMENSION * MAP_MAX_DIMENSION];
    double b[MAP_MAX_DIMENSION];
    double x_star[MAP_MAX_DIMENSION];
    double x0[MAP_MAX_DIMENSION];
    double tolerances[MAP_MAX_TOLERANCES];
};

// The measurements of one check.
struct MapMeasures {
    double gradient_norm, iterate_norm, distance, suboptimality;
};

// The loop bound of the element loops: N itself where it is known at compile time (nvcc then
// unrolls them), else the run's n.
template <int N>
__device__ constexpr int map_size(int n)
{
    return N < MAP_MAX_DIMENSION ? N : n;
}

// Where a thread keeps x, v, g and s. For an N known at compile time, arrays indexed only by
// unrolled loops: registers.
template <int N>
struct MapVectors {
    double xs[N], vs[N], gs[N], ss[N];
    __device__ MapVectors(double*, int, int, int) {}
    __device__ double& x(int i) { return xs[i]; }
    __device__ double& v(int i) { return vs[i]; }
    __device__ double& g(int i) { return gs[i]; }
    __device__ double& s(int i) { return ss[i]; }
};

// For any n: the thread's column of the state buffer, element i of x, v, g and s at rows i, n + i,
// 2n + i and 3n + i of a row-major array of points columns (3n rows, 4n for Adam, the only rule with
// an s), so a warp's 32 neighbouring points share cache lines.
// (Arrays of MAP_MAX_DIMENSION would be local memory, which ptxas is told to refuse.)
template <>
struct MapVectors<MAP_MAX_DIMENSION> {
    double* column;
    long long stride;
    int n;
    __device__ MapVectors(double* state, int n_, int points, int p) : column(state + p), stride(points), n(n_) {}
    __device__ double& x(int i) { return column[i * stride]; }
    __device__ double& v(int i) { return column[(n + i) * stride]; }
    __device__ double& g(int i) { return column[(2 * n + i) * stride]; }
    __device__ double& s(int i) { return column[(3 * n + i) * stride]; }
};

// A point's Adam constants: its beta1 is map_step's beta; the bias corrections of
// step t at first[t - 1] (c1) and sqrt_second[t - 1] (sqrt(c2)).
struct MapAdam {
    double beta2, epsilon, one_minus_beta1, one_minus_beta2;
    const double* first;
    const double* sqrt_second;
};

// Beale's t_k = (c_k - x) + x y^k, c = 1.5, 2.25, 2.625 for k = 1, 2, 3.
__device__ inline double beale_term(double constant, double x, double power)
{
    return __dadd_rn(__dsub_rn(constant, x), __dmul_rn(x, power));
}

// Rosenbrock's f = sum_i 100 valley_i^2 + (1 - x_i)^2, valley_i = x_{i+1} - x_i^2, summed from 0.
template <int N>
__device__ double rosenbrock_value(int n, MapVectors<N>& w)
{
    const int size = map_size<N>(n);
    double sum = 0;
    for (int i = 0; i + 1 < size; i++) {
        const double x = w.x(i);
        const double valley = __dsub_rn(w.x(i + 1), __dmul_rn(x, x));
        const double offset = __dsub_rn(1.0, x);
        sum = __dadd_rn(sum, __dadd_rn(__dmul_rn(__dmul_rn(valley, 100.0), valley), __dmul_rn(offset, offset)));
    }
    return sum;
}

// Beale's f = t_1^2 + t_2^2 + t_3^2, summed from 0.
template <int N>
__device__ double beale_value(MapVectors<N>& w)
{
    const double x = w.x(0);
    const double y = w.x(1);
    const double square = __dmul_rn(y, y);
    const double t1 = beale_term(1.5, x, y);
    const double t2 = beale_term(2.25, x, square);
    const double t3 = beale_term(2.625, x, __dmul_rn(square, y));
    return __dadd_rn(__dadd_rn(__dadd_rn(0.0, __dmul_rn(t1, t1)), __dmul_rn(t2, t2)), __dmul_rn(t3, t3));
}

// Rosenbrock: g_i = (0 + 200 valley_{i-1}) + (-400 x_i valley_i - 2 (1 - x_i)), the terms added in
// the reference's order (its g starts at 0; g_0 has no first part, g_{n-1} no second).
template <int N>
__device__ void rosenbrock_gradient(int n, MapVectors<N>& w)
{
    const int size = map_size<N>(n);
    double carried = 0;
    for (int i = 0; i + 1 < size; i++) {
        const double x = w.x(i);
        const double valley = __dsub_rn(w.x(i + 1), __dmul_rn(x, x));
        const double own = __dsub_rn(__dmul_rn(__dmul_rn(x, -400.0), valley), __dmul_rn(__dsub_rn(1.0, x), 2.0));
        w.g(i) = __dadd_rn(carried, own);
        carried = __dadd_rn(0.0, __dmul_rn(valley, 200.0));
    }
    w.g(size - 1) = carried;
}

// Beale: g_x = sum 2 t_k (y^k - 1), g_y = sum 2 t_k k x y^(k-1), each summed from 0 (2 t_1 1 x 1 is
// 2 t_1 x exactly).
template <int N>
__device__ void beale_gradient(MapVectors<N>& w)
{
    const double x = w.x(0);
    const double y = w.x(1);
    const double square = __dmul_rn(y, y);
    const double cube = __dmul_rn(square, y);
    const double twice1 = __dmul_rn(beale_term(1.5, x, y), 2.0);
    const double twice2 = __dmul_rn(beale_term(2.25, x, square), 2.0);
    const double twice3 = __dmul_rn(beale_term(2.625, x, cube), 2.0);
    w.g(0) = __dadd_rn(__dadd_rn(__dadd_rn(0.0, __dmul_rn(twice1, __dsub_rn(y, 1.0))),
                                 __dmul_rn(twice2, __dsub_rn(square, 1.0))),
                       __dmul_rn(twice3, __dsub_rn(cube, 1.0)));
    w.g(1) = __dadd_rn(__dadd_rn(__dadd_rn(0.0, __dmul_rn(twice1, x)), __dmul_rn(__dmul_rn(__dmul_rn(twice2, 2.0), x), y)),
                       __dmul_rn(__dmul_rn(__dmul_rn(twice3, 3.0), x), square));
}

// g = A x - b, as the CPU product rounds it, or the closed form's gradient.
template <int N, int OBJECTIVE>
__device__ void map_gradient(const MapShared& s, int n, int fused_rows, MapVectors<N>& w)
{
    if constexpr (OBJECTIVE == MAP_ROSENBROCK) {
        rosenbrock_gradient<N>(n, w);
    } else if constexpr (OBJECTIVE == MAP_BEALE) {
        beale_gradient<N>(w);
    } else {
        const int size = map_size<N>(n);
        for (int i = 0; i < size; i++) {
            double sum = 0;
            if (i < fused_rows) {
                for (int p = 0; p < size; p++) {
                    sum = fma(w.x(p), s.a[i + p * size], sum);
                }
            } else {
                for (int p = 0; p < size; p++) {
                    sum = __dadd_rn(sum, __dmul_rn(w.x(p), s.a[i + p * size]));
                }
            }
            w.g(i) = __dsub_rn(sum, s.b[i]);
        }
    }
}

template <int N, int OBJECTIVE>
__device__ MapMeasures map_measure(const MapShared& s, int n, MapVectors<N>& w)
{
    const int size = map_size<N>(n);
    double gg = 0, xx = 0, ee = 0, ge = 0;
    for (int i = 0; i < size; i++) {
        const double x = w.x(i);
        const double g = w.g(i);
        const double e = __dsub_rn(x, s.x_star[i]);
        gg = __dadd_rn(gg, __dmul_rn(g, g));
        xx = __dadd_rn(xx, __dmul_rn(x, x));
        ee = __dadd_rn(ee, __dmul_rn(e, e));
        ge = __dadd_rn(ge, __dmul_rn(g, e));
    }
    // f* = 0 for both closed forms: f - f* is f
    if constexpr (OBJECTIVE == MAP_ROSENBROCK) {
        return MapMeasures{__dsqrt_rn(gg), __dsqrt_rn(xx), __dsqrt_rn(ee), rosenbrock_value<N>(n, w)};
    } else if constexpr (OBJECTIVE == MAP_BEALE) {
        return MapMeasures{__dsqrt_rn(gg), __dsqrt_rn(xx), __dsqrt_rn(ee), beale_value<N>(w)};
    } else {
        return MapMeasures{__dsqrt_rn(gg), __dsqrt_rn(xx), __dsqrt_rn(ee), __dmul_rn(ge, 0.5)};
    }
}

// Step t of the rule on every element.
template <int N>
__device__ void map_step(int rule, int n, double lr, double beta, const MapAdam& adam, int t, MapVectors<N>& w)
{
    const int size = map_size<N>(n);
    if (rule == MAP_ADAM) {
        const double step_size = __ddiv_rn(lr, adam.first[t - 1]);
        const double sqrt_second = adam.sqrt_second[t - 1];
        for (int i = 0; i < size; i++) {
            const double g = w.g(i);
            const double m = __dadd_rn(__dmul_rn(beta, w.v(i)), __dmul_rn(adam.one_minus_beta1, g));
            const double v = __dadd_rn(__dmul_rn(adam.beta2, w.s(i)), __dmul_rn(__dmul_rn(adam.one_minus_beta2, g), g));
            w.v(i) = m;
            w.s(i) = v;
            const double denominator = __dadd_rn(__ddiv_rn(__dsqrt_rn(v), sqrt_second), adam.epsilon);
            w.x(i) = __dsub_rn(w.x(i), __ddiv_rn(__dmul_rn(step_size, m), denominator));
        }
        return;
    }
    for (int i = 0; i < size; i++) {
        const double g = w.g(i);
        if (rule == MAP_GD) {
            w.x(i) = __dsub_rn(w.x(i), __dmul_rn(lr, g));
        } else {
            const double v = __dadd_rn(__dmul_rn(beta, w.v(i)), g);
            w.v(i) = v;
            const double direction = rule == MAP_HEAVY_BALL ? v : __dadd_rn(g, __dmul_rn(beta, v));
            w.x(i) = __dsub_rn(w.x(i), __dmul_rn(lr, direction));
        }
    }
}

// engine.StoppingRule.judge: a status, or -1 while the point runs on.
__device__ inline int map_judge(const MapProblem& problem, const MapShared& s, const MapMeasures& now, double start,
                                int iteration, int* to_tolerance)
{
    const double progress = now.suboptimality;
    const bool exceeded = problem.divergence == DIVERGE_RELATIVE
                              ? progress > __dmul_rn(problem.divergence_bound, start)
                              : now.iterate_norm > problem.divergence_bound;
    if (!isfinite(progress) || !isfinite(now.gradient_norm) || exceeded) {
        return MAP_DIVERGED;
    }
    double criterion = problem.absolute_tolerance ? progress : __ddiv_rn(progress, start);
    if (start == 0) {
        criterion = 0;  // started at the optimum
    }
    bool all = true;
    // unrolled over every slot, so that to_tolerance[] stays in registers
#pragma unroll
    for (int t = 0; t < MAP_MAX_TOLERANCES; t++) {
        if (t < problem.tolerance_count) {
            if (to_tolerance[t] < 0 && criterion <= s.tolerances[t]) {
                to_tolerance[t] = iteration;
            }
            all &= to_tolerance[t] >= 0;
        }
    }
    return all ? MAP_CONVERGED : -1;
}

// theory.RateFit.fit on the samples engine.Samples keeps of the first `offered` checkpoints.
__device__ inline double map_rate_fit(const MapProblem& problem, const double* distance, long long points, int p,
                                      int offered, int jordan_order, int samples_capacity)
{
    long long stride = 1;
    while ((offered + stride - 1) / stride > samples_capacity) {
        stride *= 2;
    }
    const int count = (int)((offered + stride - 1) / stride);
    auto sample_iteration = [&](int k) { return problem.checkpoints[k * stride]; };
    auto sample_value = [&](int k) { return distance[k * stride * points + p]; };
    auto log_corrected = [&](int k) {
        const double y = log(sample_value(k));
        // a simple root subtracts nothing: RateFit takes no second log there either
        return jordan_order == 1 ? y : __dsub_rn(y, __dmul_rn((double)(jordan_order - 1), log((double)max(sample_iteration(k), 1))));
    };
    constexpr int MIN_SAMPLES = 3;
    int usable = 0;
    while (usable < count && isfinite(sample_value(usable)) && sample_value(usable) > problem.noise_floor) {
        usable++;
    }
    if (usable < MIN_SAMPLES) {
        return NAN;
    }
    const int last = sample_iteration(usable - 1);
    int first = 0;
    while (first < usable && sample_iteration(first) < last / 2) {
        first++;
    }
    if (usable - first < MIN_SAMPLES) {
        first = usable - MIN_SAMPLES;
    }
    const double window = usable - first;
    double sum_k = 0, sum_y = 0;
    for (int k = first; k < usable; k++) {
        sum_k = __dadd_rn(sum_k, (double)sample_iteration(k));
        sum_y = __dadd_rn(sum_y, log_corrected(k));
    }
    const double mean_k = __ddiv_rn(sum_k, window);
    const double mean_y = __ddiv_rn(sum_y, window);
    double sxy = 0, sxx = 0;
    for (int k = first; k < usable; k++) {
        const double dk = __dsub_rn((double)sample_iteration(k), mean_k);
        sxy = __dadd_rn(sxy, __dmul_rn(dk, __dsub_rn(log_corrected(k), mean_y)));
        sxx = __dadd_rn(sxx, __dmul_rn(dk, dk));
    }
    return sxx > 0 ? exp(__ddiv_rn(sxy, sxx)) : NAN;
}

// Point p of the launch from x0 to its decision. N: n known at compile time (x, v, g in
// registers), or MAP_MAX_DIMENSION for any n up to it (x, v, g in the state buffer). OBJECTIVE:
// the problem (a and b are read for the quadratic only, and may be null for the others).
template <int N, int OBJECTIVE>
__device__ void small_map(const MapProblem problem, int points, const double* lr, const double* hyper,
                          const double* corrections, const int* correction_rows, const int* jordan_order, int samples_capacity, double* state, double* distance,
                          unsigned char* status, int* iterations, int* to_tolerance, double* suboptimality,
                          double* rate_measured)
{
    __shared__ MapShared s;
    const int n = problem.n;
    if constexpr (OBJECTIVE == MAP_QUADRATIC) {
        for (int k = threadIdx.x; k < n * n; k += blockDim.x) {
            s.a[k] = problem.a[k];
        }
    }
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        if constexpr (OBJECTIVE == MAP_QUADRATIC) {
            s.b[i] = problem.b[i];
        }
        s.x_star[i] = problem.x_star[i];
        s.x0[i] = problem.x0[i];
    }
    for (int t = threadIdx.x; t < problem.tolerance_count; t += blockDim.x) {
        s.tolerances[t] = problem.tolerances[t];
    }
    __syncthreads();
    const int p = blockIdx.x * blockDim.x + threadIdx.x;
    if (p >= points) {
        return;
    }
    const double step = lr[p];
    const double beta = hyper[p];
    MapAdam adam{};
    if (problem.rule == MAP_ADAM) {
        adam.beta2 = hyper[points + p];
        adam.epsilon = hyper[2LL * points + p];
        adam.one_minus_beta1 = __dsub_rn(1.0, beta);
        adam.one_minus_beta2 = __dsub_rn(1.0, adam.beta2);
        const long long steps = problem.checkpoints[problem.checkpoint_count - 1];
        adam.first = corrections + correction_rows[p] * steps;
        adam.sqrt_second = corrections + correction_rows[points + p] * steps;
    }
    MapVectors<N> w(state, n, points, p);
    const int size = map_size<N>(n);
    for (int i = 0; i < size; i++) {
        w.x(i) = s.x0[i];
        w.v(i) = 0;
        if (problem.rule == MAP_ADAM) {
            w.s(i) = 0;
        }
    }
    int met[MAP_MAX_TOLERANCES];
#pragma unroll
    for (int t = 0; t < MAP_MAX_TOLERANCES; t++) {
        met[t] = -1;
    }
    map_gradient<N, OBJECTIVE>(s, n, problem.fused_rows, w);
    MapMeasures now = map_measure<N, OBJECTIVE>(s, n, w);
    const double start = now.suboptimality;
    const int last = problem.checkpoint_count - 1;
    for (int c = 0;; c++) {
        const int iteration = problem.checkpoints[c];
        distance[(long long)c * points + p] = now.distance;
        int verdict = map_judge(problem, s, now, start, iteration, met);
        if (verdict < 0 && c == last) {
            verdict = MAP_MAX_ITERS;
        }
        if (verdict >= 0) {
            status[p] = (unsigned char)verdict;
            iterations[p] = iteration;
#pragma unroll
            for (int t = 0; t < MAP_MAX_TOLERANCES; t++) {
                if (t < problem.tolerance_count) {
                    to_tolerance[(long long)t * points + p] = met[t];
                }
            }
            suboptimality[p] = now.suboptimality;
            rate_measured[p] = verdict == MAP_DIVERGED ? NAN
                                   : map_rate_fit(problem, distance, points, p, c + 1, jordan_order[p], samples_capacity);
            return;
        }
        for (int k = iteration; k < problem.checkpoints[c + 1]; k++) {
            map_step<N>(problem.rule, n, step, beta, adam, k + 1, w);
            map_gradient<N, OBJECTIVE>(s, n, problem.fused_rows, w);
        }
        now = map_measure<N, OBJECTIVE>(s, n, w);
    }
}

// The kernels the host launches (backend.cuda.CudaMapEngine): small_map_n2_f64 for the plane,
// where x, v, g and s stay in registers and state may be null, small_map_f64 for
// 2 <= n <= MAP_MAX_DIMENSION, with a state buffer of 3 n x points doubles (4 n for Adam);
// hyper holds the rule's hyper-parameters after lr, a row of points each (heavy ball and
// Nesterov: beta; Adam: beta1, beta2, eps), and corrections, correction_rows Adam's bias
// corrections (null for the other rules); the same two for
// Rosenbrock (small_map_rosenbrock_*), and Beale's plane (small_map_beale_n2_f64). At least two
// blocks per multiprocessor: without that bound ptxas held the general kernel to 64 registers and
// spilled.
#define SMALL_MAP_KERNEL(NAME, N, OBJECTIVE, MIN_BLOCKS)                                                               \
    extern "C" __global__ void __launch_bounds__(THREADS_PER_BLOCK, MIN_BLOCKS) NAME(                                  \
        int rule, int n, int fused_rows, const double* a, const double* b, const double* x0, const double* x_star,     \
        const int* checkpoints, int checkpoint_count, const double* tolerances, int tolerance_count,                   \
        int absolute_tolerance, int divergence, double divergence_bound, double noise_floor, int points,               \
        const double* lr, const double* hyper, const double* corrections, const int* correction_rows,                  \
        const int* jordan_order, int samples_capacity, double* state,                                                  \
        double* distance, unsigned char* status, int* iterations, int* to_tolerance, double* suboptimality,            \
        double* rate_measured)                                                                                         \
    {                                                                                                                  \
        const MapProblem problem{rule, n, fused_rows, a, b, x0, x_star, checkpoints, checkpoint_count, tolerances,     \
                                 tolerance_count, absolute_tolerance, divergence, divergence_bound, noise_floor};      \
        small_map<N, OBJECTIVE>(problem, points, lr, hyper, corrections, correction_rows, jordan_order,                \
                                samples_capacity, state, distance, status, iterations, to_tolerance, suboptimality,    \
                                rate_measured);                                                                        \
    }
SMALL_MAP_KERNEL(small_map_n2_f64, 2, MAP_QUADRATIC, 2)
SMALL_MAP_KERNEL(small_map_f64, MAP_MAX_DIMENSION, MAP_QUADRATIC, 2)
SMALL_MAP_KERNEL(small_map_rosenbrock_n2_f64, 2, MAP_ROSENBROCK, 2)
SMALL_MAP_KERNEL(small_map_rosenbrock_f64, MAP_MAX_DIMENSION, MAP_ROSENBROCK, 2)
SMALL_MAP_KERNEL(small_map_beale_n2_f64, 2, MAP_BEALE, 2)
#undef SMALL_MAP_KERNEL
