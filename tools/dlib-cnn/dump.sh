#!/usr/bin/env bash
# Records dlib's own tiled pyramid and network output for one fixture photo (the CnnPyramidParity golden):
# tests/.../reference/dlib/cnn/NAME.pyramid.json (tiled image size, level rectangles, sha256 of dlib's input tensor as
# raw float32) and NAME.scores.f32 (dlib's output tensor, raw little-endian float32, [1, 1, rows, cols]).
# Usage: dump.sh UPSAMPLE FIXTURE-RELATIVE-IMAGE NAME     (after run.sh has built the oracle)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${TMPDIR:-/tmp}/facemetric-dlib-cnn"
[ -x "$exe" ] || g++ -O2 -std=c++17 "$here/dlib_cnn.cpp" -o "$exe" $(pkg-config --cflags --libs dlib-1)
fx="$root/tests/FaceMetric.Tests/Fixtures"
out="$fx/reference/dlib/cnn"
mkdir -p "$out"
tmp="$(mktemp -d)"
lines="$(cd "$fx" && "$exe" dump "$root/models/source/mmod_human_face_detector.dat" "$1" "$2" "$tmp/t")"
read -r _ _ _ in_rows in_cols <<<"$(echo "$lines" | sed -n 1p)"
read -r _ _ _ out_rows out_cols <<<"$(echo "$lines" | sed -n 2p)"
rects="$(echo "$lines" | awk '/^rect/ {printf "%s[%s,%s,%s,%s]", (n++ ? "," : ""), $2, $3, $4, $5}')"
sha="$(sha256sum "$tmp/t.in.f32" | cut -d' ' -f1)"
cp "$tmp/t.out.f32" "$out/$3.scores.f32"
printf '{"generator":"tools/dlib-cnn/dump.sh (dlib 19.24 input_rgb_image_pyramid::to_tensor and forward pass, Debian libdlib-dev)","image":"%s","upsample":%s,"rows":%s,"cols":%s,"levels":[%s],"input_sha256":"%s","scores_rows":%s,"scores_cols":%s}\n' \
  "$2" "$1" "$in_rows" "$in_cols" "$rects" "$sha" "$out_rows" "$out_cols" > "$out/$3.pyramid.json"
rm -rf "$tmp"
echo "wrote $out/$3.pyramid.json"
