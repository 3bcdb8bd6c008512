// Runs the kernels of kernels/*.cu on the CPU, each block as THREADS_PER_BLOCK fibers that switch
// at __syncthreads and a shared table for warp shuffles (native/cuda_host.h, which the CPU
// stand-in for the CUDA driver runs them with too), to check what needs no GPU:
// that for_each_element visits every element of a column range exactly once with its right
// column (packs, unaligned head and tail, ranges inside one pack, several grid sizes), that
// frozen columns stay untouched, that clipping and x_prev work as the host expects, that each
// rule's step gives what its Java rule computes (inputs and outputs from the Java side, the
// file RuleCases writes, named by the one argument), that the
// tiled GEMM (both transposes, every epilogue C = act(alpha AB + beta D) - bias: identity or
// sigmoid, with and without addend and bias) equals a plain triple loop at sizes that are and are
// not multiples of its tile, that the cuBLAS path's epilogue kernels (preset_linear,
// sigmoid_epilogue) do what they say, and that the reductions (measure, with and without x*;
// clip_scale; logistic_loss, with |z| where a naive log(1 + exp(z)) overflows; the mini-batch
// gradients of sampled.cu) equal plain sums
// and clear the active flag of non-finite columns. It cannot check what a GPU adds (memory
// model, vector instructions, fp32 device arithmetic); `gdbench verify` does that on a GPU.
//
// Build and run (KernelHostCheckTest does): g++ -std=c++20 -O1 -Wall -Wextra -Werror -Wno-unknown-pragmas -I native -I kernels native/kernel_host_check.cpp,
// then the binary with the path of the rule cases.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>
#include <limits>
#include <string>

#include "cuda_host.h"
#include "gdbench.cu"

static int failures = 0;
#define EXPECT(condition, ...)                     \
    do {                                           \
        if (!(condition)) {                        \
            failures++;                            \
            if (failures < 20) {                   \
                fprintf(stderr, __VA_ARGS__);      \
                fprintf(stderr, "\n");             \
            }                                      \
        }                                          \
    } while (0)

// A grid of blocks_x x blocks_y x blocks_z blocks of THREADS_PER_BLOCK threads, as the backend launches them.
template <typename Kernel>
static void launch(int blocks_x, int blocks_y, Kernel kernel, int blocks_z = 1)
{
    const bool converged = gdbench_host::run_grid(Dim3{(unsigned)blocks_x, (unsigned)blocks_y, (unsigned)blocks_z},
                                                  Dim3{THREADS_PER_BLOCK, 1, 1}, kernel);
    EXPECT(converged, "a block's threads diverged at a barrier");
}

template <typename T>
static void check_coverage(int n, int first, int end, int blocks)
{
    std::vector<int> visits((size_t)n * end + 8, 0);
    bool wrong_column = false;
    launch(blocks, 1, [&] {
        for_each_element<T>(n, first, end, [&](long long e, int lanes, const int* columns) {
            for (int l = 0; l < lanes; l++) {
                visits[e + l]++;
                wrong_column |= columns[l] != (int)((e + l) / n);
            }
            if (lanes > 1) wrong_column |= (e % Pack<T>::LANES) != 0;  // packs are aligned
        });
    });
    for (long long e = 0; e < (long long)visits.size(); e++) {
        int expected = (e >= (long long)first * n && e < (long long)end * n) ? 1 : 0;
        EXPECT(visits[e] == expected, "%s n=%d columns [%d,%d) blocks=%d: element %lld visited %d times",
               sizeof(T) == 4 ? "f32" : "f64", n, first, end, blocks, e, visits[e]);
    }
    EXPECT(!wrong_column, "n=%d [%d,%d): wrong column or unaligned pack", n, first, end);
}

