#!/usr/bin/env bash
# Everything the test suite needs beyond the repository and the .NET SDK, one function per need.
#
# Every test project runs this before its tests (tests/TestAssets.targets, target FetchTestAssets), so the README's `dotnet test FaceMetric.sln` works alone on a fresh clone. It is idempotent:
# downloads are cached under the repository's ignored .cache/ and checked against pinned checksums; a second run
# does nothing and needs no network. A need that cannot be met stops with one line naming the missing tool.
#
# To add a need: write one more `need_...` function below and add its name to NEEDS.
# Run by hand: bash tools/test-assets.sh      (FACEMETRIC_SKIP_TEST_ASSETS=1 makes the test build skip it)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache"
mkdir -p "$cache"
# Both test projects run this at once under `dotnet test FaceMetric.sln`: one at a time.
if command -v flock >/dev/null 2>&1; then exec 9>"$cache/.test-assets.lock"; flock 9; fi

NEEDS=(need_face_api need_dlib_shape_predictor need_ffmpeg)

fail() { echo "test-assets: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = 0 ]; }

# sha256 of a file, with whichever tool this system has (GNU coreutils, or shasum on macOS).
sha256_of() {
  if have sha256sum; then sha256sum "$1" | cut -d' ' -f1
  elif have shasum; then shasum -a 256 "$1" | cut -d' ' -f1
  else fail "neither sha256sum nor shasum is installed: cannot check downloads"; fi
}


# Installs Debian packages when running as root on a system with apt-get; false otherwise.
apt_install() {
  is_root && have apt-get || return 1
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

# The model source for the re-export tests: @vladmandic/face-api@1.7.15 from the npm registry, through npm, into
# .cache/face-api/package (tools/fetch-face-api.sh checks npm's published sha512). npm is installed from Debian's
# packages when it is missing and this runs as root.
need_face_api() {
  local model="$cache/face-api/package/model/face_recognition_model.bin"
  [ -f "$model" ] && return 0
  have npm || apt_install nodejs npm || fail "npm is missing: install Node.js and npm (Debian: apt-get install npm) to fetch @vladmandic/face-api@1.7.15"
  bash "$root/tools/fetch-face-api.sh" >/dev/null \
    || fail "npm could not fetch @vladmandic/face-api@1.7.15 (is the npm registry reachable?)"
}

# dlib's 68-point shape predictor for the DlibShapePredictor / dlib front-end tests. Where Debian's libdlib-data
# installed it (/usr/share/dlib) nothing is fetched; otherwise the package is downloaded without installing it
# (`apt-get download`, after `apt-get update` when root and the lists are empty) and
# unpacked into .cache/dlib (tests/FaceMetric.Tests/TestSupport/DlibModelFile.cs looks there).
need_dlib_shape_predictor() {
  local name="shape_predictor_68_face_landmarks.dat"
  local sha="fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f"
  local cached="$cache/dlib/usr/share/dlib/$name"
  [ -f "/usr/share/dlib/$name" ] && return 0
  [ -f "$cached" ] && [ "$(sha256_of "$cached")" = "$sha" ] && return 0

  mkdir -p "$cache"
  local work; work="$(mktemp -d "$cache/dlib.XXXXXX")"
  local deb=""
  if have apt-get; then
    if ! (cd "$work" && apt-get download -qq libdlib-data >/dev/null 2>&1) && is_root; then
      apt-get update -qq >/dev/null 2>&1 && (cd "$work" && apt-get download -qq libdlib-data >/dev/null 2>&1) || true
    fi
    deb="$(ls "$work"/libdlib-data_*.deb 2>/dev/null | head -n 1 || true)"
  fi
  [ -n "$deb" ] || { rm -rf "$work"; fail "cannot fetch Debian's libdlib-data (apt-get download failed: run 'apt-get update' as root, or install libdlib-data, or put shape_predictor_68_face_landmarks.dat in FACEMETRIC_SHAPE_PREDICTOR)"; }

  mkdir -p "$work/x"
  if have dpkg-deb; then
    dpkg-deb -x "$deb" "$work/x"
  elif have ar; then
    local member; member="$(cd "$work" && ar t "$deb" | grep '^data\.tar')"
    (cd "$work" && ar x "$deb" "$member" && tar -xf "$member" -C x)
  elif tar -tf "$deb" >/dev/null 2>&1; then # bsdtar (macOS, Windows' tar.exe) reads the ar container too
    local member; member="$(tar -tf "$deb" | grep '^data\.tar')"
    (cd "$work" && tar -xf "$deb" "$member" && tar -xf "$member" -C x)
  else
    rm -rf "$work"; fail "neither dpkg-deb, ar nor a bsdtar is installed: cannot unpack libdlib-data"
  fi
  local got="$work/x/usr/share/dlib/$name"
  [ -f "$got" ] || { rm -rf "$work"; fail "libdlib-data holds no $name"; }
  local actual; actual="$(sha256_of "$got")"
  [ "$actual" = "$sha" ] || { rm -rf "$work"; fail "$name from libdlib-data has sha256 $actual, expected $sha"; }
  rm -rf "$cache/dlib"
  mv "$work/x" "$cache/dlib"
  rm -rf "$work"
}

# ffmpeg, for the tests that read video. Installed with apt-get when running as root on Debian; otherwise it must be
# on PATH already.
need_ffmpeg() {
  bash "$root/tools/ensure-ffmpeg.sh" || fail "ffmpeg 5.1+ is needed by FaceMetric.Video's tests (see the line above)"
}

for need in "${NEEDS[@]}"; do "$need"; done
