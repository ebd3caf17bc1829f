#!/usr/bin/env bash
# Benchmark: the ECSLogo reference job at full size (1920x1080, its own INI), rendered by
# spotray (release build) and by POV-Ray 3.7, BENCH_RUNS times each, in alternation.
# Prints every time, the medians, the ratio spotray/povray, and SSIM/PSNR of the images
# against each other and against the committed POV-Ray reference.
#
#   scripts/bench-ecslogo.sh                  # 3 runs each
#   BENCH_RUNS=5 scripts/bench-ecslogo.sh
#
# Environment:
#   BENCH_RUNS     runs per renderer (default 3)
#   BENCH_THREADS  threads for both renderers (default 2: POV-Ray's +WT2)
#   ECSLOGO_DIR    folder with ECSLogo.zip and reference-povray37-1920x1080.png
#                  (default ../shared/fixtures/ecslogo, beside the repository)
#   SPOTRAY_BIN    a spotray binary to time instead of building target/release/spotray
#
# Needs cargo; installs povray (and unzip) with apt-get when missing. Images and logs
# are left in target/bench-ecslogo/.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-3}
THREADS=${BENCH_THREADS:-2}
ECSLOGO_DIR=${ECSLOGO_DIR:-../shared/fixtures/ecslogo}
ZIP=$ECSLOGO_DIR/ECSLogo.zip
REFERENCE=$ECSLOGO_DIR/reference-povray37-1920x1080.png
OUT=target/bench-ecslogo
SPOTRAY=${SPOTRAY_BIN:-target/release/spotray}

step() { printf '\n==> %s\n' "$*"; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "error: BENCH_RUNS must be a positive integer" >&2; exit 1; }
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || { echo "error: BENCH_THREADS must be a positive integer" >&2; exit 1; }
if [ ! -f "$ZIP" ]; then
  echo "error: no $ZIP; put the shared fixtures beside the repository or set ECSLOGO_DIR" >&2
  exit 1
fi

apt_install() {
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  step "installing $* with apt-get"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "$@"
}
command -v povray >/dev/null 2>&1 || apt_install povray povray-includes
command -v unzip >/dev/null 2>&1 || apt_install unzip

if [ -z "${SPOTRAY_BIN:-}" ]; then
  step "cargo build --release"
  cargo build --release
fi

rm -rf "$OUT"
mkdir -p "$OUT/povray-job"
unzip -q "$ZIP" -d "$OUT/povray-job"
ZIP_ABS=$(cd "$(dirname "$ZIP")" && pwd)/$(basename "$ZIP")
OUT_ABS=$(cd "$OUT" && pwd)

echo
echo "machine:  $(nproc) cores, $(uname -sm)"
echo "spotray:  $SPOTRAY render ECSLogo.zip --threads $THREADS"
echo "POV-Ray:  $(povray --version 2>&1 | grep -m1 '^POV-Ray'), povray ECSLogo.ini -D +WT$THREADS"
echo "runs:     $RUNS each, alternating"

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs a command quietly, its output to the log $1; on failure shows the log and stops.
logged() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: failed: $*" >&2
    exit 1
  fi
}

spotray_times=()
povray_times=()
for run in $(seq 1 "$RUNS"); do
  step "run $run of $RUNS"
  start=$(now)
  logged "$OUT/spotray-$run.log" "$SPOTRAY" render "$ZIP_ABS" -o "$OUT_ABS/spotray.png" --threads "$THREADS" --quiet
  t=$(elapsed "$start" "$(now)")
  spotray_times+=("$t")
  echo "spotray  ${t} s"

  start=$(now)
  (cd "$OUT/povray-job" && logged "$OUT_ABS/povray-$run.log" povray ECSLogo.ini -D "+WT$THREADS" "+O$OUT_ABS/povray.png")
  t=$(elapsed "$start" "$(now)")
  povray_times+=("$t")
  echo "POV-Ray  ${t} s"
done

spotray_median=$(median "${spotray_times[@]}")
povray_median=$(median "${povray_times[@]}")
step "results (1920x1080, $THREADS threads)"
echo "spotray  times: ${spotray_times[*]} s   median ${spotray_median} s"
echo "POV-Ray  times: ${povray_times[*]} s   median ${povray_median} s"
awk -v a="$spotray_median" -v b="$povray_median" 'BEGIN { printf "ratio spotray/povray (medians): %.2f\n", a / b }'

# compare exits 1 only when a --min is given and missed; none is given here.
echo "spotray vs POV-Ray (this run):   $("$SPOTRAY" compare "$OUT/spotray.png" "$OUT/povray.png")"
echo "spotray vs reference:            $("$SPOTRAY" compare "$OUT/spotray.png" "$REFERENCE")"
echo "POV-Ray (this run) vs reference: $("$SPOTRAY" compare "$OUT/povray.png" "$REFERENCE")"
echo "images and logs: $OUT/"
