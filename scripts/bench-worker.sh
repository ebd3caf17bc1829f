#!/usr/bin/env bash
# Per-job overhead of the queue worker, against moto's S3/SQS emulator on loopback:
#
#   scripts/bench-worker.sh [N]        # N tiny-scene jobs (default 30)
#
# 1. `target/release/spotray work --exit-when-empty` drains N jobs. Overhead per job is
#    (wall time - sum of render_s from its JSON log) / N: receive, download, unzip, parse,
#    upload, delete, and the worker's own start-up and last empty poll, spread over N.
# 2. The shell loop it replaces drains the same N jobs: `aws sqs receive-message`,
#    `aws s3 cp` down, unzip, a stand-in render (copying a PNG: we measure overhead, not
#    rendering), `aws s3 cp` up, `aws sqs delete-message`.
# Prints jobs per minute and milliseconds of overhead per job for both.
#
# Needs python3 with moto 5 (installed with pip when missing, like awscli). Everything
# listens on and talks to 127.0.0.1 only. SPOTRAY_BIN=path uses another binary; without it,
# target/release/spotray is built when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-30}
if ! [[ $N =~ ^[1-9][0-9]*$ ]] || [ "$N" -gt 1000 ]; then
  echo "usage: $0 [N]   (N: number of jobs, 1-1000)" >&2
  exit 2
fi
step() { printf '\n==> %s\n' "$*"; }
now() { date +%s.%N; }

# ---- Tools -----------------------------------------------------------------------------
if ! python3 -c 'import moto, moto.server, sys; sys.exit(not moto.__version__.startswith("5."))' 2>/dev/null; then
  step "installing moto (S3/SQS emulator)"
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet 'moto[server]>=5,<6'
fi
if ! command -v aws >/dev/null 2>&1; then
  step "installing the AWS CLI"
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet awscli
  hash -r
  if ! command -v aws >/dev/null 2>&1; then
    # pip's script folder may be off the PATH; awscli v1 also runs as a module.
    aws() { python3 -m awscli "$@"; }
  fi
fi
BIN=${SPOTRAY_BIN:-target/release/spotray}
if [ -z "${SPOTRAY_BIN:-}" ] && ! { [ -x "$BIN" ] && "$BIN" work --help >/dev/null 2>&1; }; then
  step "building $BIN (cargo build --release)"
  cargo build --release --quiet
fi
"$BIN" work --help >/dev/null 2>&1 || { echo "error: $BIN has no 'work' subcommand" >&2; exit 1; }

# ---- Emulator ----------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spotray-bench-worker.XXXXXX")
MOTO_PID=
cleanup() {
  if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
if command -v moto_server >/dev/null 2>&1; then
  moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
else
  python3 -m moto.server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
fi
MOTO_PID=$!
ENDPOINT="http://127.0.0.1:$PORT"
for _ in $(seq 1 200); do
  if python3 - "$PORT" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=1)
EOF
  then break; fi
  kill -0 "$MOTO_PID" 2>/dev/null || { echo "error: moto exited:" >&2; tail -20 "$WORK/moto.log" >&2; exit 1; }
  sleep 0.1
done
kill -0 "$MOTO_PID" 2>/dev/null || { echo "error: moto is not running" >&2; exit 1; }

# Only the emulator: fixed credentials, no profile, no instance metadata, no proxies.
for v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy SQS_QUEUE_URL
: >"$WORK/aws-config"
export AWS_ENDPOINT_URL=$ENDPOINT AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
  AWS_CONFIG_FILE=$WORK/aws-config AWS_SHARED_CREDENTIALS_FILE=$WORK/aws-config \
  AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:1 NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

# ---- Jobs --------------------------------------------------------------------------------
step "moto on $ENDPOINT; queuing $N tiny-scene jobs twice"
python3 -m zipfile -c "$WORK/tiny.zip" tests/fixtures/tiny/tiny.ini tests/fixtures/tiny/tiny.pov
"$BIN" render "$WORK/tiny.zip" -o "$WORK/stand-in.png" -q

# One bucket and queue per contender; setup through boto3 (it comes with moto), untimed.
python3 - "$ENDPOINT" "$N" "$WORK" <<'EOF'
import json, sys, boto3
endpoint, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
s3, sqs = boto3.client("s3", **kw), boto3.client("sqs", **kw)
body = open(f"{work}/tiny.zip", "rb").read()
for who in ("spotray", "shell"):
    bucket = f"bench-{who}"
    s3.create_bucket(Bucket=bucket)
    url = sqs.create_queue(QueueName=f"bench-{who}", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    open(f"{work}/{who}.queue", "w").write(url)
    for i in range(n):
        key = f"jobs/job-{i:04d}.zip"
        etag = s3.put_object(Bucket=bucket, Key=key, Body=body)["ETag"].strip('"')
        event = {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                              "eventName": "ObjectCreated:Put",
                              "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": len(body), "eTag": etag}}}]}
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(event))
EOF
SPOTRAY_QUEUE=$(cat "$WORK/spotray.queue")
SHELL_QUEUE=$(cat "$WORK/shell.queue")

