// The CUDA built-ins kernels/*.cu use, for compiling them with g++ and running them on the CPU:
// shared by native/kernel_host_check.cpp (the kernels against plain loops) and
// native/cuda_standin.cpp (the CPU stand-in for the CUDA driver). x86-64 Linux only.
//
// A grid runs one block at a time; a block's threads run as fibers on one OS thread, each on a
// small stack of its own, switching only at __syncthreads: every thread runs until it reaches the
// barrier (or ends), then the next one does, and when all have arrived they all go on. A kernel
// without a barrier thus runs its threads one after another on one reused stack. The switch is a
// few instructions (callee-saved registers and the stack pointer, as Boost.Context does):
// swapcontext would cost a sigprocmask system call per switch, two per thread of every launch.
//
// Whoever runs a grid holds the device alone (the built-ins and __shared__ memory are global).
#pragma once
#include <sys/mman.h>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <vector>

struct Dim3 {
    unsigned x = 1, y = 1, z = 1;
};
// Global, not static: the compiler must assume that the fiber switch (an opaque call) changes them.
inline Dim3 blockIdx, blockDim, gridDim, threadIdx;

#define __device__
#define __shared__ static
#define __global__
#define __launch_bounds__(...)
#define __syncthreads() gdbench_host::barrier()
using std::exp;
using std::fabs;
using std::fma;
using std::isfinite;
using std::log;
using std::log1p;
using std::max;
using std::min;
using std::sqrt;
// The device's rounding intrinsics: one IEEE operation each, never fused into an fma (x86-64
// without -mfma has no fused instruction; the stand-in is built with -ffp-contract=off besides).
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __dsqrt_rn(double a) { return std::sqrt(a); }

// rdi: where to save the current stack pointer, rsi: the stack pointer to resume. The control words
// of SSE (mxcsr) and x87 travel with the registers, as the ABI makes them callee-saved.
asm(R"(
    .text
    .globl gdbench_fiber_switch
    .hidden gdbench_fiber_switch
    .type gdbench_fiber_switch, @function
gdbench_fiber_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size gdbench_fiber_switch, .-gdbench_fiber_switch

    .globl gdbench_fiber_start
    .hidden gdbench_fiber_start
    .type gdbench_fiber_start, @function
gdbench_fiber_start:
    movq %rbx, %rdi
    callq *%r12
    ud2
    .size gdbench_fiber_start, .-gdbench_fiber_start
)");
extern "C" void gdbench_fiber_switch(void** save, void* resume) __attribute__((visibility("hidden")));
extern "C" void gdbench_fiber_start() __attribute__((visibility("hidden")));

