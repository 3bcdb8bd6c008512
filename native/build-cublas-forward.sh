#!/usr/bin/env bash
# Builds the cuBLAS forwarding library (see cublas_forward.c) into the resources, where
# CublasLoader finds it: soname libcublas.so.12, the libcublas.so.12 version node for exactly the
# symbols JCuda's libJCublas2 imports (read from its dynamic symbol table here, at build time),
# each forwarded to libcublas.so.13. Then checks, without a GPU or cuBLAS: the exported symbols
# and version node (readelf), that libJCublas2 resolves every versioned import against it
# (ldd -r), and that a call really lands in a libcublas.so.13 (a stand-in built here).
#
# Usage: build-cublas-forward.sh JCUBLAS_NATIVES_JAR. Skipped when the inputs are unchanged
# since the committed library was built, and, with a note, when gcc is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:?usage: build-cublas-forward.sh path/to/jcublas-natives-VERSION-linux-x86_64.jar}
if [[ ! -f $JAR ]]; then
    echo "build-cublas-forward: $JAR not downloaded yet; keeping the committed library"
    exit 0
fi

OUT_DIR=src/main/resources/dev/gdbench/backend/cuda
LIBRARY=$OUT_DIR/libcublas-forward.so
HASH_FILE=$OUT_DIR/libcublas-forward.sha256
WORK=target/cublas-forward
inputs_hash=$( (cat native/cublas_forward.c native/cublas_forward_stubs.S native/build-cublas-forward.sh; sha256sum < "$JAR") | sha256sum | cut -d' ' -f1)
if [[ -f $LIBRARY && -f $HASH_FILE && "$(cat "$HASH_FILE")" == "$inputs_hash" ]]; then
    echo "build-cublas-forward: $LIBRARY is current"
    exit 0
fi
if ! command -v gcc > /dev/null; then
    echo "build-cublas-forward: gcc not found; keeping the committed $LIBRARY"
    exit 0
fi

rm -rf "$WORK" && mkdir -p "$WORK"
unzip -q -o -j "$JAR" 'lib/libJCublas2-*.so' -d "$WORK"
jcublas2=$(ls "$WORK"/libJCublas2-*.so)

# The imports versioned libcublas.so.12, e.g. "U cublasSgemm_v2@libcublas.so.12".
nm -D --undefined-only "$jcublas2" | awk '$2 ~ /@libcublas\.so\.12$/ { sub(/@.*/, "", $2); print $2 }' \
    | LC_ALL=C sort -u > "$WORK/symbols.txt"
count=$(wc -l < "$WORK/symbols.txt")
sed 's/.*/SYMBOL(&)/' "$WORK/symbols.txt" > "$WORK/cublas_symbols.inc"
{ echo "libcublas.so.12 {"; echo "  global:"; sed 's/.*/    &;/' "$WORK/symbols.txt"; echo "  local: *;"; echo "};"; } \
    > "$WORK/libcublas.so.12.map"

gcc -shared -fPIC -O2 -Wall -Wextra -Werror -I"$WORK" \
    -Wl,-soname,libcublas.so.12 -Wl,--version-script="$WORK/libcublas.so.12.map" -Wl,-z,noexecstack \
    -o "$WORK/libcublas.so.12" native/cublas_forward.c native/cublas_forward_stubs.S -ldl

# Checks. 1: soname, version node, every symbol exported at libcublas.so.12.
readelf -d "$WORK/libcublas.so.12" | grep -q 'Library soname: \[libcublas.so.12\]'
readelf -V "$WORK/libcublas.so.12" | grep -q 'Name: libcublas.so.12'
exported=$(nm -D --defined-only "$WORK/libcublas.so.12" | grep -c ' T .*@@libcublas.so.12$' || true)
[[ $exported -eq $count ]] || { echo "exported $exported functions at libcublas.so.12, expected $count" >&2; exit 1; }
# 2: libJCublas2 resolves every import against it (ldd -r reports missing versions and symbols).
unresolved=$(LD_LIBRARY_PATH="$WORK" ldd -r "$jcublas2" 2>&1 | grep -E 'libcublas|undefined symbol' | grep -v "=> $WORK/libcublas.so.12" || true)
[[ -z "$unresolved" ]] || { echo "libJCublas2 does not resolve against the forwarding library:" >&2; echo "$unresolved" >&2; exit 1; }
# 3: a call goes through to libcublas.so.13 (a stand-in answering cublasGetVersion_v2 with 130000),
#    and a function libcublas.so.13 lacks answers CUBLAS_STATUS_NOT_SUPPORTED.
mkdir -p "$WORK/fake13"
printf 'int cublasGetVersion_v2(void *h, int *v) { (void)h; *v = 130000; return 0; }\n' > "$WORK/fake13/fake.c"
gcc -shared -fPIC -Wl,-soname,libcublas.so.13 -o "$WORK/fake13/libcublas.so.13" "$WORK/fake13/fake.c"
cat > "$WORK/fake13/caller.c" <<'C'
#include <stdio.h>
int cublasGetVersion_v2(void *handle, int *version);
int cublasCreate_v2(void **handle);
int main(void)
{
    int version = 0;
    void *handle = 0;
    int status = cublasGetVersion_v2(0, &version);
    int missing = cublasCreate_v2(&handle);
    printf("%d %d %d\n", status, version, missing);
    return 0;
}
C
ln -sf ../libcublas.so.12 "$WORK/fake13/libcublas.so.12"
gcc -o "$WORK/fake13/caller" "$WORK/fake13/caller.c" -L"$WORK/fake13" -l:libcublas.so.12
answer=$(LD_LIBRARY_PATH="$WORK/fake13" "$WORK/fake13/caller")
[[ "$answer" == "0 130000 15" ]] || { echo "forwarding self-test answered '$answer', expected '0 130000 15'" >&2; exit 1; }

cp "$WORK/libcublas.so.12" "$LIBRARY"
printf '%s\n' "$inputs_hash" > "$HASH_FILE"
echo "build-cublas-forward: wrote $LIBRARY ($count symbols of $(basename "$jcublas2"), forwarding to libcublas.so.13; checks passed)"