// One launch of a rule's update over columns [0, columns), on few blocks so the grid-stride loop runs too.
template <typename T, typename Rule>
static void run_rule(T* x, const T* g, T* s0, T* s1, T* s2, const double* hyper, const double* step,
                     const double* clip, T* previous, const int* active, int n, int columns)
{
    launch(3, 1, [&] { update_batch<T>(Rule{}, x, g, s0, s1, s2, hyper, step, clip, previous, active, n, 0, columns); });
}

// The rules of kernels/updates.cu by kernel family, from its one list of them (GDBENCH_RULES).
struct RuleEntry {
    const char* family;
    void (*f32)(float*, const float*, float*, float*, float*, const double*, const double*, const double*, float*,
                const int*, int, int);
    void (*f64)(double*, const double*, double*, double*, double*, const double*, const double*, const double*,
                double*, const int*, int, int);
};
#define RULE_ENTRY(NAME, RULE) {"update_" #NAME, run_rule<float, RULE>, run_rule<double, RULE>},
static const RuleEntry RULE_TABLE[] = {GDBENCH_RULES(RULE_ENTRY)};
#undef RULE_ENTRY

// One array of a case: a line "NAME v1 v2 ..." of exactly `count` values.
static std::vector<double> read_array(FILE* in, const char* name, size_t count)
{
    char label[32];
    std::vector<double> values(count);
    EXPECT(fscanf(in, "%31s", label) == 1 && std::string(label) == name, "rule cases: expected %s, got %s", name, label);
    for (size_t i = 0; i < count; i++) {
        char number[64];
        EXPECT(fscanf(in, "%63s", number) == 1, "rule cases: %s ends after %zu of %zu values", name, i, count);
        values[i] = strtod(number, nullptr);
    }
    return values;
}

template <typename T>
static std::vector<T> as(const std::vector<double>& values)
{
    return std::vector<T>(values.begin(), values.end());
}

// One case of RuleCases (the Java side): the inputs, the rule's kernel, the outputs of the Java
// rule. Frozen columns untouched and x_prev written for active columns only are the kernel's
// contract with the host, the same for every rule.
template <typename T>
static void check_rule_case(FILE* in, const RuleEntry& rule, int n, int columns, bool clipping, const char* label)
{
    const size_t size = (size_t)n * columns;
    const std::vector<double> hyper = read_array(in, "hyper", (size_t)columns * HYPER_SLOTS);
    const std::vector<double> step = read_array(in, "step", (size_t)columns * STEP_SLOTS);
    const std::vector<double> clip = read_array(in, "clip", (size_t)columns * CLIP_SLOTS);
    const std::vector<double> flags = read_array(in, "active", columns);
    std::vector<T> x = as<T>(read_array(in, "x", size)), g = as<T>(read_array(in, "g", size));
    std::vector<T> s0 = as<T>(read_array(in, "s0", size)), s1 = as<T>(read_array(in, "s1", size));
    std::vector<T> s2 = as<T>(read_array(in, "s2", size));
    const std::vector<double> expected[4] = {read_array(in, "expect_x", size), read_array(in, "expect_s0", size),
                                             read_array(in, "expect_s1", size), read_array(in, "expect_s2", size)};
    std::vector<int> active(flags.begin(), flags.end());
    const std::vector<T> x_before = x;
    std::vector<T> previous(size, (T)NAN);
    auto run = [&](auto function) {
        function(x.data(), g.data(), s0.data(), s1.data(), s2.data(), hyper.data(), step.data(),
                 clipping ? clip.data() : nullptr, previous.data(), active.data(), n, columns);
    };
    if constexpr (sizeof(T) == 4) run(rule.f32); else run(rule.f64);
    const std::vector<T>* got[4] = {&x, &s0, &s1, &s2};
    const char* names[4] = {"x", "s0", "s1", "s2"};
    // fp32: the kernel rounds every operation to float, the Java rule to double.
    const double tolerance = sizeof(T) == 4 ? 2e-5 : 1e-13;
    for (size_t e = 0; e < size; e++) {
        for (int v = 0; v < 4; v++) {
            const double want = expected[v][e], have = (double)(*got[v])[e];
            EXPECT(std::fabs(have - want) <= tolerance * (1 + std::fabs(want)), "%s element %zu: %s %.17g, the Java rule %.17g",
                   label, e, names[v], have, want);
        }
        const bool column_active = active[e / n] != 0;
        EXPECT(column_active ? previous[e] == x_before[e] : std::isnan((double)previous[e]),
               "%s element %zu: x_prev %g (column active %d)", label, e, (double)previous[e], column_active);
    }
}

