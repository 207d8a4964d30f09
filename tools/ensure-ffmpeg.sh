#!/usr/bin/env bash
# Makes sure ffmpeg and ffprobe (5.1 or newer) are on PATH for FaceMetric.Video and its tests. Idempotent:
# does nothing when both are there; installs Debian/Ubuntu's ffmpeg package when run as root with apt-get;
# otherwise prints one line saying what to do and exits 1.
set -euo pipefail

have() { command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; }

if ! have; then
  if [ "${EUID}" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-ffmpeg: installing ffmpeg with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq ffmpeg >/dev/null
  else
    echo "ensure-ffmpeg: ffmpeg/ffprobe not found; install FFmpeg 5.1+ (Debian/Ubuntu: sudo apt-get install ffmpeg; Windows: winget install ffmpeg; macOS: brew install ffmpeg)" >&2
    exit 1
  fi
fi

have || { echo "ensure-ffmpeg: ffmpeg/ffprobe still not on PATH after installing" >&2; exit 1; }
version=$(ffmpeg -hide_banner -version | sed -n 's/^ffmpeg version n\{0,1\}\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
read -r major minor <<<"${version:-0 0}"
if [ "${major:-0}" -lt 5 ] || { [ "${major:-0}" -eq 5 ] && [ "${minor:-0}" -lt 1 ]; }; then
  echo "ensure-ffmpeg: ffmpeg ${major}.${minor} is too old; FaceMetric.Video needs 5.1 or newer (-fps_mode)" >&2
  exit 1
fi
