#!/usr/bin/env bash
# Ctrl+C latency of the long CLI commands on a 1,000-photo batch of LFW (deep-funneled) images: each command is
# started on the batch, sent SIGINT (what Ctrl+C sends) after DELAY seconds, mid-work, and timed from the signal to
# the process's exit; the exit code (130) and the absence of any output file are checked.
#
# Usage: bash tools/cancel-latency.sh [LFW_ROOT] [DELAY]   (defaults: ../shared/data/lfw, 20 s)
# Needs a built CLI (dotnet build samples/FaceMetric.Cli, Debug) and python3 (to give the CLI a default SIGINT).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
lfw="${1:-$repo/../shared/data/lfw}"
delay="${2:-20}"
cli="$repo/samples/FaceMetric.Cli/bin/Debug/net10.0/FaceMetric.Cli.dll"
[ -f "$cli" ] || { echo "cancel-latency: build the CLI first (dotnet build samples/FaceMetric.Cli)" >&2; exit 1; }

work="$(mktemp -d /tmp/facemetric-cancel.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# The first 1,000 images in name order, one folder per person (symlinks).
find "$lfw/images_deepfunneled" -name '*.jpg' | LC_ALL=C sort >"$work/all.txt"
while read -r f; do
  person="${f%/*}"; person="${person##*/}"
  mkdir -p "$work/batch/$person"
  ln -s "$f" "$work/batch/$person/"
done < <(sed -n '1,1000p' "$work/all.txt")
echo "batch: $(find "$work/batch" -name '*.jpg' | wc -l) LFW images of $(ls "$work/batch" | wc -l) people; SIGINT after ${delay} s; $(hostname), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), Debug build"

measure() {
  local name="$1" output="$2"; shift 2
  # SIGINT back to its default first: a shell started in the background passes it on ignored, and .NET keeps it so.
  python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
    dotnet "$cli" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  local pid=$!
  sleep "$delay"
  local sent; sent=$(date +%s%N)
  kill -INT "$pid"
  local rc=0
  wait "$pid" || rc=$?
  local ended; ended=$(date +%s%N)
  local left="none"
  [ -e "$output" ] && left="$(find "$output" | wc -l) entries"
  printf '%-16s exit %3s  signal -> exit %6.0f ms  output left: %s  stderr: %s\n' \
    "$name" "$rc" "$(( (ended - sent) / 1000 ))e-3" "$left" "$(tail -n 1 "$work/$name.err")"
}

measure cluster "$work/cluster-report" cluster "$work/batch" --report "$work/cluster-report"
measure audit "$work/audit-report" audit "$work/batch" --report "$work/audit-report"
measure gallery-enroll "$work/g.fmgallery" gallery enroll "$work/g.fmgallery" "$work/batch"
measure identify-dir "$work/none" identify --gallery "$work/batch" "$work/batch"
measure train "$work/model.onnx" train "$work/batch" --out "$work/model.onnx" --features-cache "$work/features.bin"
measure eval-pairs "$work/roc.csv" eval-pairs --pairs "$lfw/pairsDevTest.txt" --images "$lfw/images_deepfunneled" --roc-csv "$work/roc.csv"