// Every case of the file RuleCases wrote; each rule of GDBENCH_RULES must have some, and every case a rule.
static void check_rule_cases(const char* path)
{
    FILE* in = fopen(path, "r");
    EXPECT(in != nullptr, "cannot open the rule cases %s", path);
    if (in == nullptr) return;
    constexpr size_t rules = sizeof(RULE_TABLE) / sizeof(RULE_TABLE[0]);
    std::vector<int> cases(rules, 0);
    char word[16], family[64], precision[8];
    int n, columns, clipping, t;
    while (fscanf(in, "%15s %63s %7s %d %d %d %d", word, family, precision, &n, &columns, &clipping, &t) == 7) {
        size_t r = 0;
        while (r < rules && std::string(RULE_TABLE[r].family) != family) r++;
        EXPECT(r < rules, "rule cases: %s has no functor in GDBENCH_RULES (kernels/updates.cu)", family);
        if (r == rules) break;
        cases[r]++;
        char label[128];
        snprintf(label, sizeof label, "%s %s n=%d B=%d clipping=%d t=%d", family, precision, n, columns, clipping, t);
        if (std::string(precision) == "f32") {
            check_rule_case<float>(in, RULE_TABLE[r], n, columns, clipping != 0, label);
        } else {
            check_rule_case<double>(in, RULE_TABLE[r], n, columns, clipping != 0, label);
        }
    }
    fclose(in);
    for (size_t r = 0; r < rules; r++) {
        EXPECT(cases[r] > 0, "%s is in GDBENCH_RULES but the Java side sent no case for it (not in optim.Optimizers?)",
               RULE_TABLE[r].family);
    }
}

// A NaN gradient stays NaN through clipping and the step; without previous nothing is saved.
template <typename T>
static void check_nan_gradient(bool clipping)
{
    const int n = 5, columns = 2;
    std::vector<T> x(n * columns, (T)0.5), g(n * columns, (T)0.25), unused(n * columns, (T)0);
    g[0] = (T)NAN;
    std::vector<double> hyper(columns * HYPER_SLOTS, 0.0), step(columns * STEP_SLOTS, 0.0), clip(columns * CLIP_SLOTS);
    std::vector<int> active(columns, 1);
    for (int j = 0; j < columns; j++) {
        step[j * STEP_SLOTS] = 0.1;
        step[j * STEP_SLOTS + STEP_DECAY] = 1;  // no decoupled decay
        clip[j * CLIP_SLOTS + CLIP_NORM] = INFINITY;
        clip[j * CLIP_SLOTS + CLIP_VALUE] = 0.2;
        clip[j * CLIP_SLOTS + CLIP_SCALE] = 0.5;
    }
    run_rule<T, GradientDescent>(x.data(), g.data(), unused.data(), unused.data(), unused.data(), hyper.data(), step.data(),
                                 clipping ? clip.data() : nullptr, nullptr, active.data(), n, columns);
    EXPECT(std::isnan((double)x[0]), "%s: a NaN gradient gave x = %g", clipping ? "clipped" : "plain", (double)x[0]);
    EXPECT(x[1] == (T)0.5 - (T)0.1 * (clipping ? (T)0.125 : (T)0.25), "%s: x[1] = %g", clipping ? "clipped" : "plain",
           (double)x[1]);
}

