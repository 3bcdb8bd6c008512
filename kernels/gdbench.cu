// The one translation unit nvcc compiles into kernels.fatbin: every kernel family, so the Java
// side loads a single module. Kernel names are extern "C" and listed in KernelModule.java.
#include "updates.cu"
#include "gradients.cu"
#include "sampled.cu"
#include "reductions.cu"
#include "smallmap.cu"
