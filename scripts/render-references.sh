#!/usr/bin/env bash
# Regenerate the POV-Ray 3.7 reference renders in tests/golden/ for every sample scene
# in scenes/ (scenes/<name>/<name>.ini), at 320x240, the size tests/golden.rs renders.
#
#   scripts/render-references.sh            # all scenes
#   scripts/render-references.sh spheres    # just the named ones
#
# Needs POV-Ray 3.7 on the PATH (Debian: apt-get install povray povray-includes).
# Area lights with `jitter` make POV-Ray's own output vary slightly from run to run, so
# a regenerated reference is close to, not byte-identical with, the committed one.
set -euo pipefail
cd "$(dirname "$0")/.."

WIDTH=320
HEIGHT=240

if ! command -v povray >/dev/null 2>&1; then
  echo "error: povray is not installed (Debian: apt-get install povray povray-includes)" >&2
  exit 1
fi
version=$(povray --version 2>&1 | grep -m1 '^POV-Ray' || true)
echo "using ${version:-an unknown POV-Ray version}"
case "$version" in
  "POV-Ray 3.7"*) ;;
  *) echo "warning: the references are meant to come from POV-Ray 3.7" >&2 ;;
esac

if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for ini in scenes/*/*.ini; do
    dir=$(basename "$(dirname "$ini")")
    [ "$(basename "$ini" .ini)" = "$dir" ] && names+=("$dir")
  done
fi

for name in "${names[@]}"; do
  out="tests/golden/$name-povray37-${WIDTH}x${HEIGHT}.png"
  log=$(mktemp)
  echo "==> (cd scenes/$name && povray $name.ini -D +WT2 +W$WIDTH +H$HEIGHT +O../../$out)"
  start=$(date +%s.%N)
  if ! (cd "scenes/$name" && povray "$name.ini" -D +WT2 "+W$WIDTH" "+H$HEIGHT" "+O../../$out") >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "error: POV-Ray failed on scenes/$name" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  rm -f "$log"
  awk -v out="$out" -v s="$start" -v e="$end" 'BEGIN { printf "    %s written in %.2f s wall\n", out, e - s }'
done