// clip_scale_*: min(1, c / |g|) per active column, NaN norms leave the scale at 1, frozen columns untouched.
template <typename T>
static void check_clip_scale(int n, int columns)
{
    std::vector<T> g((size_t)n * columns);
    std::vector<double> clip(columns * CLIP_SLOTS);
    std::vector<int> active(columns);
    srand(7 * n + columns);
    for (auto& v : g) v = (T)((double)rand() / RAND_MAX - 0.5);
    g[(size_t)(columns - 1) * n] = (T)NAN;
    for (int j = 0; j < columns; j++) {
        active[j] = j != 1;
        clip[j * CLIP_SLOTS + CLIP_NORM] = j % 2 ? INFINITY : 0.1 * std::sqrt((double)n) * (j + 1);
        clip[j * CLIP_SLOTS + CLIP_SCALE] = -1;  // poisoned
    }
    launch(columns, 1, [&] { clip_scale<T>(g.data(), clip.data(), active.data(), n); });
    for (int j = 0; j < columns; j++) {
        double gg = 0;
        for (int i = 0; i < n; i++) gg += (double)g[(size_t)j * n + i] * g[(size_t)j * n + i];
        const double norm = std::sqrt(gg), bound = clip[j * CLIP_SLOTS + CLIP_NORM];
        const double expected = !active[j] ? -1 : (norm > bound ? bound / norm : 1.0);
        EXPECT(std::fabs(clip[j * CLIP_SLOTS + CLIP_SCALE] - expected) <= 1e-14,
               "clip_scale n=%d column %d: %g, expected %g", n, j, clip[j * CLIP_SLOTS + CLIP_SCALE], expected);
    }
}

// The epilogues of gemm: bit 0 adds beta D, bit 1 applies the sigmoid, bit 2 subtracts the bias.
constexpr int EPILOGUE_VARIANTS = 8;

// Reference sigmoid in long double: 1 / (1 + exp(-v)) cannot overflow there for the |v| tested.
static double reference_sigmoid(double v)
{
    return (double)(1.0L / (1.0L + std::exp(-(long double)v)));
}

// C = act(alpha op(A) B + beta D) - bias 1^T against a triple loop in double, at the given sizes;
// with splits > 1 as the host splits k (ranges of whole TILE_Ks, partials, then the reduction).
template <typename T, bool TRANSPOSE_A>
static void check_gemm(int m, int n, int k, int variant, int splits = 1)
{
    const bool with_addend = variant & 1, sigmoid = variant & 2, with_bias = variant & 4;
    const int lda = TRANSPOSE_A ? k : m;
    std::vector<T> a((size_t)m * k), b((size_t)k * n), addend((size_t)m * n), bias(m), c((size_t)m * n, (T)NAN);
    srand(m * 7 + n * 13 + k + variant);
    for (auto& v : a) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : b) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : addend) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : bias) v = (T)((double)rand() / RAND_MAX - 0.5);
    const double alpha = 0.75, beta = -1.25;
    const T* d = with_addend ? addend.data() : nullptr;
    const T* minus = with_bias ? bias.data() : nullptr;
    const int activation = sigmoid ? SIGMOID : IDENTITY;
    // LaunchGeometry.splitLength: ceil(k / splits) rounded up to TILE_K; the splits that leaves.
    const int split_length = splits == 1 ? k : ((k + splits - 1) / splits + TILE_K - 1) / TILE_K * TILE_K;
    const int used = (k + split_length - 1) / split_length;
    std::vector<T> partial(splits == 1 ? 0 : (size_t)used * m * n, (T)NAN);
    launch((m + BLOCK_M - 1) / BLOCK_M, (n + BLOCK_N - 1) / BLOCK_N, [&] {
        gemm<T, TRANSPOSE_A>(m, n, k, alpha, a.data(), lda, b.data(), k, beta, d, activation, minus, c.data(), m,
                             split_length, splits == 1 ? nullptr : partial.data());
    }, used);
    if (splits > 1) {
        launch(2, 1, [&] {
            gemm_split_reduce<T>(partial.data(), used, m, n, alpha, beta, d, activation, minus, c.data());
        });
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int p = 0; p < k; p++) {
                const double op_a = TRANSPOSE_A ? a[(size_t)i * lda + p] : a[(size_t)p * lda + i];
                sum += op_a * b[(size_t)j * k + p];
            }
            double expected = alpha * sum + (with_addend ? beta * addend[(size_t)j * m + i] : 0.0);
            if (sigmoid) expected = reference_sigmoid(expected);
            expected -= with_bias ? (double)bias[i] : 0.0;
            // The sigmoid's slope is at most 1/4, so it only shrinks the product's rounding error.
            const double tolerance = (sizeof(T) == 4 ? 1e-5 : 1e-13) * (k + 2);
            EXPECT(std::fabs(c[(size_t)j * m + i] - expected) <= tolerance,
                   "gemm_%s %s %dx%dx%d splits=%d addend=%d sigmoid=%d bias=%d: C[%d,%d] = %g, expected %g",
                   TRANSPOSE_A ? "tn" : "nn", sizeof(T) == 4 ? "f32" : "f64", m, n, k, splits, with_addend, sigmoid,
                   with_bias, i, j, (double)c[(size_t)j * m + i], expected);
        }
    }
}

