#!/usr/bin/env bash
# Builds spotray's container image from the project's Dockerfile and tests it for real:
# size, non-root user, the file tree, renders (one using POV-Ray's textures.inc and
# woods.inc), and the queue worker inside the container against moto (S3 + SQS on the
# host's loopback) set up the way the README's Deployment guide sets up AWS: bucket, queue
# with a dead-letter queue, queue policy and S3 event notification from deploy/, jobs
# uploaded to jobs/*.zip.
#
#   scripts/container-test.sh
#
# No Docker engine and no registry are needed: the image is built with podman (runc).
# By default the whole Dockerfile is built, build stage included, as `docker build .`
# builds it: its base image rust:<version>-bookworm, which cannot be pulled here, is a
# local stand-in made by scripts/rust-image-standin.sh (Debian bookworm from debootstrap
# with this machine's Rust toolchain, which must be that exact version), and the build
# fetches crates from crates.io and Debian packages with apt-get over the host's network.
# That is a cold release build: about 15 minutes on two cores.
#
# SPOTRAY_CONTAINER_PREBUILT=1 is the quick path for local iterations: the build stage is
# replaced by a local folder (podman build --build-context build=DIR) filled by
# deploy/assemble-rootfs.sh from target/release/spotray (`cargo build --release` here) or
# from SPOTRAY_BINARY=PATH. It does not test the Dockerfile's build stage.
#
# In the full build, SPOTRAY_BINARY=PATH (scripts/test.sh passes its release build) also
# renders the textures.inc/woods.inc scene on the host, and the container's picture must
# match it (same sources, same toolchain).
#
# podman keeps its storage (overlay driver; SPOTRAY_CONTAINER_STORAGE=vfs to change it,
# and vfs is used if overlay does not work) in a temporary folder removed at the end.
#
# Needs: root (or podman/runc already installed: they are installed with apt-get when
# missing; the full build also needs root for debootstrap), python3 with moto 5
# (scripts/test.sh installs it) and the aws CLI (installed with pip when missing).
# Exits non-zero, with a message saying what failed, on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

started=$(date +%s)
prebuilt=${SPOTRAY_CONTAINER_PREBUILT:-0}
MAX_IMAGE_BYTES=${MAX_IMAGE_BYTES:-30000000} # 30 MB
BUCKET=spotray-container-test
QUEUE=spotray-jobs
DLQ=spotray-jobs-dead
MAX_RECEIVE_COUNT=10 # > the worker's --max-receives (5)
SIZE=(160 120)       # the test renders are small: this is about the image, not the renderer

step() { printf '\n==> %s\n' "$*"; }
fail() {
  printf '\ncontainer-test: FAILED: %s\n' "$*" >&2
  exit 1
}
elapsed() { echo "$(($(date +%s) - started)) s"; }

# ---- Prerequisites --------------------------------------------------------------------
step "checking prerequisites"
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "$* missing, and only root with apt-get can install them here"
  fi
  echo "installing $* with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
# POV-Ray's include files: the quick path copies the host's into the image, and a host
# render with SPOTRAY_BINARY reads them.
if [ "$prebuilt" = 1 ] || [ -n "${SPOTRAY_BINARY:-}" ]; then
  [ -f /usr/share/povray-3.7/include/colors.inc ] || missing+=(povray-includes)
fi
if [ "$prebuilt" != 1 ]; then
  [ "$(id -u)" = 0 ] || fail "the full build makes its base image with debootstrap: run as root, or set SPOTRAY_CONTAINER_PREBUILT=1"
  command -v rustc >/dev/null 2>&1 || fail "rustc is missing: the base image's stand-in copies this machine's Rust toolchain"
fi
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
command -v python3 >/dev/null 2>&1 || fail "python3 is missing (scripts/test.sh installs it with moto)"
python3 -c 'import moto.server' >/dev/null 2>&1 ||
  fail "moto is not installed: python3 -m pip install 'moto[server]>=5,<6' (scripts/test.sh does)"
if ! command -v aws >/dev/null 2>&1; then
  echo "installing the aws CLI with pip"
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet awscli ||
    fail "could not install the aws CLI (python3 -m pip install awscli)"
  hash -r
  if ! command -v aws >/dev/null 2>&1; then
    aws_bin=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
    export PATH="$aws_bin:$PATH"
  fi
  command -v aws >/dev/null 2>&1 || fail "the aws CLI is installed but not on the PATH"
