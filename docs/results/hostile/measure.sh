#!/usr/bin/env bash
# Issue 14's CLI measurements, raw outputs beside this script. Debug build of the CLI (CONFIG=Release for the Release
# build: dotnet build samples/FaceMetric.Cli -c Release), niced (the machine is shared).
#   bash docs/results/hostile/measure.sh hostile|batch|memory [N]
set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
here="$repo/docs/results/hostile"
cli=(dotnet "$repo/samples/FaceMetric.Cli/bin/${CONFIG:-Debug}/net10.0/FaceMetric.Cli.dll")
files=${HOSTILE_FILES:-/tmp/hostile_files}
lfw="$repo/../shared/data/lfw/images_deepfunneled"

timed() { # name, command...: /usr/bin/time -v, exit code, stdout/stderr heads
  local name=$1; shift
  { echo "### $name"; echo "\$ $*"; } >> "$out"
  ( nice -n 10 /usr/bin/time -v "$@" > "/tmp/hostile_$name.stdout" 2> "/tmp/hostile_$name.stderr"; echo "exit code: $?" >> "$out" )
  head -c 600 "/tmp/hostile_$name.stdout" >> "$out"; echo >> "$out"
  grep -v '^\s' "/tmp/hostile_$name.stderr" | head -5 >> "$out"
  grep -E 'Elapsed \(wall|Maximum resident' "/tmp/hostile_$name.stderr" >> "$out"
  echo >> "$out"
}

case ${1:-hostile} in
hostile)
  out="$here/hostile_inputs.txt"; : > "$out"
  python3 "$here/make_hostile_files.py" "$repo" "$files" >/dev/null
  ls -l "$files" >> "$out"; echo >> "$out"
  timed dnl "${cli[@]}" embed "$files/dnl_20000.jpg" --json
  timed ztxt "${cli[@]}" embed "$files/ztxt_1gib.png" --json
  timed itxt "${cli[@]}" embed "$files/itxt_512mib.png" --json
  timed fifo timeout 60 "${cli[@]}" embed "$files/fifo.jpg" --json
  timed loop timeout 60 "${cli[@]}" embed "$files/loop" --json
  ;;
batch)
  # 1,000 LFW photos, 10 of them replaced by damaged copies (truncated at half; EOI 100 bytes into the scan).
  out="$here/batch_1000_with_10_damaged.txt"; : > "$out"
  dir=/tmp/hostile_batch; rm -rf "$dir"; mkdir -p "$dir"
  find "$lfw" -name '*.jpg' | sort | head -1000 | while read -r f; do cp "$f" "$dir/"; done
  python3 - "$dir" <<'PY'
import os, struct, sys
d = sys.argv[1]; names = sorted(os.listdir(d))
for i, n in enumerate(names[::100][:10]):
    b = open(os.path.join(d, n), "rb").read()
    if i % 2 == 0:
        b = b[:len(b) // 2]
    else:
        p = 2
        while b[p + 1] != 0xDA:
            p += 2 + struct.unpack(">H", b[p + 2:p + 4])[0]
        s = p + 2 + struct.unpack(">H", b[p + 2:p + 4])[0]
        b = b[:s + 100] + b"\xff\xd9" + b[s + 100:]
    open(os.path.join(d, n), "wb").write(b)
    print("damaged", n)
PY
  timed batch "${cli[@]}" embed "$dir" --jsonl
  { echo "lines: $(wc -l < /tmp/hostile_batch.stdout)"; echo "results with faces key: $(grep -c '"faces"' /tmp/hostile_batch.stdout)";
    echo "error entries: $(grep -c '"error"' /tmp/hostile_batch.stdout)"; echo "stderr error lines: $(grep -c '^facemetric: error:' /tmp/hostile_batch.stderr)"; } >> "$out"
  ;;
memory)
  # Peak memory of embed --jsonl against embed --json over the same N LFW photos (the first N in sorted path order),
  # one run after the other.
  n=${2:-1000}
  out="$here/embed_memory_${n}.txt"; : > "$out"
  { echo "host $(hostname), $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB; started $(date -u +%FT%TZ);" \
      "commit $(git -C "$repo" rev-parse --short HEAD); CLI ${CONFIG:-Debug} build; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"; echo; } >> "$out"
  dir=/tmp/hostile_mem_$n; rm -rf "$dir"; mkdir -p "$dir"
  find "$lfw" -name '*.jpg' | sort | head -"$n" | while read -r f; do cp "$f" "$dir/"; done
  echo "photos: $(ls "$dir" | wc -l)" >> "$out"
  timed jsonl "${cli[@]}" embed "$dir" --jsonl
  { echo "jsonl lines: $(wc -l < /tmp/hostile_jsonl.stdout); with faces: $(grep -c '"faces"' /tmp/hostile_jsonl.stdout);" \
      "errors: $(grep -c '"error"' /tmp/hostile_jsonl.stdout); with warnings: $(grep -c '"warnings"' /tmp/hostile_jsonl.stdout)"; echo; } >> "$out"
  timed json "${cli[@]}" embed "$dir" --json
  { echo "json bytes: $(wc -c < /tmp/hostile_json.stdout); warnings entries: $(grep -o '"warnings"' /tmp/hostile_json.stdout | wc -l); error entries: $(grep -o '"error"' /tmp/hostile_json.stdout | wc -l)"; echo "finished $(date -u +%FT%TZ)"; } >> "$out"
  ;;
esac
cat "$out"
