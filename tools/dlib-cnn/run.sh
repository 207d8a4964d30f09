#!/usr/bin/env bash
# Builds tools/dlib-cnn against Debian's libdlib-dev (apt-get install -y g++ pkg-config libdlib-dev) and writes dlib's
# own MMOD CNN detections on the test fixtures to tests/.../reference/dlib/cnn/detections.json (the parity golden),
# and dlib's tiled pyramid layouts for a set of image sizes to layouts.json.
# The model is the copy committed under models/source/.
# Built without -march flags (x86-64 baseline, SSE2), as Debian builds libdlib itself.
# dlib's CPU CNN is slow (Debian's libdlib uses the reference BLAS): this takes about 10 minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${TMPDIR:-/tmp}/facemetric-dlib-cnn"
model="$root/models/source/mmod_human_face_detector.dat"
g++ -O2 -std=c++17 "$here/dlib_cnn.cpp" -o "$exe" $(pkg-config --cflags --libs dlib-1)
fx="$root/tests/FaceMetric.Tests/Fixtures"
out="$fx/reference/dlib/cnn/detections.json"
mkdir -p "$(dirname "$out")"
# dlib's tiled pyramid layout for sizes that reach every branch (tiny, narrower than the padding, tall, wide, photo sizes)
{
  echo '{"generator":"tools/dlib-cnn/dlib_cnn.cpp layout (dlib 19.24 impl::compute_tiled_image_pyramid_details, pyramid_down<6>, padding 10, outer 11)","layouts":['
  "$exe" layout 1 1 7 300 300 7 9 9 28 28 29 29 40 40 100 5 5 100 320 240 594 383 710 473 1920 1280 3842 2563 250 250 501 501 1000 30 30 1000 | sed '$!s/$/,/'
  echo ']}'
} > "$fx/reference/dlib/cnn/layouts.json"
{
  echo '{"generator":"tools/dlib-cnn/dlib_cnn.cpp (dlib 19.24, Debian libdlib-dev 19.24+dfsg-1, g++ -O2; model models/source/mmod_human_face_detector.dat)","cases":['
  first=1
  while read -r up image; do
    line="$(cd "$fx" && "$exe" detect "$model" "$up" "$image")"
    [ $first -eq 1 ] || echo ','
    first=0
    printf '{"upsample":%s,"result":%s}' "$up" "$line"
  done <<'CASES'
0 data/dlib/examples/faces/bald_guys.jpg
0 data/face_recognition/examples/two_people.jpg
0 data/face_recognition/examples/obama_small.jpg
0 data/openface/images/examples/longoria-cooper.jpg
0 data/face-api.js/test/images/faces.jpg
0 data/face-api.js/examples/images/bbt2.jpg
0 data/face-api.js/examples/images/bbt3.jpg
1 data/face_recognition/examples/obama_small.jpg
1 data/openface/images/examples/longoria-cooper.jpg
1 data/face-api.js/test/images/faces.jpg
1 data/face-api.js/examples/images/bbt3.jpg
1 data/face_recognition/examples/two_people.jpg
CASES
  echo ']}'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