fi
echo "$(podman --version), runc $(runc --version | head -n1 | awk '{print $3}'), $(aws --version 2>&1 | cut -d' ' -f1), moto $(python3 -c 'import moto; print(moto.__version__)')"

# ---- Scratch space and clean-up ---------------------------------------------------------
work=$(mktemp -d /tmp/spotray-container-test.XXXXXX)
image=localhost/spotray:container-test-$$
moto_pid=""
podman_ready=""

# podman with its own storage under $work, runc, and no ulimits it cannot set here.
cat >"$work/containers.conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF=$work/containers.conf
mkdir -p "$work/podman-tmp"
podman_opts=(--runtime runc --root "$work/storage" --runroot "$work/run" --tmpdir "$work/podman-tmp")
pm() { podman "${podman_opts[@]}" --storage-driver "$storage_driver" "$@"; }

cleanup() {
  local rc=$?
  set +e
  if [ -n "$moto_pid" ]; then
    kill "$moto_pid" 2>/dev/null
    wait "$moto_pid" 2>/dev/null
  fi
  if [ -n "$podman_ready" ]; then
    pm rm --all --force --volumes >/dev/null 2>&1
    pm rmi --all --force >/dev/null 2>&1
    pm volume prune --force >/dev/null 2>&1
  fi
  # Whatever is still mounted under $work (overlay layers, a debootstrap's /proc) is
  # unmounted first, and rm never crosses into another file system.
  findmnt -rn -o TARGET | grep -F "$work/" | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf --one-file-system "$work"
  if [ $rc -eq 0 ]; then
    printf '\ncontainer-test: all checks passed in %s\n' "$(elapsed)"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# overlay shares layers; vfs (always works) copies every layer in full, and the build
# stage's layers hold a Debian system with a Rust toolchain (about 1 GB each).
storage_driver=${SPOTRAY_CONTAINER_STORAGE:-overlay}
if ! pm info >"$work/podman-info.txt" 2>&1; then
  [ "$storage_driver" != vfs ] || {
    cat "$work/podman-info.txt" >&2
    fail "podman info failed"
  }
  echo "the $storage_driver storage driver does not work here; using vfs:"
  sed 's/^/  /' "$work/podman-info.txt" | tail -n 3
  rm -rf "$work/storage" "$work/run"
  storage_driver=vfs
  pm info >/dev/null || fail "podman info failed"
fi
podman_ready=1
echo "podman storage: $storage_driver, in $work"

# ---- Build -----------------------------------------------------------------------------------
if [ "$prebuilt" = 1 ]; then
  if [ -n "${SPOTRAY_BINARY:-}" ]; then
    binary=$SPOTRAY_BINARY
    [ -x "$binary" ] || fail "SPOTRAY_BINARY=$binary is not executable"
  else
    step "cargo build --release"
    cargo build --release || fail "cargo build --release failed"
    binary=$repo/target/release/spotray
  fi

  step "assembling the image's root file system (deploy/assemble-rootfs.sh)"
  deploy/assemble-rootfs.sh "$binary" "$work/build/out/rootfs" ||
    fail "deploy/assemble-rootfs.sh failed"

  step "podman build (SPOTRAY_CONTAINER_PREBUILT=1: Dockerfile, build stage = $work/build)"
  build_args=(--build-context "build=$work/build")
else
  step "making the base image's stand-in (scripts/rust-image-standin.sh)"
  standin_started=$(date +%s)
  TMPDIR=$work scripts/rust-image-standin.sh "${podman_opts[@]}" --storage-driver "$storage_driver" ||
    fail "scripts/rust-image-standin.sh failed"
  standin_s=$(($(date +%s) - standin_started))

  # As `docker build .` does: crates from crates.io, povray-includes with apt-get.
  step "podman build: the whole Dockerfile (cold release build, network: host)"
  build_args=(--network host)
fi
build_started=$(date +%s)
# The build's steps and cargo's summary lines as they come; the whole log on failure.
set +e
pm build --pull=never "${build_args[@]}" --target runtime -f Dockerfile -t "$image" . 2>&1 |
  tee "$work/build.log" | grep --line-buffered -E '^(\[[0-9/]+\] )?STEP|^ *(Finished|error|warning)'
build_rc=${PIPESTATUS[0]}
set -e
if [ "$build_rc" -ne 0 ]; then
  tail -n 60 "$work/build.log" >&2
  fail "podman build failed (status $build_rc; the last lines of its log are above)"
fi
build_s=$(($(date +%s) - build_started))
echo "built $image in $build_s s"

# ---- The image's configuration ------------------------------------------------------------
step "checking the image's size and configuration"
inspect() { pm image inspect --format "$1" "$image"; }
size=$(inspect '{{.Size}}')
printf 'image size: %s bytes (%s MB; limit %s MB)\n' "$size" \
  "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')" "$((MAX_IMAGE_BYTES / 1000000))"
[ "$size" -lt "$MAX_IMAGE_BYTES" ] || fail "the image is $size bytes, over the $MAX_IMAGE_BYTES-byte limit"

user=$(inspect '{{.Config.User}}')
echo "user: $user"
case $user in
  10001 | 10001:10001) ;;
  *) fail "the image runs as user '$user', expected 10001 (non-root)" ;;
