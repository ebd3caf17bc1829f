#!/usr/bin/env bash
# Makes a local stand-in for the official Rust image the Dockerfile builds FROM
# (rust:<version>-bookworm, read from the Dockerfile's ARG RUST_IMAGE), for machines that
# cannot pull from a registry, so that the whole Dockerfile, build stage included, can be
# built and tested there (scripts/container-test.sh does).
#
#   scripts/rust-image-standin.sh [PODMAN_GLOBAL_OPTION...]
#   e.g. scripts/rust-image-standin.sh --runtime runc --root DIR --runroot DIR
#
# What it makes, as the official image has it (buildpack-deps:bookworm plus rustup's
# toolchain), only smaller:
#   - Debian bookworm from debootstrap (minbase) with what a build needs: ca-certificates,
#     curl, git, gcc, libc6-dev, make, pkg-config, xz-utils;
#   - this machine's Rust toolchain (`rustc --version` must be exactly the Dockerfile's
#     version): cargo, rustc, rustdoc and the sysroot's lib/ (no docs), installed in
#     /usr/local/rustup/toolchains/<version>-<host>, with cargo, rustc and rustdoc linked
#     from /usr/local/cargo/bin (no rustup);
#   - ENV RUSTUP_HOME=/usr/local/rustup, CARGO_HOME=/usr/local/cargo, PATH starting with
#     /usr/local/cargo/bin, RUST_VERSION, as in the official image.
# It is imported (podman import) as docker.io/library/rust:<version>-bookworm into the
# podman storage the options name. Unlike the official image, it uses this machine's
# network set-up: the same Debian sources, apt's proxy and date-check settings, and the CA
# certificates added locally (/usr/local/share/ca-certificates), so that apt-get and cargo
# inside a build reach their servers as they do here.
#
# Needs root (debootstrap, chroot), podman, and debootstrap (installed with apt-get when
# missing). The Debian mirror is the host's (DEBIAN_MIRROR overrides it). Work files go
# to a temporary folder under TMPDIR (default /tmp), removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
  echo "rust-image-standin: error: $*" >&2
  exit 1
}
say() { echo "rust-image-standin: $*"; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot)"
command -v podman >/dev/null 2>&1 || die "podman is not installed"

# ---- What to make: the Dockerfile's base image ------------------------------------
ref=$(sed -n 's/^ARG RUST_IMAGE=//p' Dockerfile)
case $ref in
  rust:*-bookworm) ;;
  *) die "the Dockerfile's ARG RUST_IMAGE is '$ref', expected rust:<version>-bookworm" ;;
esac
version=${ref#rust:}
version=${version%-bookworm}
name=docker.io/library/$ref

# ---- This machine's toolchain: exactly that version ---------------------------------
command -v rustc >/dev/null 2>&1 || die "rustc is not installed (need Rust $version)"
have=$(rustc --version)
case $have in
  "rustc $version "*) ;;
  *) die "the Dockerfile builds with Rust $version, but this machine's rustc is '$have': install $version (rustup toolchain install $version; rustup default $version)" ;;
esac
sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
for f in bin/cargo bin/rustc bin/rustdoc lib/rustlib/"$host"/lib; do
  [ -e "$sysroot/$f" ] || die "the toolchain at $sysroot has no $f (a rustup toolchain has)"
done
have_cargo=$("$sysroot/bin/cargo" --version)
case $have_cargo in
  "cargo $version "*) ;;
  *) die "the toolchain's cargo is '$have_cargo', expected cargo $version" ;;
esac

# ---- debootstrap ----------------------------------------------------------------------
if ! command -v debootstrap >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "debootstrap is missing and there is no apt-get to install it"
  say "installing debootstrap with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