// Every transpose and precision with one epilogue variant each, offset so the four differ.
static void check_gemms(int m, int n, int k, int variant)
{
    check_gemm<float, false>(m, n, k, variant % EPILOGUE_VARIANTS);
    check_gemm<double, false>(m, n, k, (variant + 1) % EPILOGUE_VARIANTS);
    check_gemm<float, true>(m, n, k, (variant + 2) % EPILOGUE_VARIANTS);
    check_gemm<double, true>(m, n, k, (variant + 3) % EPILOGUE_VARIANTS);
}

// measure_*: per column g.g, |x - x*|^2, g.(x - x*) (0 without x*), |x - x_prev|^2, |x_prev|^2, |x|^2;
// a non-finite column loses its active flag.
template <typename T>
static void check_measure(int n, int columns, bool with_minimizer)
{
    std::vector<T> x((size_t)n * columns), g((size_t)n * columns), previous((size_t)n * columns);
    std::vector<double> x_star(n), out(columns * MEASURE_SLOTS, NAN);
    std::vector<int> active(columns, 1);
    srand(n + 3 * columns);
    for (auto& v : x) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : g) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : previous) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : x_star) v = (double)rand() / RAND_MAX - 0.5;
    g[(size_t)(columns - 1) * n] = (T)INFINITY;  // the last column has diverged
    launch(columns, 1, [&] {
        measure<T>(x.data(), g.data(), with_minimizer ? x_star.data() : nullptr, previous.data(), n, out.data(),
                   active.data());
    });
    for (int j = 0; j < columns; j++) {
        double expected[MEASURE_SLOTS] = {};
        for (int i = 0; i < n; i++) {
            const size_t e = (size_t)j * n + i;
            const double gi = g[e], ui = (double)x[e] - previous[e];
            const double di = with_minimizer ? (double)x[e] - x_star[i] : 0.0;
            expected[0] += gi * gi;
            expected[1] += di * di;
            expected[2] += gi * di;
            expected[3] += ui * ui;
            expected[4] += (double)previous[e] * previous[e];
            expected[5] += (double)x[e] * x[e];
        }
        const double* o = &out[j * MEASURE_SLOTS];
        const bool finite = j != columns - 1;
        for (int slot = 0; slot < MEASURE_SLOTS && finite; slot++) {
            // g.(x - x*) can be near 0: its error is relative to |g| |x - x*|.
            const double scale = slot == 2 ? std::sqrt(expected[0] * expected[1]) : expected[slot];
            EXPECT(std::fabs(o[slot] - expected[slot]) <= 1e-12 * scale, "measure n=%d x*=%d column %d slot %d: %g, expected %g",
                   n, with_minimizer, j, slot, o[slot], expected[slot]);
        }
        EXPECT(active[j] == (finite ? 1 : 0), "measure n=%d x*=%d column %d: active %d", n, with_minimizer, j, active[j]);
    }
}