esac
entrypoint=$(inspect '{{json .Config.Entrypoint}}')
cmd=$(inspect '{{json .Config.Cmd}}')
echo "entrypoint: $entrypoint, cmd: $cmd"
[ "$entrypoint" = '["/usr/local/bin/spotray"]' ] || fail "unexpected entrypoint $entrypoint"
[ "$cmd" = '["work"]' ] || fail "unexpected cmd $cmd (the default command must be the worker)"
env=$(inspect '{{json .Config.Env}}')
echo "env: $env"
case $env in *'"PATH=/usr/local/bin"'*) ;; *) fail "PATH=/usr/local/bin is not set in the image" ;; esac
volumes=$(inspect '{{json .Config.Volumes}}')
echo "volumes: $volumes"
case $volumes in *'"/scratch"'*) ;; *) fail "the image does not declare VOLUME /scratch" ;; esac

step "checking the image's files"
pm create --name "files-$$" "$image" >/dev/null || fail "podman create failed"
pm export "files-$$" | tar -tvf - >"$work/files.txt" || fail "podman export failed"
pm rm "files-$$" >/dev/null
echo "$(wc -l <"$work/files.txt") entries; files:"
awk '$1 !~ /^d/ { print "  " $NF " (" $3 " bytes)" }' "$work/files.txt" |
  grep -v '  \(\./\)\?\(scenes\|usr/share/povray-3.7\)/' || true
echo "  and $(grep -c ' \(\./\)\?scenes/.*[^/]$' "$work/files.txt") entries under /scenes," \
  "$(grep -c ' \(\./\)\?usr/share/povray-3.7/.*[^/]$' "$work/files.txt") under /usr/share/povray-3.7"
has() { awk '{ print $NF }' "$work/files.txt" | sed 's|^\./||; s|/$||' | grep -qx "$1"; }
for f in usr/local/bin/spotray lib64/ld-linux-x86-64.so.2 etc/ssl/certs/ca-certificates.crt \
  etc/passwd etc/group scenes/spheres/spheres.ini scenes/csg/csg.pov scenes/studio/label.png \
  usr/share/povray-3.7/include/textures.inc usr/share/povray-3.7/include/woods.inc \
  usr/share/doc/povray-includes/copyright tmp scratch; do
  has "$f" || fail "/$f is missing from the image"
done
for f in bin/sh usr/bin/env; do
  ! has "$f" || fail "/$f is in the image: the runtime image should hold only what spotray needs"
done
for d in tmp scratch; do
  mode=$(awk -v d="$d" '{ p = $NF; sub(/^\.\//, "", p); sub(/\/$/, "", p) } p == d { print $1 }' "$work/files.txt")
  [ "$mode" = drwxrwxrwt ] || fail "/$d has mode $mode, expected drwxrwxrwt (writable by user 10001)"
done
echo "loader, libraries, CA bundle, passwd/group, scenes, POV-Ray's include files, /tmp and /scratch (1777) present; no shell"

# ---- Rendering inside the container ---------------------------------------------------------
step "render /scenes/spheres -o /tmp/out.png inside the container (no network)"
run_started=$(date +%s)
pm run --rm --network none "$image" render /scenes/spheres -o /tmp/out.png \
  --width "${SIZE[0]}" --height "${SIZE[1]}" --quiet ||
  fail "spotray render /scenes/spheres -o /tmp/out.png failed in the container"
