#!/usr/bin/env bash
# Builds the libjpeg oracle (gcc -O2 decode.c -ljpeg; Debian: apt-get install -y gcc libjpeg62-turbo-dev) and runs it.
#   run.sh FILE...      prints path<TAB>width<TAB>height<TAB>sha256(RGB) per file (see decode.c)
#   run.sh --fixtures   rewrites tests/FaceMetric.Tests/Fixtures/reference/libjpeg/decoded_sha256.tsv for every
#                       .jpg/.jpeg under Fixtures/ (paths relative to Fixtures/, sorted)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exe="${TMPDIR:-/tmp}/facemetric-libjpeg-oracle"
gcc -O2 -Wall "$here/decode.c" -o "$exe" -ljpeg
if [ "${1:-}" = "--fixtures" ]; then
  fx="$(cd "$here/../../tests/FaceMetric.Tests/Fixtures" && pwd)"
  out="$fx/reference/libjpeg/decoded_sha256.tsv"
  mkdir -p "$(dirname "$out")"
  (cd "$fx" && find . -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) -printf '%P\n' | LC_ALL=C sort \
     | xargs -d '\n' "$exe") > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out ($(wc -l < "$out") files)"
else
  exec "$exe" "$@"
fi
