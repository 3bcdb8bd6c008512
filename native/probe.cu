// The ceilings gdbench's own figures are compared with, measured natively on this GPU:
//
//   d2d_copy_bandwidth   cudaMemcpyAsync device to device of COPY_BYTES; bandwidth counts the
//                        bytes read plus the bytes written (2 x COPY_BYTES per copy), as the
//                        fused updates count theirs (cost.WorkCount)
//   launch_latency       back-to-back launches of an empty kernel, per launch
//   graph_launch_latency the same kernels captured into one CUDA graph and replayed, per kernel:
//                        the overhead a graph-replayed chunk pays per iteration
//   gemm_rate            cuBLAS SGEMM/DGEMM (n x n x n), 2 n^3 flops per call; only when built
//                        with -DPROBE_CUBLAS -lcublas (the toolkit's cuBLAS must be installed)
//
// Each figure is timed with CUDA events after a warm-up, REPETITIONS times, and printed as one
// JSON object per line: {"figure", "unit", "median", "min", "max", "repetitions"}.
//
// Build: nvcc -O3 -std=c++17 -Werror all-warnings -o target/probe native/probe.cu
//        nvcc -O3 -std=c++17 -Werror all-warnings -DPROBE_CUBLAS -o target/probe native/probe.cu -lcublas
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <cuda_runtime.h>
#ifdef PROBE_CUBLAS
#include <cublas_v2.h>
#endif

// 1 GiB: far beyond the L2 cache of any GPU (H100: 50 MB), so the copy measures HBM.
constexpr size_t COPY_BYTES = size_t(1) << 30;
// Launches per timed batch: enough that event resolution (~0.5 us) is negligible.
constexpr int LAUNCHES = 1000;
// Repetitions per figure, for the median and the range.
constexpr int REPETITIONS = 21;
#ifdef PROBE_CUBLAS
// GEMM size: large enough to reach the cuBLAS peak on H100-class GPUs.
constexpr int GEMM_N = 8192;
#endif