// preset_linear: C = beta D - bias 1^T, addend D and bias each optional (the cuBLAS path's preset).
template <typename T>
static void check_preset_linear(int rows, int columns, bool with_addend, bool with_bias)
{
    std::vector<T> c((size_t)rows * columns, (T)NAN), addend(c.size()), bias(rows);
    for (size_t e = 0; e < addend.size(); e++) addend[e] = (T)(0.5 * (double)e - 3);
    for (int i = 0; i < rows; i++) bias[i] = (T)(i + 1);
    const double beta = 0.25;  // a power of two: beta D is exact, so the comparison can be too
    launch(2, 1, [&] {
        preset_linear<T>(c.data(), beta, with_addend ? addend.data() : nullptr, with_bias ? bias.data() : nullptr,
                         rows, columns);
    });
    for (size_t e = 0; e < c.size(); e++) {
        const double expected = (with_addend ? beta * addend[e] : 0.0) - (with_bias ? (double)bias[e % rows] : 0.0);
        EXPECT(c[e] == expected, "preset_linear %dx%d addend=%d bias=%d: element %zu = %g, expected %g", rows, columns,
               with_addend, with_bias, e, (double)c[e], expected);
    }
}

// sigmoid_epilogue: C = sigmoid(C) - bias 1^T, bias optional, from z = -1000 to 1000, where
// exp(|z|) overflows both precisions (exp(z) / (1 + exp(z)) alone would give inf / inf = NaN).
template <typename T>
static void check_sigmoid_epilogue(int rows, int columns, bool with_bias)
{
    std::vector<T> z((size_t)rows * columns), bias(rows);
    for (size_t e = 0; e < z.size(); e++) {
        const double spread = e % 3 == 0 ? 1000 : e % 3 == 1 ? 20 : 1;
        z[e] = (T)(spread * (2.0 * (double)e / (double)(z.size() - 1 + (z.size() == 1)) - 1));
    }
    for (int i = 0; i < rows; i++) bias[i] = (T)((i % 2) == 0);
    std::vector<T> c = z;
    launch(2, 1, [&] { sigmoid_epilogue<T>(c.data(), with_bias ? bias.data() : nullptr, rows, columns); });
    for (size_t e = 0; e < c.size(); e++) {
        const double expected = reference_sigmoid(z[e]) - (with_bias ? (double)bias[e % rows] : 0.0);
        // exp, the add and the divide each round once: a few units of T's last place of a result <= 1.
        const double tolerance = 4 * std::numeric_limits<T>::epsilon();
        EXPECT(std::fabs(c[e] - expected) <= tolerance,
               "sigmoid_epilogue %s %dx%d bias=%d: sigmoid(%g) - y = %.17g, expected %.17g",
               sizeof(T) == 4 ? "f32" : "f64", rows, columns, with_bias, (double)z[e], (double)c[e], expected);
    }
}