echo "exit 0 in $(($(date +%s) - run_started)) s"

step "render with a read-only root file system into a mounted folder, and check the PNG"
mkdir -p "$work/out"
chmod 1777 "$work/out"
pm run --rm --network none --read-only --read-only-tmpfs=false -v "$work/out:/out" "$image" \
  render /scenes/csg -o /out/csg.png --width "${SIZE[0]}" --height "${SIZE[1]}" --quiet ||
  fail "render with --read-only into a mounted folder failed"
png_size() {
  python3 - "$1" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read(24)
if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
    sys.exit(f"{sys.argv[1]} is not a PNG")
print("%dx%d" % struct.unpack(">II", data[16:24]))
EOF
}
got=$(png_size "$work/out/csg.png") || fail "the container wrote no valid PNG"
[ "$got" = "${SIZE[0]}x${SIZE[1]}" ] || fail "csg.png is $got, expected ${SIZE[0]}x${SIZE[1]}"
echo "csg.png: PNG, $got, written by uid $(stat -c %u "$work/out/csg.png")"
[ "$(stat -c %u "$work/out/csg.png")" = 10001 ] || fail "the PNG was not written by user 10001"

step "render a scene that uses textures.inc and woods.inc (POV-Ray's include files in the image)"
mkdir -p "$work/woods"
cat >"$work/woods/woods.pov" <<'EOF'
#version 3.7;
global_settings { assumed_gamma 1.0 }
#include "colors.inc"
#include "textures.inc"
#include "woods.inc"
camera { location <0, 2.5, -5> look_at <0, 0.5, 0> angle 45 }
light_source { <-4, 8, -6>, rgb 1 }
plane { y, 0 texture { T_Wood10 scale 2 } }
box { <-1.5, 0, -1>, <-0.3, 1.2, 0.2> texture { T_Wood23 } }
sphere { <1, 0.7, 0>, 0.7 texture { Polished_Chrome } }
cylinder { <0.2, 0, -1.2>, <0.2, 0.5, -1.2>, 0.35 pigment { Jade } }
EOF
chmod -R go+rX "$work/woods"
pm run --rm --network none -v "$work/woods:/woods:ro" -v "$work/out:/out" "$image" \
  render /woods/woods.pov -o /out/woods.png --width "${SIZE[0]}" --height "${SIZE[1]}" --quiet ||
  fail "the scene including textures.inc and woods.inc did not render in the container"
got=$(png_size "$work/out/woods.png") || fail "the container wrote no valid woods.png"
[ "$got" = "${SIZE[0]}x${SIZE[1]}" ] || fail "woods.png is $got, expected ${SIZE[0]}x${SIZE[1]}"
# A picture, not a blank or flat image: many colours, the wood textures' browns over most
# of it (floor and box), and the Jade cylinder's green.
python3 - "$work/out/woods.png" <<'EOF' || fail "woods.png is not the expected picture"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
    elif kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
if depth != 8 or ctype not in (2, 6) or interlace:
    sys.exit(f"unexpected PNG format: depth {depth}, colour type {ctype}, interlace {interlace}")
bpp = 3 if ctype == 2 else 4
raw, stride, prev, px = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
for y in range(h):
    row = raw[y * (stride + 1):(y + 1) * (stride + 1)]
    f, line = row[0], bytearray(row[1:])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1:
            line[i] = (line[i] + a) & 255
        elif f == 2:
            line[i] = (line[i] + b) & 255
        elif f == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    px += [tuple(line[i:i + 3]) for i in range(0, stride, bpp)]
    prev = line
colours = len(set(px))
wood = sum(1 for r, g, b in px if r > g > b and r - b >= 40) / len(px)
green = sum(1 for r, g, b in px if g > r + 30 and g > b + 30) / len(px)
print(f"woods.png: PNG {w}x{h}, {colours} colours, {wood:.0%} wood-brown, {green:.1%} jade-green")
if colours < 1000 or wood < 0.3 or green < 0.01:
    sys.exit("expected >= 1000 colours, >= 30% wood-brown and >= 1% green pixels")
