// Runs the element-wise kernels of kernels/updates.cu on the CPU, one emulated thread at a time,
// to check what needs no GPU: that for_each_element visits every element of a column range
// exactly once with its right column (packs, unaligned head and tail, ranges inside one pack,
// several grid sizes), that frozen columns stay untouched, and that each rule's step is the
// formula of its Java twin. It cannot check what a GPU adds (memory model, vector instructions,
// fp32 arithmetic on the device); `gdbench verify` does that on a GPU.
//
// Build and run (KernelHostCheckTest does): g++ -std=c++17 -O1 -I kernels native/kernel_host_check.cpp
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>

// The CUDA built-ins the element-wise kernels use, for one emulated thread at a time. block_sum
// (reductions only) is compiled but never called here.
struct Dim3 { long long x = 0; };
static Dim3 blockIdx, threadIdx, blockDim, gridDim;
#define __device__
#define __shared__ static
#define __syncthreads()
#define __shfl_down_sync(mask, value, offset) (value)
using std::min;
using std::max;
using std::sqrt;
using std::isfinite;
#define __global__
#define __launch_bounds__(threads)

#include "updates.cu"

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

// Every emulated thread of a grid, in turn.
template <typename Kernel>
static void launch(int blocks, Kernel kernel)
{
    gridDim.x = blocks;
    blockDim.x = THREADS_PER_BLOCK;
    for (blockIdx.x = 0; blockIdx.x < blocks; blockIdx.x++)
        for (threadIdx.x = 0; threadIdx.x < THREADS_PER_BLOCK; threadIdx.x++) kernel();
}

template <typename T>
static void check_coverage(int n, int first, int end, int blocks)
{
    std::vector<int> visits((size_t)n * end + 8, 0);
    bool wrong_column = false;
    launch(blocks, [&] {
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

// One step of every rule on random data against the formulas of the Java rules, frozen columns untouched.
template <typename T>
static void check_rules(int n, int columns)
{
    const size_t size = (size_t)n * columns;
    std::vector<T> x(size), g(size), s0(size), s1(size);
    std::vector<double> hyper(columns * HYPER_SLOTS), bias(columns * BIAS_SLOTS);
    std::vector<int> active(columns);
    srand(n * 131 + columns);
    auto uniform = [] { return (double)rand() / RAND_MAX; };
    for (size_t i = 0; i < size; i++) {
        x[i] = (T)(uniform() - 0.5);
        g[i] = (T)(uniform() - 0.5);
        s0[i] = (T)(uniform() - 0.5);
        s1[i] = (T)uniform();  // adam's v >= 0
    }
    for (int j = 0; j < columns; j++) {
        active[j] = j % 3 != 1;
        hyper[j * HYPER_SLOTS + 0] = 0.1 + uniform();
        hyper[j * HYPER_SLOTS + 1] = 0.9 * uniform();
        hyper[j * HYPER_SLOTS + 2] = 0.9 + 0.09 * uniform();
        hyper[j * HYPER_SLOTS + 3] = 1e-8;
        bias[j * BIAS_SLOTS + 0] = 0.5 * uniform();
        bias[j * BIAS_SLOTS + 1] = 0.1 + uniform();
    }
    for (int rule = 0; rule < 4; rule++) {
        std::vector<T> xr = x, v0 = s0, v1 = s1;
        const int blocks = 3;  // few blocks: the grid-stride loop runs too
        launch(blocks, [&] {
            switch (rule) {
                case 0: update_batch<T>(GradientDescent{}, xr.data(), g.data(), v0.data(), v1.data(), hyper.data(), bias.data(), active.data(), n, 0, columns); break;
                case 1: update_batch<T>(HeavyBall{}, xr.data(), g.data(), v0.data(), v1.data(), hyper.data(), bias.data(), active.data(), n, 0, columns); break;
                case 2: update_batch<T>(Nesterov{}, xr.data(), g.data(), v0.data(), v1.data(), hyper.data(), bias.data(), active.data(), n, 0, columns); break;
                default: update_batch<T>(Adam{}, xr.data(), g.data(), v0.data(), v1.data(), hyper.data(), bias.data(), active.data(), n, 0, columns); break;
            }
        });
        for (size_t e = 0; e < size; e++) {
            const int j = (int)(e / n);
            const double* h = &hyper[j * HYPER_SLOTS];
            const double* b = &bias[j * BIAS_SLOTS];
            double xe = x[e], ge = g[e], m = s0[e], v = s1[e];
            if (active[j]) {
                switch (rule) {
                    case 0: xe -= h[0] * ge; break;
                    case 1: m = h[1] * m + ge; xe -= h[0] * m; break;
                    case 2: m = h[1] * m + ge; xe -= h[0] * (ge + h[1] * m); break;
                    default:
                        m = h[1] * m + (1 - h[1]) * ge;
                        v = h[2] * v + (1 - h[2]) * ge * ge;
                        xe -= b[0] * m / (std::sqrt(v) / b[1] + h[3]);
                }
            }
            const double tolerance = sizeof(T) == 4 ? 1e-5 : 1e-14;
            EXPECT(std::fabs(xr[e] - xe) <= tolerance, "rule %d n=%d B=%d element %zu: x %g, expected %g", rule, n, columns, e, (double)xr[e], xe);
            EXPECT(rule == 0 || std::fabs(v0[e] - m) <= tolerance, "rule %d element %zu: state %g, expected %g", rule, e, (double)v0[e], m);
            EXPECT(rule != 3 || std::fabs(v1[e] - v) <= tolerance, "adam element %zu: v %g, expected %g", e, (double)v1[e], v);
        }
    }
}

int main()
{
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
        check_rules<float>(n, 7);
        check_rules<double>(n, 7);
    }
    if (failures > 0) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
