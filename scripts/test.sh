#!/usr/bin/env bash
# THE test command: what CI runs (through .ci/run) and what every developer runs.
#
#   scripts/test.sh
#
# On a fresh Debian machine (as root, with apt, PyPI and crates.io reachable) it first
# installs whatever the tests need and is missing, then runs formatting, lint and all
# tests. The golden tests need the ECSLogo fixture in ../shared (next to the repository);
# set SPOTRAY_NO_SHARED=1 to skip what needs it, loudly.
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

# Python tools for the queue-worker tests go here (issue 3), for example:
#   if ! command -v moto_server >/dev/null 2>&1; then
#     step "installing moto (S3/SQS emulator)"
#     python3 -m pip install 'moto[server]'
#   fi

# ---- Checks ----------------------------------------------------------------------
step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

step "cargo test --all-targets"
cargo test --all-targets

step "cargo test --doc"
cargo test --doc

step "all checks passed"
