#!/usr/bin/env bash
# Builds tools/dlib-hog against Debian's libdlib-dev (apt-get install -y g++ libdlib-dev pkg-config) and
#  1. writes dlib 19.24's get_frontal_face_detector() to models/dlib_frontal_face_detector.hog;
#  2. writes dlib's own detections on the test fixtures to tests/.../reference/dlib/hog/detections.json.
# Built without -march flags (x86-64 baseline, SSE2): the float rounding FaceMetric's port reproduces bit for bit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${TMPDIR:-/tmp}/facemetric-dlib-hog"
g++ -O2 -std=c++17 "$here/dlib_hog.cpp" -o "$exe" $(pkg-config --cflags --libs dlib-1)
"$exe" model "$root/models/dlib_frontal_face_detector.hog"
fx="$root/tests/FaceMetric.Tests/Fixtures"
out="$fx/reference/dlib/hog/detections.json"
mkdir -p "$(dirname "$out")"
{
  echo '{"generator":"tools/dlib-hog/dlib_hog.cpp (dlib 19.24, Debian libdlib-dev, g++ -O2, SSE2)","cases":['
  first=1
  while read -r up adjust image; do
    line="$(cd "$fx" && "$exe" detect "$up" "$adjust" "$image")"
    [ $first -eq 1 ] || echo ','
    first=0
    printf '{"upsample":%s,"adjust_threshold":%s,"result":%s}' "$up" "$adjust" "$line"
  done <<'CASES'
1 0 reference/dlib/decoded/bald_guys_decoded.png
0 -1 reference/dlib/decoded/bald_guys_decoded.png
1 0 reference/dlib/faces/decoded/obama2_decoded.png
1 -0.8 reference/dlib/faces/decoded/obama2_decoded.png
1 0 reference/dlib/faces/decoded/two_people_decoded.png
0 -0.5 reference/dlib/faces/decoded/two_people_decoded.png
CASES
  echo ']}'
} > "$out.tmp"
mv "$out.tmp" "$out"
sha256sum "$root/models/dlib_frontal_face_detector.hog"