namespace gdbench_host {

constexpr int MAX_THREADS_PER_BLOCK = 1024;
// The kernels' frames are small (the GEMM's 4 x 4 accumulators and staging registers are the
// largest); a signal handler that lands on a fiber needs a few KiB more.
constexpr size_t STACK_BYTES = 128 * 1024;
constexpr size_t GUARD_BYTES = 4096;

// What a block's scheduler knows about each of its threads.
enum class State { NOT_STARTED, AT_BARRIER, DONE };

// The body of a kernel launch, called once per thread: a pointer and a function that calls it.
struct Body {
    void* context;
    void (*call)(void*);
};

struct Block {
    Body body;
    int threads = 0;
    int current = 0;
    void* scheduler_sp = nullptr;
    std::vector<void*> fiber_sp;
    std::vector<State> state;
    std::vector<char*> stack_of;
    // Stacks not in use: a thread that ends gives its stack to the next one that starts.
    std::vector<char*> free_stacks;
    bool diverged = false;
};

inline Block& block()
{
    static Block b;
    return b;
}

inline char* new_stack()
{
    void* memory = mmap(nullptr, STACK_BYTES + GUARD_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) {
        fprintf(stderr, "gdbench cuda_host: no memory for a fiber stack\n");
        abort();
    }
    mprotect(memory, GUARD_BYTES, PROT_NONE);  // an overflow faults instead of writing a neighbour
    return static_cast<char*>(memory) + GUARD_BYTES;
}

inline void set_thread_index(int t)
{
    threadIdx.x = t % blockDim.x;
    threadIdx.y = t / blockDim.x % blockDim.y;
    threadIdx.z = t / (blockDim.x * blockDim.y);
}

[[noreturn]] inline void fiber_main(void*)
{
    Block& b = block();
    b.body.call(b.body.context);
    b.state[b.current] = State::DONE;
    void* discarded;
    gdbench_fiber_switch(&discarded, b.scheduler_sp);
    __builtin_unreachable();
}

// The initial frame gdbench_fiber_switch pops: control words, r15..r12 (r12 = the entry), rbx (its
// argument), rbp, then gdbench_fiber_start as the return address; the stack pointer is 16-byte
// aligned after that return, as the call in gdbench_fiber_start needs.
inline void* initial_frame(char* stack)
{
    auto* top = reinterpret_cast<unsigned long long*>(stack + STACK_BYTES - 16);
    unsigned long long* sp = top - 8;
    const unsigned int mxcsr = 0x1F80;           // round to nearest, exceptions masked
    const unsigned short x87 = 0x037F;           // the same for x87, extended precision
    sp[0] = mxcsr | (unsigned long long)x87 << 32;
    sp[1] = sp[2] = sp[3] = 0;                   // r15, r14, r13
    sp[4] = reinterpret_cast<unsigned long long>(&fiber_main);  // r12
    sp[5] = 0;                                   // rbx: fiber_main's argument
    sp[6] = 0;                                   // rbp
    sp[7] = reinterpret_cast<unsigned long long>(&gdbench_fiber_start);
    return sp;
}

// __syncthreads: back to the scheduler, which resumes this thread once every thread has arrived.
inline void barrier()
{
    Block& b = block();
    b.state[b.current] = State::AT_BARRIER;
    gdbench_fiber_switch(&b.fiber_sp[b.current], b.scheduler_sp);
}

// Runs body once for each of `threads` threads of the current block (blockIdx, blockDim and
// gridDim set by the caller). Returns false when the threads diverged at a barrier: some reached
// it while others had ended, which CUDA leaves undefined (a hang on the GPU).
template <typename Function>
bool run_block(int threads, Function& body)
{
    Block& b = block();
    b.body = Body{&body, [](void* f) { (*static_cast<Function*>(f))(); }};
    b.threads = threads;
    b.fiber_sp.assign(threads, nullptr);
    b.state.assign(threads, State::NOT_STARTED);
    b.stack_of.assign(threads, nullptr);
    bool diverged = false;
    for (;;) {
        int waiting = 0;
        int ended = 0;
        for (int t = 0; t < threads; t++) {
            if (b.state[t] == State::DONE) continue;
            b.current = t;
            set_thread_index(t);
            if (b.state[t] == State::NOT_STARTED) {
                if (b.free_stacks.empty()) b.free_stacks.push_back(new_stack());
                b.stack_of[t] = b.free_stacks.back();
                b.free_stacks.pop_back();
                b.fiber_sp[t] = initial_frame(b.stack_of[t]);
            }
            gdbench_fiber_switch(&b.scheduler_sp, b.fiber_sp[t]);
            if (b.state[t] == State::DONE) {
                b.free_stacks.push_back(b.stack_of[t]);
                ended++;
            } else {
                waiting++;
            }
        }
        if (waiting == 0) break;
        if (ended > 0) {
            // Let the waiting threads finish (they may wait again): nothing of the block is trusted.
            diverged = true;
        }
    }
    return !diverged;
}

// A grid of grid.x x grid.y x grid.z blocks of block.x x block.y x block.z threads, one block
// after another (z, then y, then x outermost to innermost). False when a block diverged.
template <typename Function>
bool run_grid(Dim3 grid, Dim3 block, Function body)
{
    gridDim = grid;
    blockDim = block;
    const int threads = (int)(block.x * block.y * block.z);
    bool ok = true;
    for (unsigned z = 0; z < grid.z; z++) {
        for (unsigned y = 0; y < grid.y; y++) {
            for (unsigned x = 0; x < grid.x; x++) {
                blockIdx = Dim3{x, y, z};
                ok &= run_block(threads, body);
            }
        }
    }
    return ok;
}

}  // namespace gdbench_host

// Every thread of the block calls block_sum and warp_sum, so a block-wide exchange serves as the
// warp shuffle: lanes whose source lies beyond the warp keep their own value, as __shfl_down_sync does.
template <typename T>
T __shfl_down_sync(unsigned, T value, int offset)
{
    static T table[gdbench_host::MAX_THREADS_PER_BLOCK];
    const int t = (int)(threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z));
    table[t] = value;
    __syncthreads();
    const int lane = t % 32;
    const T result = lane + offset < 32 ? table[t + offset] : value;
    __syncthreads();
    return result;
}
