#!/usr/bin/env bash
# Conformance run: render POV-Ray 3.7's sample scenes with spotray and score each against
# POV-Ray's own render of it (SSIM and PSNR via `spotray compare`).
#
#   scripts/conformance.sh                          # every scene; writes docs/conformance.md
#   scripts/conformance.sh --subset textures/patterns --subset 'advanced/*'
#   scripts/conformance.sh --spotray target/release/spotray --threads 2 --out /tmp/conf
#   scripts/conformance.sh --timing --subset textures/patterns   # also time POV-Ray
#
# Options (scripts/conformance.sh --help for the full list):
#   --subset PATTERN  a folder under scenes/ or a glob on the scene path; repeatable
#   --timeout SECS    per-scene limit (default 60)
#   --threads N       render threads (default: all cores)
#   --jobs J          scenes rendered at once (default 1)
#   --out DIR         keep spotray's images, logs and results.tsv (default: a temp dir)
#   --spotray PATH    binary to test (default: cargo build --release)
#   --refs DIR        references (default ../shared/povray-samples)
#   --doc FILE        markdown report (default docs/conformance.md, for full runs only)
#   --timing          also render with POV-Ray, print spotray/POV-Ray time ratios
#
# Each scene is rendered at 320x240 with Antialias_Threshold=0.3 in a scratch copy of its
# folder, the settings of the references in ../shared/povray-samples (POV-Ray 3.7.0.10's
# renders of the 375 scenes it renders plainly; see its README.md). Without that folder
# the references are rendered here with POV-Ray once and cached in target/conformance-refs/.
# scripts/conformance-check.py re-scores an --out folder independently with scikit-image.
#
# Needs POV-Ray 3.7's scenes and includes (Debian: povray povray-includes povray-examples;
# installed here when missing and running as root with apt-get) and Python 3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# Everything else lives in the Python helper; this wrapper only makes sure its inputs
# exist, so that a fresh CI machine can run it unattended.
packages=(povray povray-includes povray-examples)
have_povray() {
  command -v povray >/dev/null 2>&1 &&
    [ -d /usr/share/povray-3.7/scenes/ ] &&
    [ -d /usr/share/povray-3.7/include ]
}

wants_help=false
for arg in "$@"; do
  case "$arg" in -h | --help) wants_help=true ;; esac
done

if ! $wants_help && ! have_povray; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing ${packages[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "error: POV-Ray 3.7 with its scenes and includes is missing;" \
      "install the Debian packages ${packages[*]} (as root: apt-get install ${packages[*]})" >&2
    exit 1
  fi
  have_povray || {
    echo "error: ${packages[*]} installed, but /usr/share/povray-3.7/{scenes,include} are still missing" >&2
    exit 1
  }
fi

if ! command -v python3 >/dev/null 2>&1; then
  echo "error: python3 is needed (Debian: apt-get install python3)" >&2
  exit 1
fi
exec python3 "$here/conformance.py" "$@"
