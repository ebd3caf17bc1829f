#!/usr/bin/env bash
# THE test command: what CI runs (through .ci/run) and what every developer runs.
#
#   scripts/test.sh
#
# On a fresh Debian machine (as root, with apt, PyPI and crates.io reachable) it first
# installs whatever the tests need and is missing, then runs formatting, lint and all
# tests. Some tests need the fixtures in ../shared (next to the repository): with no
# ../shared they are not run (said loudly, and listed at the end); with a ../shared that
# lacks one, they fail. (src/fixtures.rs)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# ---- Prerequisites -------------------------------------------------------------
step "checking prerequisites"
# rustup installs into ~/.cargo/bin, which a non-login shell may not have on its PATH.
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo is not installed; install a Rust toolchain with rustup first" >&2
  exit 1
fi
cargo --version

# `cargo SUBCOMMAND` comes from the rustup component COMPONENT.
need_component() {
  local subcommand=$1 component=$2
  cargo "$subcommand" --version >/dev/null 2>&1 && return
  if ! command -v rustup >/dev/null 2>&1; then
    echo "error: cargo $subcommand is missing and there is no rustup to add $component" >&2
    exit 1
  fi
  step "installing the $component component"
  rustup component add "$component"
}
need_component fmt rustfmt
need_component clippy clippy

# Python tools for the queue-worker tests (issue 3): moto's standalone S3/SQS server.
# The tests (tests/support/moto.rs) run `moto_server` from the PATH, or else
# `python3 -m moto.server`, so a pip bin folder that is not on the PATH does no harm.
moto_ok() { python3 -c 'import moto, moto.server, sys; sys.exit(not moto.__version__.startswith("5."))' >/dev/null 2>&1; }
if ! moto_ok; then
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
    step "installing python3 and pip (for moto)"
    apt-get update -qq
    apt-get install -y -qq python3 python3-pip >/dev/null
  fi
  step "installing moto (S3/SQS emulator)"
  # Debian's own python3 refuses system-wide pip installs (PEP 668) unless told otherwise;
  # older pips ignore the variable.
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet 'moto[server]>=5,<6'
fi
if ! moto_ok; then
  echo "error: moto 5 is still not importable by python3 after installing it" >&2
  exit 1
fi
if command -v moto_server >/dev/null 2>&1; then
  echo "moto $(python3 -c 'import moto; print(moto.__version__)'): $(command -v moto_server)"
else
  echo "moto $(python3 -c 'import moto; print(moto.__version__)'): moto_server is not on the PATH; the tests use python3 -m moto.server"
fi

# POV-Ray's standard include files (Debian's povray-includes): spotray reads them as a
# dependency; tests/standard_includes.rs includes every one, and scripts/container-test.sh
# renders with them on the host to compare with the image's render.
if [ ! -f /usr/share/povray-3.7/include/colors.inc ] && [ -z "${SPOTRAY_POVRAY_INCLUDE:-}" ]; then
  step "installing povray-includes (POV-Ray's standard include files)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq povray-includes >/dev/null
fi

# The aws CLI, for the deployment tests (tests/deploy_*.rs) and scripts/container-test.sh:
# they run the README's Deployment commands against moto.
if ! command -v aws >/dev/null 2>&1; then
  step "installing the aws CLI (for the deployment tests)"
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet awscli
  hash -r
fi
if ! command -v aws >/dev/null 2>&1; then
  # pip may have put it in a bin folder that is not on the PATH.
  PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
  export PATH
fi
command -v aws >/dev/null 2>&1 || { echo "error: the aws CLI is not installed (python3 -m pip install awscli)" >&2; exit 1; }
aws --version 2>&1

# ---- Checks ----------------------------------------------------------------------
step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

# Tests that need ../shared and find none add a line to this file (src/fixtures.rs).
mkdir -p target
SPOTRAY_NOT_RUN_LOG="$PWD/target/not-run.log"
: > "$SPOTRAY_NOT_RUN_LOG"
export SPOTRAY_NOT_RUN_LOG

# Release mode: renders in the golden and worker tests run at full speed, and
# scripts/container-test.sh compares the image's render with target/release/spotray's.
step "cargo test --release --all-targets"
cargo test --release --all-targets

step "cargo test --release --doc"
cargo test --release --doc

# A short chaos run (the full one, scripts/chaos.sh with its defaults, takes minutes):
# workers killed, stopped, given spot notices, the emulator frozen, messages duplicated;
# nothing may be lost or wrong.
step "scripts/chaos.sh --jobs 8 --workers 2 --duration 30"
python3 scripts/chaos.py --spotray target/release/spotray --jobs 8 --workers 2 --duration 30 --drain-timeout 240

# The container image: the whole Dockerfile built with podman (a cold release build in
# the container, about 15 minutes on two cores; its base image is a local stand-in made
# with debootstrap and this machine's toolchain), then renders and the worker against
# moto in it. Needs root (debootstrap; podman and runc are installed with apt-get).
# SPOTRAY_NO_CONTAINER=1 skips it, loudly.
if [ "${SPOTRAY_NO_CONTAINER:-}" = 1 ]; then
  step "SKIPPED: scripts/container-test.sh (SPOTRAY_NO_CONTAINER=1)"
elif [ "$(id -u)" = 0 ] && { command -v podman >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1; }; then
  step "scripts/container-test.sh"
  SPOTRAY_BINARY="$PWD/target/release/spotray" scripts/container-test.sh
else
  step "SKIPPED: scripts/container-test.sh (not root, or no podman and no apt-get to install it)"
fi

step "all checks passed"
if [ -s "$SPOTRAY_NOT_RUN_LOG" ]; then
  echo "NOT RUN: these tests need ../shared (beside the repository), which is absent:"
  sort -u "$SPOTRAY_NOT_RUN_LOG" | sed 's/^/  /'
else
  echo "every test ran"
fi
