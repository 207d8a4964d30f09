#!/usr/bin/env bash
# dlib's own CNN (MMOD) face detector speed on faces.jpg (the photo CnnDetectionBenchmarks uses), upsample 0 and 1:
# tools/dlib-cnn built -O2 against Debian's libdlib-dev, timed (median of 3 runs of pyramid_up + net(image)) with
# OpenBLAS on 1 and 2 threads and with Debian's default reference BLAS. OpenBLAS is unpacked into a temporary folder
# (apt-get download libopenblas0-pthread; dpkg -x) and loaded through LD_LIBRARY_PATH, so the system's BLAS is untouched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
exe="${TMPDIR:-/tmp}/facemetric-dlib-cnn"
g++ -O2 -std=c++17 "$root/tools/dlib-cnn/dlib_cnn.cpp" -o "$exe" $(pkg-config --cflags --libs dlib-1)
blas="${TMPDIR:-/tmp}/facemetric-openblas"
if [ ! -d "$blas/root" ]; then
  mkdir -p "$blas" && (cd "$blas" && apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread*.deb root)
fi
lib="$blas/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
model="$root/models/source/mmod_human_face_detector.dat"
img="$root/tests/FaceMetric.Tests/Fixtures/data/face-api.js/test/images/faces.jpg"
for up in 0 1; do
  for t in 1 2; do
    echo "openblas threads=$t $(OPENBLAS_NUM_THREADS=$t LD_LIBRARY_PATH="$lib" "$exe" time "$model" "$up" 3 "$img")"
  done
  echo "debian-reference-blas $("$exe" time "$model" "$up" 3 "$img")"
done
