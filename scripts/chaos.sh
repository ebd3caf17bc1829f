#!/usr/bin/env bash
# Chaos run: N jobs through M `spotray work` processes against moto while a driver sends
# SIGKILL, SIGTERM and spot notices to workers, freezes the emulator and duplicates
# messages; then checks that nothing was lost or wrong (see scripts/chaos.py).
#
#   scripts/chaos.sh                                  # 30 jobs, 3 workers, 4 minutes of faults
#   scripts/chaos.sh --jobs 8 --workers 2 --duration 30   # what CI runs
#
# Options go to scripts/chaos.py (--jobs, --workers, --duration, --fault-interval,
# --drain-timeout, --seed, --spotray). Needs cargo, python3 with boto3 and moto 5
# (scripts/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " != *" --spotray "* ]]; then
  cargo build --release --quiet
fi
exec python3 scripts/chaos.py "$@"