EOF
if [ "$prebuilt" != 1 ] && [ -n "${SPOTRAY_BINARY:-}" ]; then
  # The image's spotray was built from these sources with the same toolchain as
  # SPOTRAY_BINARY: the same scene must give the same picture.
  "$SPOTRAY_BINARY" render "$work/woods/woods.pov" -o "$work/woods-host.png" \
    --width "${SIZE[0]}" --height "${SIZE[1]}" --quiet ||
    fail "$SPOTRAY_BINARY could not render the scene on the host"
  if cmp -s "$work/out/woods.png" "$work/woods-host.png"; then
    echo "woods.png is byte-identical to $SPOTRAY_BINARY's render on the host"
  else
    similarity=$("$SPOTRAY_BINARY" compare --min-ssim 0.999 "$work/out/woods.png" "$work/woods-host.png") ||
      fail "the container's woods.png differs from $SPOTRAY_BINARY's render: $similarity"
    echo "woods.png matches $SPOTRAY_BINARY's render on the host ($similarity; the files differ)"
  fi
fi

# Under a read-only root (as in ECS: no tmpfs), /tmp is read-only too: that is why the task
# definition sets TMPDIR=/scratch, and why the worker run below proves /scratch is usable.
if pm run --rm --network none --read-only --read-only-tmpfs=false "$image" \
  render /scenes/spheres -o /tmp/out.png --width 8 --height 6 --quiet 2>/dev/null; then
  fail "/tmp was writable under --read-only: the worker test below would not prove /scratch works"
fi
echo "with a read-only root, /tmp is read-only: scratch space must come from the /scratch volume"

step "the container cannot write outside /tmp and volumes (it is not root)"
if pm run --rm --network none "$image" render /scenes/spheres -o /denied.png \
  --width 8 --height 6 --quiet 2>"$work/denied.txt"; then
  fail "writing /denied.png succeeded: the container seems to run as root"
fi
grep -qi 'permission denied' "$work/denied.txt" ||
  fail "writing /denied.png failed, but not with 'permission denied': $(cat "$work/denied.txt")"
echo "refused as expected: $(tail -n 1 "$work/denied.txt")"

# ---- moto and the AWS set-up of the README ------------------------------------------------------
step "starting moto on 127.0.0.1"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if command -v moto_server >/dev/null 2>&1; then
  moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
else
  python3 -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
fi
moto_pid=$!
endpoint=http://127.0.0.1:$port
for _ in $(seq 1 300); do
  if python3 -c "import urllib.request as u; u.urlopen('$endpoint/moto-api/', timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$moto_pid" 2>/dev/null || {
    cat "$work/moto.log" >&2
    fail "moto exited before answering"
  }
  sleep 0.1
done
python3 -c "import urllib.request as u; u.urlopen('$endpoint/moto-api/', timeout=1)" 2>/dev/null ||
  fail "moto did not answer on $endpoint within 30 s"
echo "moto on $endpoint (pid $moto_pid)"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN SQS_QUEUE_URL
awsm() { aws --endpoint-url "$endpoint" --output text "$@"; }
export ACCOUNT_ID=123456789012 REGION=us-east-1 BUCKET

step "creating the bucket, the queue with its dead-letter queue, the queue policy and the S3 notification"
awsm s3api create-bucket --bucket "$BUCKET" >/dev/null || fail "create-bucket failed"
dlq_url=$(awsm sqs create-queue --queue-name "$DLQ" --attributes MessageRetentionPeriod=1209600 \
  --query QueueUrl) || fail "creating the dead-letter queue failed"
dlq_arn=$(awsm sqs get-queue-attributes --queue-url "$dlq_url" --attribute-names QueueArn \
  --query Attributes.QueueArn) || fail "reading the dead-letter queue's ARN failed"
python3 - "$dlq_arn" "$MAX_RECEIVE_COUNT" >"$work/queue-attributes.json" <<'EOF'
import json, sys
print(json.dumps({
    "VisibilityTimeout": "120",
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": sys.argv[1], "maxReceiveCount": sys.argv[2]}),
}))
EOF
queue_url=$(awsm sqs create-queue --queue-name "$QUEUE" --attributes "file://$work/queue-attributes.json" \
  --query QueueUrl) || fail "creating the job queue failed"
QUEUE_ARN=$(awsm sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn \
  --query Attributes.QueueArn) || fail "reading the queue's ARN failed"
export QUEUE_ARN
deploy/fill-template.sh deploy/sqs-queue-policy.json >"$work/queue-policy.json" ||
  fail "filling deploy/sqs-queue-policy.json failed"
