#!/usr/bin/env bash
# Assembles the whole file tree of spotray's runtime container image (a FROM scratch image)
# into one folder, so the Dockerfile's runtime stage is a single COPY of it.
#
#   deploy/assemble-rootfs.sh BINARY DEST
#
# BINARY is a built spotray (normally target/release/spotray); DEST must not exist or be
# empty. DEST receives:
#
#   /usr/local/bin/spotray            the binary (stripped when `strip` is available)
#   the dynamic loader and the shared libraries `ldd BINARY` lists, at the same paths
#   /etc/ssl/certs/ca-certificates.crt the CA bundle, for HTTPS to AWS (rustls reads it)
#   /etc/passwd, /etc/group           root and the unprivileged user spotray (10001:10001)
#   /etc/nsswitch.conf                "hosts: files dns" (glibc's resolver is built into libc)
#   /tmp, /scratch                    empty, world-writable with the sticky bit (job scratch)
#   /scenes                           the sample scenes (scenes/ of this repository)
#   /usr/share/povray-3.7/include     POV-Ray's standard include files, fonts and their
#                                     images (Debian's povray-includes, CC-BY-SA-3.0),
#                                     with its copyright file in /usr/share/doc
#
# It runs in the Dockerfile's build stage (Debian bookworm, as root) and in
# scripts/container-test.sh on the host; both are glibc systems with `ldd`. Environment:
#   SCENES_DIR   where the sample scenes are (default: scenes/ next to this script's folder)
#   CA_BUNDLE    the CA bundle to copy (default: /etc/ssl/certs/ca-certificates.crt)
#   POVRAY_INCLUDE  POV-Ray's include folder (default: /usr/share/povray-3.7/include, as
#                Debian's povray-includes installs it)
#   POVRAY_INCLUDE_COPYRIGHT  its copyright file (default: Debian's,
#                /usr/share/doc/povray-includes/copyright)
set -euo pipefail

die() {
  echo "assemble-rootfs: error: $*" >&2
  exit 1
}

[ $# -eq 2 ] || die "usage: $0 BINARY DEST"
binary=$1
dest=$2
here=$(cd "$(dirname "$0")" && pwd)
scenes=${SCENES_DIR:-$here/../scenes}
ca_bundle=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
povray_include=${POVRAY_INCLUDE:-/usr/share/povray-3.7/include}
povray_copyright=${POVRAY_INCLUDE_COPYRIGHT:-/usr/share/doc/povray-includes/copyright}

[ -f "$binary" ] && [ -x "$binary" ] || die "$binary is not an executable file"
[ -d "$scenes" ] || die "no sample scenes at $scenes (set SCENES_DIR)"
[ -s "$ca_bundle" ] || die "no CA bundle at $ca_bundle (install ca-certificates, or set CA_BUNDLE)"
command -v ldd >/dev/null 2>&1 || die "ldd is not installed"
[ -f "$povray_include/colors.inc" ] || die "no POV-Ray include files at $povray_include (apt-get install povray-includes, or set POVRAY_INCLUDE)"
[ -f "$povray_copyright" ] || die "no copyright file for the include files at $povray_copyright"
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  die "$dest exists and is not empty"
fi

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# ---- The binary ------------------------------------------------------------------
install -D -m 0755 "$binary" "$dest/usr/local/bin/spotray"
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded "$dest/usr/local/bin/spotray"
fi

# ---- Its loader and shared libraries, at the paths the binary will look for them ---
# ldd prints "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" for libraries and
# "/lib64/ld-linux-x86-64.so.2 (0x...)" for the loader; linux-vdso has no file. Each is
# copied as a regular file (cp -L) at the path ldd printed, which is where the loader and
# the kernel look: the loader's own path is in the binary, and the libraries' folders are
# in the loader's built-in search list, so no ld.so.cache is needed.
ldd_out=$(ldd "$binary" 2>&1) || die "ldd $binary failed: $ldd_out"
case $ldd_out in
  *"not a dynamic executable"* | *"statically linked"*) libs="" ;;
  *"not found"*) die "ldd $binary: a library is missing:"$'\n'"$ldd_out" ;;
  *) libs=$(printf '%s\n' "$ldd_out" | awk '
      $2 == "=>" && $3 ~ /^\// { print $3; next }
      $1 ~ /^\//               { print $1 }') ;;
esac
for lib in $libs; do
  [ -e "$lib" ] || die "ldd lists $lib but it does not exist"
  mkdir -p "$dest$(dirname "$lib")"
  cp -L "$lib" "$dest$lib"
  chmod 0755 "$dest$lib"
done

# ---- /etc ------------------------------------------------------------------------------
install -D -m 0644 "$ca_bundle" "$dest/etc/ssl/certs/ca-certificates.crt"
cat >"$dest/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
spotray:x:10001:10001:spotray worker:/tmp:/sbin/nologin
EOF
cat >"$dest/etc/group" <<'EOF'
root:x:0:
spotray:x:10001:
EOF
chmod 0644 "$dest/etc/passwd" "$dest/etc/group"
printf 'hosts: files dns\n' >"$dest/etc/nsswitch.conf"

# ---- Scratch space -------------------------------------------------------------------
# World-writable with the sticky bit, like any /tmp: the image's COPY may not keep the
# owner, and an ECS bind-mount volume at /scratch copies these permissions from the image
# (the Dockerfile declares VOLUME /scratch), so user 10001 can write there even with a
# read-only root file system.
mkdir -p "$dest/tmp" "$dest/scratch"
chmod 1777 "$dest/tmp" "$dest/scratch"

# ---- Sample scenes -------------------------------------------------------------------
mkdir -p "$dest/scenes"
cp -R "$scenes/." "$dest/scenes/"
chmod -R u=rwX,go=rX "$dest/scenes"

# ---- POV-Ray's standard include files ------------------------------------------------
# Used as they are, never copied into the repository: a dependency under CC-BY-SA-3.0,
# shipped with its copyright file. spotray looks for them at this path by default.
mkdir -p "$dest/usr/share/povray-3.7/include" "$dest/usr/share/doc/povray-includes"
# -L: Debian links the fonts from fonts-povray; the image needs the files themselves.
cp -RL "$povray_include/." "$dest/usr/share/povray-3.7/include/"
chmod -R u=rwX,go=rX "$dest/usr/share/povray-3.7"
install -m 0644 "$povray_copyright" "$dest/usr/share/doc/povray-includes/copyright"
# The fonts come from Debian's fonts-povray (a dependency of povray-includes): its licence too.
fonts_copyright=$(dirname "$povray_copyright")/../fonts-povray/copyright
if [ -f "$fonts_copyright" ]; then
  install -D -m 0644 "$fonts_copyright" "$dest/usr/share/doc/fonts-povray/copyright"
fi

echo "assemble-rootfs: $dest ($(du -sh "$dest" | cut -f1)):"
(cd "$dest" && find . -type f -printf '  /%P  %s bytes\n' | grep -v '^  /scenes/\|^  /usr/share/povray-3.7/' | sort)
echo "  /scenes: $(find "$dest/scenes" -type f | wc -l) files"
echo "  /usr/share/povray-3.7/include: $(find "$dest/usr/share/povray-3.7/include" -type f | wc -l) files"