count_pngs() {
  python3 - "$ENDPOINT" "$1" <<'EOF'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
keys = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=sys.argv[2]) for o in p.get("Contents", [])]
print(sum(k.endswith(".png") for k in keys))
EOF
}

# ---- 1. spotray work ---------------------------------------------------------------------
step "spotray work --exit-when-empty ($BIN)"
t0=$(now)
timeout $((120 + 10 * N)) "$BIN" work --queue-url "$SPOTRAY_QUEUE" --exit-when-empty --wait-seconds 1 \
  >"$WORK/spotray.log" 2>"$WORK/spotray.err" || { echo "error: spotray work failed:" >&2; tail -20 "$WORK/spotray.err" "$WORK/spotray.log" >&2; exit 1; }
t1=$(now)
read -r SP_DONE SP_RENDER < <(python3 - "$WORK/spotray.log" <<'EOF'
import json, sys
done, render = 0, 0.0
for line in open(sys.argv[1]):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    r = {**r.get("fields", {}), **r}
    if r.get("event") == "job_succeeded":
        done += 1
        render += float(r.get("render_s", 0))
print(done, render)
EOF
)
SP_PNGS=$(count_pngs bench-spotray)

# ---- 2. The shell loop it replaces ------------------------------------------------------
step "bash loop around the aws CLI"
if command -v jq >/dev/null 2>&1; then
  key_of() { jq -r '.Records[0].s3.object.key'; }
else
  key_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["Records"][0]["s3"]["object"]["key"])'; }
fi
if command -v unzip >/dev/null 2>&1; then
  unpack() { unzip -o -q "$1" -d "$2"; }
else
  unpack() { python3 -m zipfile -e "$1" "$2"; }
fi
SH_RENDER=0
SH_DONE=0
t2=$(now)
for ((i = 0; i < N + 5; i++)); do
  msg=$(aws sqs receive-message --endpoint-url "$ENDPOINT" --queue-url "$SHELL_QUEUE" \
    --wait-time-seconds 1 --max-number-of-messages 1 \
    --query 'Messages[0].[ReceiptHandle,Body]' --output text)
  [ -z "$msg" ] || [ "$msg" = "None" ] && break
  handle=${msg%%$'\t'*}
  body=${msg#*$'\t'}
  key=$(printf '%s' "$body" | key_of)
  job="$WORK/shell-job"
  rm -rf "$job" && mkdir -p "$job/scene"
  aws s3 cp --quiet --endpoint-url "$ENDPOINT" "s3://bench-shell/$key" "$job/job.zip"
  unpack "$job/job.zip" "$job/scene"
  r0=$(now)
  cp "$WORK/stand-in.png" "$job/out.png" # the stand-in render
  r1=$(now)
  SH_RENDER=$(python3 -c "print($SH_RENDER + $r1 - $r0)")
  aws s3 cp --quiet --endpoint-url "$ENDPOINT" --content-type image/png "$job/out.png" "s3://bench-shell/${key%.zip}.png"
  aws sqs delete-message --endpoint-url "$ENDPOINT" --queue-url "$SHELL_QUEUE" --receipt-handle "$handle"
  SH_DONE=$((SH_DONE + 1))
done
t3=$(now)
SH_PNGS=$(count_pngs bench-shell)

# ---- Report ------------------------------------------------------------------------------
step "results ($N jobs each, tiny scene, moto on loopback, $(nproc) cores)"
python3 - "$N" "$t0" "$t1" "$SP_DONE" "$SP_RENDER" "$SP_PNGS" "$t2" "$t3" "$SH_DONE" "$SH_RENDER" "$SH_PNGS" <<'EOF'
import sys
n = int(sys.argv[1])
rows = [("spotray work", *sys.argv[2:7]), ("bash + aws CLI", *sys.argv[7:12])]
ok = True
print(f"{'':16} {'wall s':>8} {'jobs/min':>9} {'render s':>9} {'overhead ms/job':>16}  results")
for name, a, b, done, render, pngs in rows:
    wall, done, render, pngs = float(b) - float(a), int(done), float(render), int(pngs)
    per_job = (wall - render) / n * 1000
    print(f"{name:16} {wall:8.2f} {n / wall * 60:9.1f} {render:9.3f} {per_job:16.1f}  {done} done, {pngs} PNGs")
    ok &= done == n and pngs == n
print("\noverhead per job = (wall - sum of render time) / N; both walls include start-up and one final empty 1 s poll")
if not ok:
    print(f"error: not every contender finished all {n} jobs", file=sys.stderr)
    sys.exit(1)
EOF