python3 -c 'import json, sys; print(json.dumps({"Policy": open(sys.argv[1]).read()}))' \
  "$work/queue-policy.json" >"$work/queue-policy-attribute.json"
awsm sqs set-queue-attributes --queue-url "$queue_url" \
  --attributes "file://$work/queue-policy-attribute.json" || fail "setting the queue policy failed"
deploy/fill-template.sh deploy/s3-notification.json >"$work/notification.json" ||
  fail "filling deploy/s3-notification.json failed"
awsm s3api put-bucket-notification-configuration --bucket "$BUCKET" \
  --notification-configuration "file://$work/notification.json" ||
  fail "put-bucket-notification-configuration failed"
echo "bucket s3://$BUCKET, queue $queue_url (dead letters: $DLQ after $MAX_RECEIVE_COUNT receives)"

step "uploading two jobs: one with aws s3 cp, one with spotray submit in the container"
mkdir -p "$work/scenes" "$work/jobs"
for scene in spheres csg; do
  cp -R "scenes/$scene" "$work/scenes/$scene"
  sed -i "s/+W640 +H480/+W${SIZE[0]} +H${SIZE[1]}/" "$work/scenes/$scene/$scene.ini"
  grep -q "+W${SIZE[0]} +H${SIZE[1]}" "$work/scenes/$scene/$scene.ini" ||
    fail "could not shrink scenes/$scene/$scene.ini for the test"
  (cd "$work/scenes" && python3 -m zipfile -c "$work/jobs/$scene.zip" "$scene/") ||
    fail "zipping $scene failed"
done
chmod -R a+rX "$work/jobs"
awsm s3 cp "$work/jobs/spheres.zip" "s3://$BUCKET/jobs/spheres.zip" >/dev/null ||
  fail "aws s3 cp of spheres.zip failed"
# With the bucket notification in place, submit only uploads (no SQS_QUEUE_URL, no --queue-url):
# S3 enqueues the job, as it does for any upload.
submit_out=$(pm run --rm --network host -v "$work/jobs:/jobs:ro" \
  -e AWS_ENDPOINT_URL="$endpoint" -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_REGION \
  "$image" submit --bucket "$BUCKET" /jobs/csg.zip 2>&1) || {
  echo "$submit_out" >&2
  fail "spotray submit in the container failed"
}
echo "submit: $submit_out"
queued=$(awsm sqs get-queue-attributes --queue-url "$queue_url" \
  --attribute-names ApproximateNumberOfMessages --query Attributes.ApproximateNumberOfMessages)
echo "messages waiting: $queued (S3's test event and one notification per upload)"
[ "$queued" -ge 2 ] || fail "the S3 notifications did not reach the queue ($queued messages)"

# ---- The worker in the container ------------------------------------------------------------------
# As the task definition runs it: read-only root file system (and no tmpfs on /tmp, which
# podman would add but ECS does not), TMPDIR on the /scratch volume, which the image
# declares: podman, like ECS, gives it the image folder's permissions (1777).
step "spotray work in the container (--read-only, TMPDIR=/scratch, --network host)"
worker_started=$(date +%s)
set +e
pm run --rm --timeout 300 --name "worker-$$" --network host \
  --read-only --read-only-tmpfs=false -e TMPDIR=/scratch \
  -e AWS_ENDPOINT_URL="$endpoint" -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_REGION \
  -e SQS_QUEUE_URL="$queue_url" \
  "$image" work --exit-when-empty --wait-seconds 1 --no-spot-watch --stop-timeout 110 \
  >"$work/worker.log" 2>"$work/worker.err"
worker_rc=$?
set -e
worker_s=$(($(date +%s) - worker_started))
if [ $worker_rc -ne 0 ]; then
  cat "$work/worker.log" "$work/worker.err" >&2
  fail "the worker exited with status $worker_rc after $worker_s s"
fi
echo "worker exited 0 after $worker_s s; its log:"
sed 's/^/  /' "$work/worker.log"
[ ! -s "$work/worker.err" ] || {
  echo "stderr:"
  sed 's/^/  /' "$work/worker.err"
}
python3 - "$work/worker.log" <<'EOF' || fail "the worker's log is not what the task definition expects"
import json, sys
events = []
for n, line in enumerate(open(sys.argv[1]), 1):
    try:
        events.append(json.loads(line).get("event"))
    except ValueError:
        sys.exit(f"line {n} of the log is not JSON (CloudWatch Logs wants one object a line): {line!r}")
