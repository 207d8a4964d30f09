#!/usr/bin/env bash
# The newcomer's run: a fresh clone of this repository's committed HEAD into a temporary folder, no .cache, dlib's
# shape predictor hidden (a private mount namespace with an empty tmpfs over /usr/share/dlib), then the README's two
# commands exactly as the README writes them (read from its "The two commands" block), and a summary.
#
# Usage: sudo bash tools/fresh-clone-check.sh [LOG]     (root for unshare/mount; LOG keeps the whole output)
# Not hidden: the NuGet package cache (~/.nuget/packages) and tools already on PATH (npm, ffmpeg).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
log="${1:-$(mktemp)}"

if [ "${FRESH_CLONE_INSIDE:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "fresh-clone-check: needs root (unshare -m, mount)" >&2; exit 1; }
  command -v unshare >/dev/null 2>&1 || { echo "fresh-clone-check: unshare (util-linux) is missing" >&2; exit 1; }
  exec env FRESH_CLONE_INSIDE=1 unshare -m --propagation private bash "$0" "$log"
fi

# Inside the private mount namespace from here on: nothing below is visible to the rest of the machine.
if [ -d /usr/share/dlib ]; then
  mount -t tmpfs none /usr/share/dlib
fi
unset FACEMETRIC_SHAPE_PREDICTOR FACEMETRIC_SKIP_TEST_ASSETS FACEMETRIC_MODELS

work="$(mktemp -d /tmp/facemetric-fresh.XXXXXX)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/FaceMetric"
cd "$work/FaceMetric"

# The README's commands, verbatim: the lines of the first fenced block after "## The two commands", comments dropped.
mapfile -t commands < <(awk '/^## The two commands/ {s=1; next} s && /^```/ {if (f) exit; f=1; next} s && f' README.md \
  | sed 's/[[:space:]]*#.*$//' | sed '/^[[:space:]]*$/d')
[ "${#commands[@]}" -gt 0 ] || { echo "fresh-clone-check: no commands found in README.md" >&2; exit 1; }

{
  echo "fresh clone of $(git -C "$repo" rev-parse --short HEAD) ($(git -C "$repo" rev-parse --abbrev-ref HEAD)) into $work/FaceMetric on $(hostname), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "/usr/share/dlib/shape_predictor_68_face_landmarks.dat: $([ -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] && echo present || echo absent); .cache: $([ -e .cache ] && echo present || echo absent)"
} | tee "$log"

results=()
for c in "${commands[@]}"; do
  echo "\$ $c" | tee -a "$log"
  start=$(date +%s)
  set +e
  bash -c "$c" >>"$log" 2>&1
  rc=$?
  set -e
  results+=("exit $rc in $(( $(date +%s) - start )) s: $c")
done

echo "---- what the test step left in the clone's .cache" | tee -a "$log"
ls -l .cache/dlib/usr/share/dlib/*.dat .cache/face-api/package/model/face_recognition_model.bin 2>&1 | tee -a "$log"
echo "---- summary" | tee -a "$log"
for r in "${results[@]}"; do echo "$r"; done | tee -a "$log"
grep -E '^(Passed|Failed)!|^test-assets: |: error ' "$log" | sort -u