# The host's Debian mirror: the first deb822 URIs or one-line `deb` entry naming .../debian.
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '$1 == "URIs:" { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
fi
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
fi
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d "${TMPDIR:-/tmp}/rust-image-standin.XXXXXX")
rootfs=$work/rootfs
cleanup() {
  local rc=$?
  set +e
  # debootstrap mounts /proc and /sys in the target while it runs; never delete through them.
  findmnt -rn -o TARGET | grep -F "$rootfs" | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf --one-file-system "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
say "debootstrap bookworm from $mirror"
packages=ca-certificates,curl,git,gcc,libc6-dev,make,pkg-config,xz-utils
debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  die "debootstrap failed (log above)"
}
say "debootstrap done in $(($(date +%s) - started)) s"

# ---- This machine's apt sources and network settings -----------------------------------
rm -f "$rootfs/etc/apt/sources.list"
[ ! -s /etc/apt/sources.list ] || cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  cp "$f" "$rootfs/etc/apt/sources.list.d/"
  # Keys a source names that the new system lacks come from the host.
  sed -n 's/^Signed-By:[[:space:]]*\(\/[^[:space:]]*\).*/\1/p; s/.*signed-by=\(\/[^] ]*\).*/\1/p' "$f" |
    while read -r key; do
      [ -e "$rootfs$key" ] || [ ! -f "$key" ] || install -D -m 0644 "$key" "$rootfs$key"
    done
done
for f in /etc/apt/apt.conf.d/*; do
  if [ -f "$f" ] && grep -Eqi '^[[:space:]]*Acquire::(https?|ftp|Check-Valid-Until|Check-Date)' "$f"; then
    cp "$f" "$rootfs/etc/apt/apt.conf.d/"
  fi
done
if [ -d /usr/local/share/ca-certificates ] && [ -n "$(ls -A /usr/local/share/ca-certificates)" ]; then
  cp -R /usr/local/share/ca-certificates/. "$rootfs/usr/local/share/ca-certificates/"
  out=$(chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin update-ca-certificates 2>&1) || {
    echo "$out" >&2
    die "update-ca-certificates failed"
  }
  say "added this machine's local CA certificates:" \
    "$(cd /usr/local/share/ca-certificates && find . -name '*.crt' | sed 's|^\./||' | sort | paste -sd ' ')"
fi
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb

# ---- The toolchain, laid out as in the official image ------------------------------------
toolchain=/usr/local/rustup/toolchains/$version-$host
mkdir -p "$rootfs$toolchain/bin" "$rootfs/usr/local/cargo/bin"
cp -a "$sysroot/bin/cargo" "$sysroot/bin/rustc" "$sysroot/bin/rustdoc" "$rootfs$toolchain/bin/"
cp -a "$sysroot/lib" "$rootfs$toolchain/"
for tool in cargo rustc rustdoc; do
  ln -s "../../rustup/toolchains/$version-$host/bin/$tool" "$rootfs/usr/local/cargo/bin/$tool"
done
chmod -R a+rX,go-w "$rootfs/usr/local/rustup" "$rootfs/usr/local/cargo"
say "toolchain from $sysroot: $(du -sh "$rootfs/usr/local/rustup" | cut -f1) in $toolchain"

# ---- Import ----------------------------------------------------------------------------------
say "podman import as $name (root file system $(du -sh "$rootfs" | cut -f1))"
tar -C "$rootfs" --numeric-owner -cf - . |
  podman "$@" import --quiet \
    --change "ENV RUSTUP_HOME=/usr/local/rustup" \
    --change "ENV CARGO_HOME=/usr/local/cargo" \
    --change "ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV RUST_VERSION=$version" \
    --change 'CMD ["bash"]' \
    - "$name" >/dev/null || die "podman import failed"

# ---- Check: the toolchain runs and links a program, as the build will use it ----------------
check=$(podman "$@" run --rm --network none "$name" sh -c '
  set -e
  cargo --version
  rustc --version
  printf "fn main() { println!(\"hello from rustc\"); }\n" >/tmp/hello.rs
  rustc -O -o /tmp/hello /tmp/hello.rs
  /tmp/hello' 2>&1) || {
  echo "$check" >&2
  die "the toolchain does not run in $name"
}
while IFS= read -r line; do echo "  $line"; done <<<"$check"
say "made $name in $(($(date +%s) - started)) s"
