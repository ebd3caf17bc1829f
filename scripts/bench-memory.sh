#!/usr/bin/env bash
# Benchmark: memory and time of big scenes, spotray beside POV-Ray 3.7 on the same scene.
# A `#while` grid of N^3 spheres, each with its own colour and a shared finish, at
# 320x240 (46^3 = 97,336 and 100^3 = 1,000,000 spheres by default). Each renderer runs
# BENCH_RUNS times, in alternation; prints wall time and peak resident memory of every
# run, the medians and the ratios spotray/POV-Ray, and SSIM of the two images.
#
#   scripts/bench-memory.sh                   # 46 and 100 spheres a side, 3 runs each
#   BENCH_SIDES="46" BENCH_RUNS=1 scripts/bench-memory.sh
#
# Environment:
#   BENCH_SIDES    spheres per side of each grid (default "46 100")
#   BENCH_RUNS     runs per renderer (default 3)
#   BENCH_THREADS  threads for both renderers (default 2)
#   SPOTRAY_BIN    a spotray binary to time instead of building target/release/spotray
#
# Needs cargo and python3; installs povray with apt-get when missing. Scenes, images and
# logs are left in target/bench-memory/.
set -euo pipefail
cd "$(dirname "$0")/.."

SIDES=${BENCH_SIDES:-46 100}
RUNS=${BENCH_RUNS:-3}
THREADS=${BENCH_THREADS:-2}
OUT=target/bench-memory
SPOTRAY=${SPOTRAY_BIN:-target/release/spotray}

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "error: BENCH_RUNS must be a positive integer" >&2; exit 1; }
if ! command -v povray >/dev/null; then
  sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq povray >/dev/null
fi
if [ -z "${SPOTRAY_BIN:-}" ]; then
  cargo build --release --quiet
fi
mkdir -p "$OUT"

for side in $SIDES; do
  scene=$OUT/spheres$side.pov
  cat > "$scene" <<POV
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -1.3 * $side> look_at 0 angle 50 }
light_source { <-30, 60, -80> * $side / 46, rgb 1 }
#declare N = $side;
#declare I = 0;
#while (I < N)
  #declare J = 0;
  #while (J < N)
    #declare K = 0;
    #while (K < N)
      sphere { <I - N/2, J - N/2, K - N/2> * 0.9, 0.3 pigment { rgb <I/N, J/N, K/N> } finish { phong 0.5 } }
      #declare K = K + 1;
    #end
    #declare J = J + 1;
  #end
  #declare I = I + 1;
#end
POV
  python3 - "$SPOTRAY" "$scene" "$OUT" "$side" "$RUNS" "$THREADS" <<'PY'
import os, resource, statistics, subprocess, sys, time
spotray, scene, out, side, runs, threads = sys.argv[1:]
runs, threads = int(runs), int(threads)
commands = {
    "spotray": [spotray, "render", "-q", scene, "--width", "320", "--height", "240",
                "--threads", str(threads), "--max-memory", "none", "-o", f"{out}/spotray{side}.png"],
    "povray": ["povray", f"+I{scene}", "+W320", "+H240", f"+WT{threads}", "-D", "-V", "-GA",
               f"+O{out}/povray{side}.png"],
}
figures = {name: [] for name in commands}
for run in range(runs):
    for name, cmd in commands.items():
        started = time.monotonic()
        with open(f"{out}/{name}{side}.log", "w") as log:
            child = subprocess.Popen(cmd, stdout=log, stderr=log)
            _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        if status != 0:
            sys.exit(f"{name} failed on {scene} (status {status}); see {out}/{name}{side}.log")
        mib = usage.ru_maxrss / 1024
        figures[name].append((seconds, mib))
        print(f"{int(side)**3:>9} spheres  run {run + 1}  {name:8} {seconds:7.2f} s  {mib:8.1f} MiB", flush=True)
med = {n: (statistics.median(s for s, _ in f), statistics.median(m for _, m in f)) for n, f in figures.items()}
print(f"{int(side)**3:>9} spheres  median   spotray {med['spotray'][0]:.2f} s {med['spotray'][1]:.1f} MiB"
      f" | povray {med['povray'][0]:.2f} s {med['povray'][1]:.1f} MiB"
      f" | ratio time {med['spotray'][0] / med['povray'][0]:.2f} memory {med['spotray'][1] / med['povray'][1]:.2f}")
cmp = subprocess.run([spotray, "compare", f"{out}/spotray{side}.png", f"{out}/povray{side}.png"],
                     capture_output=True, text=True)
print(f"{int(side)**3:>9} spheres  images   {cmp.stdout.strip()}")
PY
done
