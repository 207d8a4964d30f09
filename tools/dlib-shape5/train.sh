#!/usr/bin/env bash
# Makes the small 5-point shape predictor of the DlibShapePredictor tests and dlib's own outputs for it:
#  1. annotate.cs (FaceMetric: HOG boxes + face-api 68-point landmarks -> dlib's 5 points) on the first 320 LFW View 1
#     DevTrain images: train.xml (300 faces), test.xml (20 faces);
#  2. shape5.cpp train (dlib 19.24's shape_predictor_trainer, small settings) -> shape_predictor_5_lfw_small.dat;
#  3. shape5.cpp predict -> predict.json (dlib's parts and chip details per test face) and chips/N.png;
#  4. copies the 20 test images into tests/.../Fixtures/data/lfw/images_deepfunneled.
# Needs g++, pkg-config, Debian's libdlib-dev, the .NET 10 SDK and ../shared/data/lfw. About two minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lfw="${LFW:-$root/../shared/data/lfw}"
fx="$root/tests/FaceMetric.Tests/Fixtures"
out="$fx/reference/dlib/shape5"
work="$(mktemp -d)"
exe="${TMPDIR:-/tmp}/facemetric-shape5"
g++ -O2 -std=c++17 "$here/shape5.cpp" -o "$exe" $(pkg-config --cflags --libs dlib-1)
(cd "$here" && dotnet run annotate.cs -- "$lfw" "$root/models" "$work" 300 20)
ln -s "$lfw/images_deepfunneled" "$work/images_deepfunneled"
"$exe" train "$work/train.xml" "$work/shape_predictor_5_lfw_small.dat"
mkdir -p "$work/chips"
"$exe" predict "$work/shape_predictor_5_lfw_small.dat" "$work/test.xml" "$work/chips" > "$work/predict.json"
mkdir -p "$out/chips"
cp "$work/train.xml" "$work/test.xml" "$work/shape_predictor_5_lfw_small.dat" "$work/predict.json" "$out/"
cp "$work"/chips/*.png "$out/chips/"
grep -o "images_deepfunneled/[^']*\.jpg" "$work/test.xml" | while read -r rel; do
  mkdir -p "$fx/data/lfw/$(dirname "$rel")"
  cp "$lfw/$rel" "$fx/data/lfw/$rel"
done
rm -rf "$work"
sha256sum "$out/shape_predictor_5_lfw_small.dat"
