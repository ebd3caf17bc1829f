#!/usr/bin/env bash
# Builds spotray's container image from the project's Dockerfile and tests it for real:
# size, non-root user, the file tree, a render, and the queue worker inside the container
# against moto (S3 + SQS on the host's loopback) set up the way the README's Deployment
# guide sets up AWS: bucket, queue with a dead-letter queue, queue policy and S3 event
# notification from deploy/, jobs uploaded to jobs/*.zip.
#
#   scripts/container-test.sh
#
# No Docker engine and no registry are needed: the image is built with podman (runc), and
# the Dockerfile's `build` stage (which needs the rust image from a registry) is replaced
# by a local folder, `podman build --build-context build=DIR`, whose out/rootfs is made by
# the same deploy/assemble-rootfs.sh from target/release/spotray (built here with
# `cargo build --release`; SPOTRAY_BINARY=PATH uses another build instead). Everything
# podman stores goes to a temporary folder that is removed at the end.
#
# Needs: root (or podman/runc already installed: they are installed with apt-get when
# missing), python3 with moto 5 (scripts/test.sh installs it) and the aws CLI (installed
# with pip when missing). Takes a minute or two once the release build exists.
# Exits non-zero, with a message saying what failed, on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

started=$(date +%s)
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
# POV-Ray's include files go into the image (deploy/assemble-rootfs.sh copies them).
[ -f /usr/share/povray-3.7/include/colors.inc ] || missing+=(povray-includes)
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
pm() {
  podman --runtime runc --root "$work/storage" --runroot "$work/run" --storage-driver vfs \
    --tmpdir "$work/podman-tmp" "$@"
}

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
  rm -rf "$work"
  if [ $rc -eq 0 ]; then
    printf '\ncontainer-test: all checks passed in %s\n' "$(elapsed)"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- The binary and the root file system -------------------------------------------------
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

# ---- Build -----------------------------------------------------------------------------------
step "podman build (Dockerfile, build stage = $work/build)"
mkdir -p "$work/podman-tmp"
podman_ready=1
build_started=$(date +%s)
pm build --pull=never --target runtime --build-context "build=$work/build" \
  -f Dockerfile -t "$image" . >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  fail "podman build failed"
}
tail -n 3 "$work/build.log"
echo "built $image in $(($(date +%s) - build_started)) s"

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
awk '$1 !~ /^d/ { print "  " $NF " (" $3 " bytes)" }' "$work/files.txt" | grep -v '  scenes/' || true
has() { awk '{ print $NF }' "$work/files.txt" | sed 's|^\./||; s|/$||' | grep -qx "$1"; }
for f in usr/local/bin/spotray lib64/ld-linux-x86-64.so.2 etc/ssl/certs/ca-certificates.crt \
  etc/passwd etc/group scenes/spheres/spheres.ini scenes/csg/csg.pov scenes/studio/label.png tmp scratch; do
  has "$f" || fail "/$f is missing from the image"
done
for f in bin/sh usr/bin/env; do
  ! has "$f" || fail "/$f is in the image: the runtime image should hold only what spotray needs"
done
for d in tmp scratch; do
  mode=$(awk -v d="$d" '{ p = $NF; sub(/^\.\//, "", p); sub(/\/$/, "", p) } p == d { print $1 }' "$work/files.txt")
  [ "$mode" = drwxrwxrwt ] || fail "/$d has mode $mode, expected drwxrwxrwt (writable by user 10001)"
done
echo "loader, libraries, CA bundle, passwd/group, scenes, /tmp and /scratch (1777) present; no shell"

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
echo "woods.png: PNG, $got"

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
echo "image: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB), user $user"
echo "render, read-only render, non-root check, 2 jobs through S3 notifications + worker ($worker_s s), SIGTERM stop ($stop_s s)"
