#!/usr/bin/env bash
# Fetches the model source, @vladmandic/face-api@1.7.15, from the npm registry into .cache/face-api/package
# (only needed to re-export the ONNX models; the library never downloads anything).
# The tarball's sha512 is checked against the integrity npm publishes for that exact version.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/face-api"
expected="sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw=="
if [ -f "$dest/package/model/face_recognition_model.bin" ]; then
  echo "$dest/package/model"
  exit 0
fi
mkdir -p "$dest"
tgz="$(cd "$dest" && npm pack --silent @vladmandic/face-api@1.7.15)"
actual="sha512-$(openssl dgst -sha512 -binary "$dest/$tgz" | base64 -w0)"
if [ "$actual" != "$expected" ]; then
  echo "fetch-face-api: integrity mismatch for $tgz: $actual" >&2
  exit 1
fi
tar -xzf "$dest/$tgz" -C "$dest"
rm -f "$dest/$tgz"
echo "$dest/package/model"
