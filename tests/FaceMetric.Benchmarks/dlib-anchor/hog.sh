#!/usr/bin/env bash
# dlib's own HOG detector speed on sample1.jpg (the photo HogDetectionBenchmarks uses), or on the images given as
# arguments, built two ways:
# -O3 -march=native (how dlib is usually built for speed) and -O2 baseline x86-64 (the rounding FaceMetric reproduces).
# Needs g++, pkg-config and Debian's libdlib-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
src="$root/tools/dlib-hog/dlib_hog.cpp"
if [ $# -eq 0 ]; then set -- "$root/tests/FaceMetric.Tests/Fixtures/reference/dlib/images/sample1.jpg"; fi
for flags in "-O3 -march=native" "-O2"; do
  exe="${TMPDIR:-/tmp}/facemetric-dlib-hog-$(echo "$flags" | tr -dc 'a-zA-Z0-9')"
  g++ $flags -std=c++17 "$src" -o "$exe" $(pkg-config --cflags --libs dlib-1)
  for img in "$@"; do
    for up in 0 1; do echo "$(basename "$img") flags '$flags': $("$exe" time "$up" 7 "$img")"; done
  done
done
