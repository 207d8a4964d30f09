#!/usr/bin/env bash
# Coverage-guided fuzzing of FaceMetric's readers: SharpFuzz instruments FaceMetric.dll, AFL++ drives each target.
#   bash fuzz/run.sh SECONDS_PER_TARGET [TARGET...]      (targets: jpeg image gallery hog shape pairs; default all)
#   FUZZ_PARALLEL=1 bash fuzz/run.sh ...                 runs the targets at the same time (one afl-fuzz each, with its own
#                                                        output folder), then collects their results one after another
# Needs: afl-fuzz (Debian: apt-get install afl++), the sharpfuzz tool (dotnet tool install SharpFuzz.CommandLine
# --version 2.3.0 --tool-path DIR; set SHARPFUZZ=DIR/sharpfuzz). Runs niced. Work folder: $FUZZ_WORK (default
# /tmp/facemetric-fuzz). Afterwards: each target's queue is copied to fuzz/corpus/TARGET (the CI replay reads it),
# each crash and hang to fuzz/crashes/TARGET, and one line of figures per target is appended to fuzz/stats.tsv.
set -euo pipefail
seconds=${1:?usage: fuzz/run.sh SECONDS_PER_TARGET [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(jpeg image gallery hog shape pairs)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-/tmp/facemetric-fuzz}
sharpfuzz=${SHARPFUZZ:-sharpfuzz}
mkdir -p "$work/out"

# A fresh output folder (an instrumented FaceMetric.dll must not be instrumented twice); the seeds are written by the
# plain build, since instrumented code only runs under AFL.
rm -rf "$work/bin" "$work/seeds"
mkdir -p "$work/out"
nice -n 19 dotnet build "$repo/fuzz/FaceMetric.Fuzz" -c Release -o "$work/bin" -nologo -v q
nice -n 19 dotnet "$work/bin/FaceMetric.Fuzz.dll" seeds "$repo" "$work/seeds"
"$sharpfuzz" "$work/bin/FaceMetric.dll"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
[ -f "$repo/fuzz/stats.tsv" ] || printf 'date\ttarget\tseconds\texecs\texecs_per_sec\tedges_found\ttotal_edges\tcorpus\tcrashes\thangs\n' > "$repo/fuzz/stats.tsv"
fuzz_one() {
  local t=$1 seeds="$work/seeds/$1"
  # Resume from the committed corpus when there is one: earlier runs' coverage is not thrown away.
  if [ -d "$repo/fuzz/corpus/$t" ] && [ -n "$(ls -A "$repo/fuzz/corpus/$t")" ]; then
    cp -n "$repo/fuzz/corpus/$t"/* "$seeds/" 2>/dev/null || true
  fi
  rm -rf "$work/out/$t"
  nice -n 19 afl-fuzz -V "$seconds" -i "$seeds" -o "$work/out/$t" -t 5000 -m none -- dotnet "$work/bin/FaceMetric.Fuzz.dll" "$t" \
    > "$work/out/$t.log" 2>&1 || true
}

# Results are written by one process, target after target, so parallel runs never interleave their writes.
collect() {
  local t=$1 stats="$work/out/$1/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$(get run_time)" "$(get execs_done)" "$(get execs_per_sec)" \
    "$(get edges_found)" "$(get total_edges)" "$(get corpus_count)" "$(get saved_crashes)" "$(get saved_hangs)" >> "$repo/fuzz/stats.tsv"
  mkdir -p "$repo/fuzz/corpus/$t" "$repo/fuzz/crashes/$t"
  # One sha1sum over all files (a shell per file took minutes on a loaded machine); files are named by their hash.
  find "$work/out/$t/default/queue" -maxdepth 1 -type f -size -64k -print0 | xargs -0 -r sha1sum |
    while read -r sum path; do [ -e "$repo/fuzz/corpus/$t/${sum:0:16}" ] || cp "$path" "$repo/fuzz/corpus/$t/${sum:0:16}"; done
  for kind in crashes hangs; do
    find "$work/out/$t/default/$kind" -maxdepth 1 -type f -name 'id:*' -print0 | xargs -0 -r sha1sum |
      while read -r sum path; do cp "$path" "$repo/fuzz/crashes/$t/$kind-${sum:0:16}"; done
  done
}

if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
  for t in "${targets[@]}"; do fuzz_one "$t" & done
  wait
else
  for t in "${targets[@]}"; do fuzz_one "$t"; done
fi
for t in "${targets[@]}"; do collect "$t"; done
tail -n $(( ${#targets[@]} )) "$repo/fuzz/stats.tsv"
