#!/usr/bin/env bash
# Compiles kernels/*.cu into ONE fatbin that the CUDA backend loads with cuModuleLoadData:
# SASS for sm_80 (A100) and sm_90 (H100/H200), plus compute_90 PTX that the driver JIT-compiles
# on newer GPUs. Warnings are errors. ptxas's register/spill report goes to target/kernels/ptxas.log
# in full and, one line per kernel and architecture, to kernels/ptxas-report.txt (committed, so a
# change in registers or a new spill shows in review).
#
# The fatbin is committed (src/main/resources/...) so users without the CUDA toolkit still run on
# the GPU; beside it, kernels.sha256 records the hash of the sources it was built from
# (KernelSourceHashTest fails when they disagree). The build is skipped when that hash is current
# (so a build does not rewrite a committed binary for nothing) and, with a note, when nvcc is
# absent. --force rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT_DIR=src/main/resources/dev/gdbench/backend/cuda
FATBIN=$OUT_DIR/kernels.fatbin
HASH_FILE=$OUT_DIR/kernels.sha256
# The CUDA version the fatbin was built with, as cuDriverGetVersion counts (13000 for 13.0): a
# driver older than that cannot load it, and the backend says so instead of failing to load.
CUDA_FILE=$OUT_DIR/kernels.cuda-version
LOG_DIR=target/kernels
REPORT=kernels/ptxas-report.txt

# The hash KernelSourceHashTest recomputes: sha256 over, per source in byte order of its name,
# the name, a newline, then the file's bytes.
source_hash() {
    local f
    for f in $(cd kernels && ls -1 -- *.cu *.cuh | LC_ALL=C sort); do
        printf '%s\n' "$f"
        cat "kernels/$f"
    done | sha256sum | cut -d' ' -f1
}

hash=$(source_hash)
if [[ "${1:-}" != "--force" && -f $FATBIN && -f $HASH_FILE && -f $CUDA_FILE && "$(cat "$HASH_FILE")" == "$hash" ]]; then
    echo "build-kernels: $FATBIN is current (sources $hash)"
    exit 0
fi
NVCC=${NVCC:-$(command -v nvcc || true)}
if [[ -z "$NVCC" ]]; then
    echo "build-kernels: nvcc not found; keeping the committed $FATBIN (rebuild on a machine with the CUDA toolkit)"
    exit 0
fi

mkdir -p "$OUT_DIR" "$LOG_DIR"
"$NVCC" -fatbin -std=c++17 -O3 \
    -gencode arch=compute_80,code=sm_80 \
    -gencode arch=compute_90,code=sm_90 \
    -gencode arch=compute_90,code=compute_90 \
    -Werror all-warnings \
    -Xptxas -v,-warn-spills,-warn-lmem-usage \
    -o "$FATBIN" kernels/gdbench.cu 2> "$LOG_DIR/ptxas.log" || { cat "$LOG_DIR/ptxas.log" >&2; exit 1; }
printf '%s\n' "$hash" > "$HASH_FILE"
"$NVCC" --version | sed -n 's/.*release \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | awk '{ print $1 * 1000 + $2 * 10 }' > "$CUDA_FILE"

# One line per kernel and architecture: registers, stack, spills.
awk '
    /Compiling entry function/ { match($0, /'"'"'[^'"'"']+'"'"'/); kernel = substr($0, RSTART + 1, RLENGTH - 2);
                                 match($0, /sm_[0-9]+/); arch = substr($0, RSTART, RLENGTH) }
    /bytes stack frame/        { stack = $1; spill_stores = $5; spill_loads = $9 }
    /Used [0-9]+ registers/    { match($0, /Used [0-9]+ registers/); regs = substr($0, RSTART + 5, RLENGTH - 15);
                                 printf "%-24s %-6s %4s registers  %3s B stack  %3s B spill stores  %3s B spill loads\n",
                                        kernel, arch, regs, stack, spill_stores, spill_loads }
' "$LOG_DIR/ptxas.log" | LC_ALL=C sort > "$REPORT"
echo "build-kernels: wrote $FATBIN ($(wc -c < "$FATBIN") bytes, sources $hash); ptxas report in $REPORT"
