#!/usr/bin/env bash
# End to end against dlib: the same photos through dlib 19.24's own C++ pipeline
# (tools/bench-end-to-end/dlib_pipeline.cpp, built here with -O3 -march=native against Debian's libdlib-dev, network on
# OpenBLAS) and through `facemetric embed` (Release, published ReadyToRun) with dlib's front end and with the default
# one; whole processes, one after the other, the order rotated each round; prints per side the median wall time, CPU
# time (user + sys) and peak resident memory over the rounds, and the ratios to dlib. Checks that dlib's front end finds
# exactly dlib's boxes on every photo, and that the overlapped run (all cores) gives the descriptors of a one-worker
# run, byte for byte.
#
#   bash tools/bench-end-to-end.sh [--rounds N] [--memory] [PHOTO_LIST]
#
# PHOTO_LIST: one path per line; default: every JPEG/PNG photo of ../shared/data outside lfw/ (LFW has its own run) and
# dlib/examples/johns/ (55 aligned chips, not photos): 123 photos of 96 to 2204 px.
# --memory: instead, peak memory of a 1,000-photo `embed --jsonl` run (the first 1,000 LFW View 1 images in name order)
# beside dlib's pipeline on the same photos.
# Needs: g++, pkg-config, libdlib-dev, libopenblas-dev (apt-get install -y g++ pkg-config libdlib-dev libopenblas-dev),
# dlib's 68-point model at /usr/share/dlib (libdlib-data), GNU time (/usr/bin/time), python3, the .NET SDK.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(cd "$root/../shared/data" && pwd)"
rounds=3
memory=0
list=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --memory) memory=1; shift ;;
    *) list="$1"; shift ;;
  esac
done

work="${TMPDIR:-/tmp}/facemetric-bench-e2e"
mkdir -p "$work"
predictor=/usr/share/dlib/shape_predictor_68_face_landmarks.dat
[ -f "$predictor" ] || { echo "bench: $predictor is missing (apt-get install libdlib-data)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 1; }

if [ -z "$list" ]; then
  list="$work/photos.txt"
  if [ "$memory" = 1 ]; then
    find "$data/lfw" -name '*.jpg' | LC_ALL=C sort | sed -n '1,1000p' > "$list"
  else
    find "$data" -path "$data/lfw" -prune -o -path "$data/dlib/examples/johns" -prune -o -type f \
      \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -print | LC_ALL=C sort > "$list"
  fi
fi
mapfile -t photos < "$list"

# Two builds of dlib's pipeline: -O3 -march=native, how dlib is built for speed (timed); -O2 for baseline x86-64, the
# rounding FaceMetric reproduces bit for bit (boxes checked; -march=native lets the compiler fuse multiply-adds in
# dlib's HOG code, which moves a few scores and with them an occasional box).
dlib_exe="$work/dlib_pipeline"
dlib_o2="$work/dlib_pipeline_o2"
src="$root/tools/bench-end-to-end/dlib_pipeline.cpp"
if [ ! -x "$dlib_exe" ] || [ "$src" -nt "$dlib_exe" ]; then
  g++ -O3 -march=native -std=c++17 "$src" -o "$dlib_exe" $(pkg-config --cflags --libs dlib-1)
fi
if [ ! -x "$dlib_o2" ] || [ "$src" -nt "$dlib_o2" ]; then
  g++ -O2 -std=c++17 "$src" -o "$dlib_o2" $(pkg-config --cflags --libs dlib-1)
fi
# FaceMetric as a .NET app is deployed: published for this machine's runtime identifier, ReadyToRun (its assemblies and
# their packages' compiled ahead of time, as dlib's C++ is; the hot loops that test for AVX-512 are still compiled at run
# time for this CPU). Against the plain build output it saves the start-up JIT: 123 photos, default front end, 2026-12-05,
# three alternating runs each: 7.11 -> 6.65 s wall (median); the JIT 4.7% of the CPU samples -> 1.5%.
rid="linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true "$root/samples/FaceMetric.Cli" \
  -o "$work/fm" -v q -nologo >/dev/null
fm="$work/fm/FaceMetric.Cli"
ldd "$dlib_exe" | grep -q openblas || echo "bench: warning: dlib is not linked to OpenBLAS (apt-get install libopenblas-dev)" >&2

# run NAME OUT CMD...: one whole-process run, "NAME wall cpu rss_kb" appended to $work/times.txt.
run() {
  local name="$1" out="$2"; shift 2
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@" > "$out" 2> "$work/stderr.txt" \
    || { echo "bench: $name failed:" >&2; tail -n 5 "$work/stderr.txt" >&2; exit 1; }
  read -r wall user sys rss < "$work/time.txt"
  echo "$name $wall $(echo "$user + $sys" | bc) $rss" >> "$work/times.txt"
}

format=--json
[ "$memory" = 1 ] && format=--jsonl
: > "$work/times.txt"
sides=(dlib fm-dlib fm-default)
echo "host: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%F); ${#photos[@]} photos; $rounds rounds; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#sides[@]}; k++)); do
    side="${sides[$(((k + r) % ${#sides[@]}))]}"
    case "$side" in
      dlib) OPENBLAS_NUM_THREADS=$(nproc) run dlib "$work/dlib.txt" "$dlib_exe" "$predictor" "$list" ;;
      fm-dlib) run fm-dlib "$work/fm-dlib.json" "$fm" embed --front-end dlib $format "${photos[@]}" ;;
      fm-default) run fm-default "$work/fm-default.json" "$fm" embed $format "${photos[@]}" ;;
    esac
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# dlib's baseline build once, for the boxes; the one-worker run of dlib's front end, whose output must equal the
# overlapped run's byte for byte.
OPENBLAS_NUM_THREADS=$(nproc) "$dlib_o2" "$predictor" "$list" > "$work/dlib-o2.txt"
"$fm" embed --front-end dlib --workers 1 $format "${photos[@]}" > "$work/fm-dlib-1.json" 2>/dev/null
cmp -s "$work/fm-dlib.json" "$work/fm-dlib-1.json" && same=identical || same=DIFFERENT