#define CHECK(call)                                                                             \
    do {                                                                                        \
        cudaError_t status_ = (call);                                                           \
        if (status_ != cudaSuccess) {                                                           \
            fprintf(stderr, "probe: %s failed: %s\n", #call, cudaGetErrorString(status_));      \
            exit(1);                                                                            \
        }                                                                                       \
    } while (0)

__global__ void empty_kernel() {}

// Times body() REPETITIONS times after one warm-up call; returns milliseconds per repetition.
template <typename Body>
static std::vector<float> time_ms(cudaStream_t stream, Body body)
{
    cudaEvent_t start, stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    body();
    CHECK(cudaStreamSynchronize(stream));
    std::vector<float> times;
    for (int r = 0; r < REPETITIONS; r++) {
        CHECK(cudaEventRecord(start, stream));
        body();
        CHECK(cudaEventRecord(stop, stream));
        CHECK(cudaEventSynchronize(stop));
        float ms = 0;
        CHECK(cudaEventElapsedTime(&ms, start, stop));
        times.push_back(ms);
    }
    CHECK(cudaEventDestroy(start));
    CHECK(cudaEventDestroy(stop));
    return times;
}

// value(ms) converts one repetition's time into the figure; min/max follow the conversion.
template <typename Convert>
static void report(const char* figure, const char* unit, std::vector<float> times, Convert value)
{
    std::vector<double> values;
    for (float t : times) values.push_back(value(t));
    std::sort(values.begin(), values.end());
    printf("{\"figure\": \"%s\", \"unit\": \"%s\", \"median\": %.6g, \"min\": %.6g, \"max\": %.6g, \"repetitions\": %zu}\n",
           figure, unit, values[values.size() / 2], values.front(), values.back(), values.size());
}

int main()
{
    cudaDeviceProp properties;
    CHECK(cudaGetDeviceProperties(&properties, 0));
    int driver = 0, runtime = 0;
    CHECK(cudaDriverGetVersion(&driver));
    CHECK(cudaRuntimeGetVersion(&runtime));
    printf("{\"device\": \"%s\", \"compute_capability\": \"%d.%d\", \"memory_bytes\": %zu, \"driver\": %d, \"runtime\": %d}\n",
           properties.name, properties.major, properties.minor, properties.totalGlobalMem, driver, runtime);

    cudaStream_t stream;
    CHECK(cudaStreamCreate(&stream));

    void *source, *target;
    CHECK(cudaMalloc(&source, COPY_BYTES));
    CHECK(cudaMalloc(&target, COPY_BYTES));
    CHECK(cudaMemsetAsync(source, 0x3f, COPY_BYTES, stream));  // never time on untouched memory
    report("d2d_copy_bandwidth", "GB/s",
           time_ms(stream, [&] { CHECK(cudaMemcpyAsync(target, source, COPY_BYTES, cudaMemcpyDeviceToDevice, stream)); }),
           [](float ms) { return 2.0 * COPY_BYTES / (ms * 1e-3) / 1e9; });
    CHECK(cudaFree(source));
    CHECK(cudaFree(target));

    report("launch_latency", "us",
           time_ms(stream, [&] { for (int i = 0; i < LAUNCHES; i++) empty_kernel<<<1, 1, 0, stream>>>(); }),
           [](float ms) { return ms * 1e3 / LAUNCHES; });

    cudaGraph_t graph;
    cudaGraphExec_t exec;
    CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    for (int i = 0; i < LAUNCHES; i++) empty_kernel<<<1, 1, 0, stream>>>();
    CHECK(cudaStreamEndCapture(stream, &graph));
    CHECK(cudaGraphInstantiate(&exec, graph, 0));
    report("graph_launch_latency", "us", time_ms(stream, [&] { CHECK(cudaGraphLaunch(exec, stream)); }),
           [](float ms) { return ms * 1e3 / LAUNCHES; });
    CHECK(cudaGraphExecDestroy(exec));
    CHECK(cudaGraphDestroy(graph));

#ifdef PROBE_CUBLAS
    cublasHandle_t handle;
    if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) {
        fprintf(stderr, "probe: cublasCreate failed\n");
        return 1;
    }
    cublasSetStream(handle, stream);
    const size_t elements = size_t(GEMM_N) * GEMM_N;
    const double flops = 2.0 * GEMM_N * GEMM_N * GEMM_N;
    auto rate = [flops](float ms) { return flops / (ms * 1e-3) / 1e12; };
    {
        float *a, *b, *c;
        const float one = 1, zero = 0;
        CHECK(cudaMalloc(&a, elements * sizeof(float)));
        CHECK(cudaMalloc(&b, elements * sizeof(float)));
        CHECK(cudaMalloc(&c, elements * sizeof(float)));
        CHECK(cudaMemsetAsync(a, 0x3f, elements * sizeof(float), stream));  // 0x3f3f3f3f = 0.75
        CHECK(cudaMemsetAsync(b, 0x3f, elements * sizeof(float), stream));
        report("sgemm_rate", "TFLOP/s", time_ms(stream, [&] {
            cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, GEMM_N, GEMM_N, GEMM_N, &one, a, GEMM_N, b, GEMM_N, &zero, c, GEMM_N);
        }), rate);
        CHECK(cudaFree(a));
        CHECK(cudaFree(b));
        CHECK(cudaFree(c));
    }
    {
        double *a, *b, *c;
        const double one = 1, zero = 0;
        CHECK(cudaMalloc(&a, elements * sizeof(double)));
        CHECK(cudaMalloc(&b, elements * sizeof(double)));
        CHECK(cudaMalloc(&c, elements * sizeof(double)));
        CHECK(cudaMemsetAsync(a, 0x3f, elements * sizeof(double), stream));
        CHECK(cudaMemsetAsync(b, 0x3f, elements * sizeof(double), stream));
        report("dgemm_rate", "TFLOP/s", time_ms(stream, [&] {
            cublasDgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, GEMM_N, GEMM_N, GEMM_N, &one, a, GEMM_N, b, GEMM_N, &zero, c, GEMM_N);
        }), rate);
        CHECK(cudaFree(a));
        CHECK(cudaFree(b));
        CHECK(cudaFree(c));
    }
    cublasDestroy(handle);
#endif
    CHECK(cudaStreamDestroy(stream));
    return 0;
}