// logistic_loss: per column (1/m) sum softplus(z) - y z + ridge/2 |x|^2 against the naive
// log(1 + exp(z)) summed in long double, whose range holds exp(1000) (double's does not: the
// kernel must use the overflow-free form). The last column has an infinite x: it loses its flag.
template <typename T>
static void check_logistic_loss(int rows, int n, int columns)
{
    std::vector<T> z((size_t)rows * columns), labels(rows), x((size_t)n * columns);
    std::vector<double> loss(columns, NAN);
    std::vector<int> active(columns, 1);
    srand(rows * 5 + n);
    for (size_t e = 0; e < z.size(); e++) {
        const double u = 2.0 * rand() / RAND_MAX - 1;
        z[e] = (T)(e % 7 == 0 ? 1000 * u : e % 7 == 1 ? 40 * u : u);
    }
    for (auto& y : labels) y = (T)(rand() % 2);
    for (auto& v : x) v = (T)((double)rand() / RAND_MAX - 0.5);
    x[(size_t)(columns - 1) * n] = (T)INFINITY;
    const double ridge = 0.3;
    launch(columns, 1, [&] {
        logistic_loss<T>(z.data(), labels.data(), rows, x.data(), n, ridge, loss.data(), active.data());
    });
    for (int j = 0; j < columns; j++) {
        long double data = 0, scale = 0, xx = 0;
        for (int i = 0; i < rows; i++) {
            const long double zi = z[(size_t)j * rows + i];
            const long double term = std::log(1.0L + std::exp(zi)) - (long double)labels[i] * zi;
            data += term;
            scale += std::fabs(term);
        }
        for (int i = 0; i < n; i++) xx += (long double)x[(size_t)j * n + i] * x[(size_t)j * n + i];
        const double expected = (double)(data / rows + 0.5L * ridge * xx);
        const bool finite = j != columns - 1;
        EXPECT(!finite || std::fabs(loss[j] - expected) <= 1e-13 * (double)(scale / rows + 0.5L * ridge * xx),
               "logistic_loss m=%d n=%d column %d: %.17g, expected %.17g", rows, n, j, loss[j], expected);
        EXPECT(finite || std::isinf(loss[j]), "logistic_loss column %d: %g, expected inf", j, loss[j]);
        EXPECT(active[j] == (finite ? 1 : 0), "logistic_loss m=%d column %d: active %d", rows, j, active[j]);
    }
}

// sampled_residual_* and sampled_gradient_*: against plain loops over each column's own rows,
// both activations, frozen columns untouched, more warps than (k, j) pairs in the last block.
template <typename T>
static void check_sampled(int n, int rows, int sample, int columns, int activation)
{
    std::vector<T> design_t((size_t)rows * n), targets(rows), x((size_t)n * columns);
    std::vector<T> r((size_t)sample * columns, (T)NAN), g((size_t)n * columns, (T)NAN);
    std::vector<int> picked((size_t)sample * columns), active(columns);
    srand(n * 5 + rows + sample * 11 + columns + activation);
    for (auto& v : design_t) v = (T)((double)rand() / RAND_MAX - 0.5);
    for (auto& v : targets) v = (T)(rand() % 2);
    for (auto& v : x) v = (T)(4 * ((double)rand() / RAND_MAX - 0.5));
    for (auto& v : picked) v = rand() % rows;
    for (int j = 0; j < columns; j++) active[j] = j % 3 != 2;
    const double ridge = activation == SIGMOID ? 0.125 : 0.0;
    const int warps_per_block = THREADS_PER_BLOCK / WARP_SIZE;
    launch((sample * columns + warps_per_block - 1) / warps_per_block, 1, [&] {
        sampled_residual<T>(design_t.data(), targets.data(), picked.data(), x.data(), r.data(), active.data(), n,
                            sample, columns, activation);
    });
    launch(2, 1, [&] {
        sampled_gradient<T>(design_t.data(), picked.data(), r.data(), x.data(), ridge, g.data(), active.data(), n,
                            sample, columns);
    });
    const double tolerance = sizeof(T) == 4 ? 1e-5 : 1e-13;
    for (int j = 0; j < columns; j++) {
        std::vector<double> residual(sample);
        for (int k = 0; k < sample; k++) {
            const int row = picked[(size_t)j * sample + k];
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double)design_t[(size_t)row * n + i] * x[(size_t)j * n + i];
            residual[k] = (activation == SIGMOID ? 1 / (1 + std::exp(-dot)) : dot) - targets[row];
            const double got = r[(size_t)j * sample + k];
            EXPECT(active[j] ? std::fabs(got - residual[k]) <= tolerance * (1 + std::fabs(dot)) : std::isnan(got),
                   "sampled_residual n=%d b=%d act=%d column %d k %d: %g, expected %g", n, sample, activation, j, k, got, residual[k]);
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < sample; k++) sum += residual[k] * design_t[(size_t)picked[(size_t)j * sample + k] * n + i];
            const double expected = sum / sample + ridge * x[(size_t)j * n + i];
            const double got = g[(size_t)j * n + i];
            EXPECT(active[j] ? std::fabs(got - expected) <= tolerance * (1 + n) : std::isnan(got),
                   "sampled_gradient n=%d b=%d act=%d element (%d, %d): %g, expected %g", n, sample, activation, i, j, got, expected);
        }
    }
}

