// Shared layout and indexing of the gdbench kernels.
//
// A batch is column-major n x B: column j is configuration j, element (i, j) sits at j * n + i.
// Per-column data (hyper-parameters, bias corrections, the active mask) are small device arrays
// indexed by j, so one launch serves columns with different step sizes and momenta, and a CUDA
// graph that captured the launch stays valid when their values change.
#pragma once

// The numbers the host shares with the kernels (THREADS_PER_BLOCK: 8 warps per block, enough
// to hide global-memory latency on sm_80/sm_90 for streaming kernels, small enough that a block
// per column of the reductions does not idle most threads at small n; the per-column slots of
// the hyper-parameter, step-scalar, clip and measure arrays; the GEMM tile; activation codes):
// generated from the Java side, KernelModule.SHARED_CONSTANTS.
#include "layout.cuh"

// 16 consecutive elements of T loaded or stored by one instruction (ld.global.v4.f32 /
// ld.global.v2.f64): the float4 / double2 path. Needs a 16-byte aligned address.
constexpr int VECTOR_BYTES = 16;
template <typename T>
struct alignas(VECTOR_BYTES) Pack {
    static constexpr int LANES = VECTOR_BYTES / sizeof(T);
    T lane[LANES];
};

// The one indexing helper of the element-wise kernels. Columns [first_column, end_column) are the
// flat range [begin, end) = [first_column n, end_column n). Threads take aligned packs of
// Pack<T>::LANES elements from the middle of that range (vectorised), then single elements of the
// unaligned head and tail (scalar), in one grid-stride loop. A pack may straddle two columns, so
// every lane looks up its own column. visit(e, lanes, j[]) receives the first flat index, how many
// consecutive elements (LANES or 1) and their columns.
template <typename T, typename Visit>
__device__ void for_each_element(int n, int first_column, int end_column, Visit visit)
{
    constexpr int LANES = Pack<T>::LANES;
    const long long begin = (long long)first_column * n;
    const long long end = (long long)end_column * n;
    const long long aligned_begin = min(end, (begin + LANES - 1) / LANES * LANES);
    const long long aligned_end = max(aligned_begin, end / LANES * LANES);
    const long long packs = (aligned_end - aligned_begin) / LANES;
    const long long head = aligned_begin - begin;
    const long long work = packs + head + (end - aligned_end);
    for (long long t = blockIdx.x * (long long)blockDim.x + threadIdx.x; t < work;
         t += (long long)gridDim.x * blockDim.x) {
        int columns[LANES];
        if (t < packs) {
            const long long e = aligned_begin + t * LANES;
            // One 64-bit division per pack, not per lane (it is emulated in tens of instructions,
            // a real share of a streaming kernel's budget): the lanes walk on from e's column.
            int column = (int)(e / n);
            int row = (int)(e - (long long)column * n);
            for (int l = 0; l < LANES; l++) {
                columns[l] = column;
                if (++row == n) {
                    row = 0;
                    column++;
                }
            }
            visit(e, LANES, columns);
        } else {
            const long long s = t - packs;
            const long long e = s < head ? begin + s : aligned_end + (s - head);
            columns[0] = (int)(e / n);
            visit(e, 1, columns);
        }
    }
}

// Warp then block sum in double (fp32 data too: n terms of rounding error would otherwise swamp
// the suboptimality 1/2 g.(x - x*) near convergence). Every thread gets the sum.
__device__ inline double block_sum(double value)
{
    __shared__ double warp_sums[THREADS_PER_BLOCK / WARP_SIZE];
    for (int offset = WARP_SIZE / 2; offset > 0; offset /= 2) {
        value += __shfl_down_sync(0xffffffffu, value, offset);
    }
    const int warp = threadIdx.x / WARP_SIZE;
    const int lane = threadIdx.x % WARP_SIZE;
    __syncthreads();  // warp_sums may still be read by a previous call
    if (lane == 0) {
        warp_sums[warp] = value;
    }
    __syncthreads();
    double total = 0;
    for (int w = 0; w < (int)(blockDim.x / WARP_SIZE); w++) {
        total += warp_sums[w];
    }
    return total;
}