for want, count in (("worker_started", 1), ("job_succeeded", 2), ("test_event", 1)):
    if events.count(want) != count:
        sys.exit(f"expected {count} {want} event(s), got {events.count(want)}: {events}")
for bad in ("job_failed", "job_retry", "message_rejected"):
    if bad in events:
        sys.exit(f"unexpected {bad} event: {events}")
EOF

step "checking the results in S3 and the queues"
for scene in spheres csg; do
  rm -f "$work/$scene.png"
  awsm s3 cp "s3://$BUCKET/jobs/$scene.png" "$work/$scene.png" >/dev/null ||
    fail "s3://$BUCKET/jobs/$scene.png was not stored"
  got=$(png_size "$work/$scene.png") || fail "s3://$BUCKET/jobs/$scene.png is not a PNG"
  [ "$got" = "${SIZE[0]}x${SIZE[1]}" ] || fail "jobs/$scene.png is $got, expected ${SIZE[0]}x${SIZE[1]}"
  echo "s3://$BUCKET/jobs/$scene.png: PNG $got"
done
errors=$(awsm s3api list-objects-v2 --bucket "$BUCKET" --prefix jobs/ \
  --query "Contents[?ends_with(Key, '.error.json')].Key")
[ -z "$errors" ] || [ "$errors" = None ] || fail "error reports were stored: $errors"
for q in "$queue_url" "$dlq_url"; do
  left=$(awsm sqs get-queue-attributes --queue-url "$q" \
    --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible \
    --query 'Attributes.[ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible]')
  [ "$(echo "$left" | tr -s '[:space:]' ' ' | sed 's/ $//')" = "0 0" ] ||
    fail "$q still holds messages (visible, in flight): $left"
done
echo "no error reports; the queue and the dead-letter queue are empty"

# ---- Stopping: SIGTERM to PID 1 --------------------------------------------------------------------
# ECS stops a task with SIGTERM and kills it stopTimeout later. spotray is PID 1 in the
# container (no shell, no init): it must handle SIGTERM itself and exit 0 promptly.
step "podman stop: the idle worker exits 0 on SIGTERM, well before the kill"
pm run -d --name "stop-$$" --network host \
  --read-only --read-only-tmpfs=false -e TMPDIR=/scratch \
  -e AWS_ENDPOINT_URL="$endpoint" -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_REGION \
  -e SQS_QUEUE_URL="$queue_url" \
  "$image" work --wait-seconds 1 --no-spot-watch --stop-timeout 10 >/dev/null ||
  fail "could not start the worker detached"
for _ in $(seq 1 100); do
  pm logs "stop-$$" 2>/dev/null | grep -q '"worker_started"' && break
  sleep 0.2
done
pm logs "stop-$$" 2>/dev/null | grep -q '"worker_started"' || {
  pm logs "stop-$$" >&2
  fail "the detached worker did not start"
}
stop_started=$(date +%s)
pm stop -t 30 "stop-$$" >/dev/null || fail "podman stop failed"
stop_s=$(($(date +%s) - stop_started))
exit_code=$(pm inspect --format '{{.State.ExitCode}}' "stop-$$")
pm logs "stop-$$" >"$work/stop.log" 2>&1
pm rm "stop-$$" >/dev/null
echo "stopped in $stop_s s with exit code $exit_code"
[ "$exit_code" = 0 ] || {
  cat "$work/stop.log" >&2
  fail "the worker exited with $exit_code on SIGTERM (expected 0)"
}
[ "$stop_s" -lt 20 ] || fail "the worker took $stop_s s to stop on SIGTERM"
grep -q '"worker_stopped"' "$work/stop.log" || {
  cat "$work/stop.log" >&2
  fail "no worker_stopped event in the log after SIGTERM"
}

step "summary"
if [ "$prebuilt" = 1 ]; then
  echo "build: SPOTRAY_CONTAINER_PREBUILT=1 (build stage replaced by a local folder), $build_s s"
else
  echo "build: the whole Dockerfile, base image stand-in made in $standin_s s, podman build $build_s s"
fi
echo "image: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB), user $user"
echo "render, read-only render, non-root check, 2 jobs through S3 notifications + worker ($worker_s s), SIGTERM stop ($stop_s s)"