int main(int argc, char** argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: kernel_host_check RULE_CASES (written by the Java side: KernelHostCheckTest)\n");
        return 2;
    }
    check_rule_cases(argv[1]);
    for (bool clipping : {false, true}) {
        check_nan_gradient<float>(clipping);
        check_nan_gradient<double>(clipping);
    }
    // Every size, each transpose and precision with an epilogue variant that cycles with the size;
    // then every variant at an exact tile (64 x 64, k one slice) and just past one.
    int size = 0;
    for (int m : {1, 17, 64, 65, 130}) {
        for (int n : {1, 3, 64, 66}) {
            for (int k : {1, 16, 17, 63}) {
                check_gemms(m, n, k, size++);
            }
        }
    }
    for (int variant = 0; variant < EPILOGUE_VARIANTS; variant++) {
        check_gemms(BLOCK_M, BLOCK_N, TILE_K, variant);
        check_gemms(BLOCK_M + 1, BLOCK_N + 2, TILE_K + 1, variant);
    }
    // Split k: ranges that end inside a TILE_K and that leave fewer splits than asked for
    // (k = 33 over 3 asks for 11 each, rounded to 16: two splits), every variant.
    int split_case = 0;
    for (int k : {33, 100, 257}) {
        for (int splits : {2, 3, 5}) {
            const int variant = split_case++ % EPILOGUE_VARIANTS;
            check_gemm<float, false>(65, 3, k, variant, splits);
            check_gemm<double, true>(17, 66, k, (variant + 1) % EPILOGUE_VARIANTS, splits);
        }
    }
    for (int rows : {1, 3, 5, 64}) {
        for (int variant = 0; variant < 4; variant++) {
            check_preset_linear<float>(rows, 7, variant & 1, variant & 2);
            check_preset_linear<double>(rows, 7, variant & 1, variant & 2);
        }
        for (bool with_bias : {false, true}) {
            check_sigmoid_epilogue<float>(rows, 7, with_bias);
            check_sigmoid_epilogue<double>(rows, 7, with_bias);
        }
    }
    for (int n : {1, 31, 256, 257, 1000}) {
        for (bool with_minimizer : {true, false}) {
            check_measure<float>(n, 3, with_minimizer);
            check_measure<double>(n, 3, with_minimizer);
        }
        check_clip_scale<float>(n, 5);
        check_clip_scale<double>(n, 5);
    }
    for (int rows : {1, 2, 255, 513}) {
        check_logistic_loss<float>(rows, 17, 3);
        check_logistic_loss<double>(rows, 300, 3);
    }
    for (int n : {1, 5, 33, 100}) {
        for (int sample : {1, 3, 8}) {
            for (int activation : {IDENTITY, SIGMOID}) {
                check_sampled<float>(n, 40, sample, 5, activation);
                check_sampled<double>(n, 40, sample, 7, activation);
            }
        }
    }

    const int dims[] = {1, 2, 3, 4, 5, 7, 17, 64, 65};
    for (int n : dims) {
        for (int first = 0; first < 4; first++) {
            for (int end = first + 1; end < first + 6; end++) {
                for (int blocks : {1, 2}) {
                    check_coverage<float>(n, first, end, blocks);
                    check_coverage<double>(n, first, end, blocks);
                }
            }
        }
    }
    if (failures > 0) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