python3 - "$work" "$same" "$format" <<'EOF'
import json, statistics, sys
work, same, fmt = sys.argv[1], sys.argv[2], sys.argv[3]
runs = {}
for line in open(f"{work}/times.txt"):
    name, wall, cpu, rss = line.split()
    runs.setdefault(name, []).append((float(wall), float(cpu), int(rss) / 1024))
med = {n: tuple(statistics.median(v[i] for v in r) for i in range(3)) for n, r in runs.items()}
print(f"| side | wall s (median) | CPU s | peak RSS MB | dlib wall / side wall | side CPU / dlib CPU | side RSS / dlib RSS |")
print("|---|---:|---:|---:|---:|---:|---:|")
d = med["dlib"]
for n in ("dlib", "fm-dlib", "fm-default"):
    w, c, m = med[n]
    print(f"| {n} | {w:.2f} | {c:.2f} | {m:.0f} | {d[0] / w:.2f}x | {c / d[1]:.2f} | {m / d[2]:.2f} |")
print("rounds (wall s):", {n: [v[0] for v in r] for n, r in runs.items()})

# dlib's boxes (baseline build) against FaceMetric's dlib front end, photo by photo.
def boxes(path):
    found, stages = {}, ""
    for line in open(path):
        if line.startswith("#"):
            stages = line.strip()
            continue
        parts = line.rstrip("\n").split("\t")
        found[parts[0]] = None if parts[1] == "error" else sorted(tuple(int(v) for v in b.split(",")) for b in parts[2:])
    return found, stages
dlib, _ = boxes(f"{work}/dlib-o2.txt")
native, stages = boxes(f"{work}/dlib.txt")
fused = sum(1 for p in dlib if native.get(p) != dlib[p])
text = open(f"{work}/fm-dlib.json").read()
images = [json.loads(l) for l in text.splitlines() if l.strip()] if fmt == "--jsonl" else json.loads(text)["images"]
agree = faces = 0
for img in images:
    fm = sorted((round(f["box"][0]), round(f["box"][1]), round(f["box"][0] + f["box"][2] - 1), round(f["box"][1] + f["box"][3] - 1)) for f in img.get("faces", []))
    faces += len(fm)
    if dlib.get(img["path"]) == fm:
        agree += 1
    else:
        print("boxes differ:", img["path"], dlib.get(img["path"]), fm)
print(f"dlib's front end: boxes identical to dlib's (-O2 build) on {agree}/{len(images)} photos ({faces} faces); overlapped vs one worker: {same}")
print(f"dlib -O3 -march=native vs dlib -O2: boxes differ on {fused} photos (fused multiply-adds)")
print("dlib stages (last round):", stages)
EOF
