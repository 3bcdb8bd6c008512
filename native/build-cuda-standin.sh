#!/usr/bin/env bash
# Builds the CPU stand-in for the CUDA driver (native/cuda_standin.cpp) into
# target/cuda-standin/libcuda.so.1, for the tests that run the CUDA backend without a GPU (the
# surefire execution "cuda-standin" puts that folder on LD_LIBRARY_PATH). Never installed, never
# on a user's library path.
#
# libJCudaDriver imports its cu* functions without symbol versions, from libcuda.so.1: the
# stand-in exports every one of them (the list read here from the library's own imports, as
# build-cublas-forward.sh does), those cuda_standin.cpp does not implement as generated stubs
# returning CUDA_ERROR_NOT_SUPPORTED. The kernels are kernels/*.cu compiled by g++ (warnings are
# errors), each extern "C" kernel listed from the preprocessed sources. Then checks that
# libJCudaDriver resolves every import against it (ldd -r).
#
# Usage: build-cuda-standin.sh JCUDA_NATIVES_JAR. Skipped when the inputs are unchanged since the
# last build, and, with a note, when g++ is absent (the stand-in tests then skip).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:?usage: build-cuda-standin.sh path/to/jcuda-natives-VERSION-linux-x86_64.jar}
WORK=target/cuda-standin
LIBRARY=$WORK/libcuda.so.1
HASH_FILE=$WORK/inputs.sha256
if [[ ! -f $JAR ]]; then
    echo "build-cuda-standin: $JAR not downloaded yet; no stand-in"
    exit 0
fi
if ! command -v g++ > /dev/null; then
    echo "build-cuda-standin: g++ not found; no stand-in (the tests that need it skip)"
    exit 0
fi
inputs_hash=$( (cat native/cuda_standin.cpp native/cuda_host.h native/build-cuda-standin.sh kernels/*.cu kernels/*.cuh;
                sha256sum < "$JAR") | sha256sum | cut -d' ' -f1)
if [[ -f $LIBRARY && -f $HASH_FILE && "$(cat "$HASH_FILE")" == "$inputs_hash" ]]; then
    echo "build-cuda-standin: $LIBRARY is current"
    exit 0
fi

rm -rf "$WORK" && mkdir -p "$WORK"
unzip -q -o -j "$JAR" 'lib/libJCudaDriver-*.so' -d "$WORK"
jcuda_driver=$(ls "$WORK"/libJCudaDriver-*.so)
nm -D --undefined-only "$jcuda_driver" | awk '$2 ~ /^cu/ { print $2 }' | LC_ALL=C sort -u > "$WORK/imports.txt"

# The kernels: every extern "C" __global__ function of the preprocessed sources (macros expanded).
g++ -std=c++20 -E -P -I kernels -D__global__=GDBENCH_KERNEL -D__device__= -D__shared__= -D'__launch_bounds__(...)=' \
    -x c++ kernels/gdbench.cu | tr "\n" " " | grep -oE 'extern "C" +GDBENCH_KERNEL +void +[A-Za-z_][A-Za-z0-9_]* *\(' \
    | sed -E 's/.* ([A-Za-z0-9_]+) *\(/KERNEL(\1)/' | LC_ALL=C sort -u > "$WORK/standin_kernels.inc"
[[ -s $WORK/standin_kernels.inc ]] || { echo "build-cuda-standin: no extern \"C\" kernels found in kernels/" >&2; exit 1; }

CXXFLAGS=(-std=c++20 -O2 -ffp-contract=off -fPIC -fvisibility=hidden -Wall -Wextra -Werror -Wno-unknown-pragmas -I native -I kernels -I "$WORK")
g++ "${CXXFLAGS[@]}" -c -o "$WORK/cuda_standin.o" native/cuda_standin.cpp
# Imports the implementation does not define: a stub each.
nm --defined-only -g "$WORK/cuda_standin.o" | awk '$2 == "T" && $3 ~ /^cu/ { print $3 }' | LC_ALL=C sort -u > "$WORK/implemented.txt"
unknown=$(LC_ALL=C comm -13 "$WORK/imports.txt" "$WORK/implemented.txt" | grep '^cu' || true)
[[ -z "$unknown" ]] || { echo "build-cuda-standin: implemented but not imported by libJCudaDriver: $unknown" >&2; exit 1; }
LC_ALL=C comm -23 "$WORK/imports.txt" "$WORK/implemented.txt" \
    | sed 's/.*/int &(void) { return 801; \/* CUDA_ERROR_NOT_SUPPORTED *\/ }/' > "$WORK/unimplemented.c"
gcc -O2 -fPIC -Wall -Wextra -Werror -c -o "$WORK/unimplemented.o" "$WORK/unimplemented.c"
g++ -shared -Wl,-soname,libcuda.so.1 -Wl,-z,noexecstack -Wl,--no-undefined -o "$LIBRARY" \
    "$WORK/cuda_standin.o" "$WORK/unimplemented.o"

# Checks: every import exported, and libJCudaDriver resolves every symbol against the stand-in.
exported=$(nm -D --defined-only "$LIBRARY" | awk '$2 == "T" && $3 ~ /^cu/ { print $3 }' | LC_ALL=C sort -u)
missing=$(LC_ALL=C comm -23 "$WORK/imports.txt" <(printf '%s\n' "$exported"))
[[ -z "$missing" ]] || { echo "build-cuda-standin: not exported: $missing" >&2; exit 1; }
unresolved=$(LD_LIBRARY_PATH="$WORK" ldd -r "$jcuda_driver" 2>&1 | grep -E 'libcuda|undefined symbol' \
    | grep -v "libcuda.so.1 => $WORK/libcuda.so.1" || true)
[[ -z "$unresolved" ]] || { echo "libJCudaDriver does not resolve against the stand-in:" >&2; echo "$unresolved" >&2; exit 1; }

printf '%s\n' "$inputs_hash" > "$HASH_FILE"
echo "build-cuda-standin: wrote $LIBRARY ($(wc -l < "$WORK/imports.txt") symbols of $(basename "$jcuda_driver"),"\
     "$(wc -l < "$WORK/implemented.txt") implemented, $(wc -l < "$WORK/standin_kernels.inc") kernels; checks passed)"
