// Generated from KernelModule.SHARED_CONSTANTS (the Java side); do not edit.
// Regenerate: java -cp target/classes dev.gdbench.backend.cuda.KernelModule > kernels/layout.cuh
#pragma once

constexpr int THREADS_PER_BLOCK = 256;
constexpr int WARP_SIZE = 32;
constexpr int HYPER_SLOTS = 4;
constexpr int HYPER_L2 = 3;
constexpr int STEP_SLOTS = 4;
constexpr int STEP_DECAY = 3;
constexpr int CLIP_NORM = 0;
constexpr int CLIP_VALUE = 1;
constexpr int CLIP_SCALE = 2;
constexpr int CLIP_SLOTS = 3;
constexpr int MEASURE_GRADIENT_SQUARED = 0;
constexpr int MEASURE_ERROR_SQUARED = 1;
constexpr int MEASURE_GRADIENT_DOT_ERROR = 2;
constexpr int MEASURE_STEP_SQUARED = 3;
constexpr int MEASURE_PREVIOUS_SQUARED = 4;
constexpr int MEASURE_ITERATE_SQUARED = 5;
constexpr int MEASURE_SLOTS = 6;
constexpr int GEMM_BLOCK_M = 64;
constexpr int GEMM_BLOCK_N = 64;
constexpr int GEMM_TILE_K = 16;
constexpr int ACTIVATION_IDENTITY = 0;
constexpr int ACTIVATION_SIGMOID = 1;
constexpr int MAP_MAX_DIMENSION = 64;
constexpr int MAP_MAX_TOLERANCES = 8;
