#!/usr/bin/env bash
# Shrinks .carry/ (made by the device pack script, see README "Running on a GPU machine") to fit
# the GPU machines' 64 MiB budget, which counts the checkout too: the Java runtime is rebuilt
# without java.desktop (about 11 MiB). Figures need that module; the GPU machine only measures, and
# the report is drawn here from the results it brings back (`gdbench report DIR`). Without the
# module gdbench skips figures with one line, and the tests that draw them skip themselves. The
# jar loses the bundled OpenBLAS (below).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
[ -d .carry/jre ] || { echo "lean-carry: no .carry/jre: run the device pack script first" >&2; exit 1; }
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
# What jdeps finds the jar needs, less java.desktop, plus what JCuda and JMH reach reflectively.
modules=java.base,java.sql,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector,jdk.crypto.ec
rm -rf .carry/jre
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output .carry/jre 2>/dev/null
# The bundled OpenBLAS (13 MiB of the jar) does not fit the budget: the carried jar leaves it out, natives
# and classes (gdbench checks for the natives before it touches a class), so the product planner there
# reports OpenBLAS as not in the jar and chooses between the packed kernel (fp64) and the JVM BLAS alone.
zip -q -d .carry/gdbench.jar 'org/bytedeco/*' 'META-INF/maven/org.bytedeco/*' >/dev/null \
  || { echo "lean-carry: cannot remove OpenBLAS from .carry/gdbench.jar (is zip installed?)" >&2; exit 1; }
# The commit the carried jar was built from, for the results' README (the device gets no .git).
git describe --always --dirty --abbrev=12 > .carry/commit.txt
carry=$(du -sm .carry | cut -f1)
checkout=$(( $(git ls-files -z | xargs -0 du -cb | tail -1 | cut -f1) / 1048576 ))
echo "lean-carry: .carry ${carry} MiB + checkout ${checkout} MiB = $((carry + checkout)) MiB (budget 64)"
