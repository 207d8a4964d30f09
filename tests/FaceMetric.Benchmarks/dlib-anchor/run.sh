#!/usr/bin/env bash
# Builds and runs dlib's C++ forward pass timing (one BLAS thread) on the bald_guys reference chips.
# Needs Debian's libdlib-dev and libopenblas-dev (apt-get install -y libdlib-dev libopenblas-dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="${TMPDIR:-/tmp}/facemetric-dlib-anchor"
g++ -O3 -march=native -std=c++17 "$here/dlib_anchor.cpp" -o "$out" $(pkg-config --cflags --libs dlib-1) -lpng -ljpeg -lcblas 2>/dev/null \
  || g++ -O3 -march=native -std=c++17 "$here/dlib_anchor.cpp" -o "$out" $(pkg-config --cflags --libs dlib-1)
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$out" "$root"/tests/FaceMetric.Tests/Fixtures/reference/dlib/chips/bald_guys_face*.png
