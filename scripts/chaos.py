#!/usr/bin/env python3
"""Chaos run: jobs through several `spotray work` processes against moto while faults rain.

Good and bad scene archives are uploaded and announced as S3 notifications would. Worker
processes drain the queue while a driver, at random, SIGKILLs a worker, SIGTERMs one, sends
one a spot interruption notice (through its own instance-metadata stand-in), freezes the
emulator for a few seconds (SIGSTOP/SIGCONT), or sends a duplicate message. Workers that
exit are started again, as ECS would. After the fault period the workers drain the queue in
peace. Then every good job's PNG must be byte-identical to a local `spotray render` of the
same archive, every bad job must have its error report and no PNG, the queue and its
dead-letter queue must be empty, and no checkpoint may be left. Prints one line of figures:

    chaos: jobs=30 good=24 bad=6 lost=0 wrong=0 reports_missing=0 ... kills=5 terms=4 ...

and exits non-zero unless lost, wrong, reports_missing, queue, dlq and checkpoints are 0.
Needs python3 with boto3 and moto 5 (scripts/test.sh installs them) and a spotray binary.
"""

import argparse
import http.server
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import datetime, timedelta, timezone

import boto3
from botocore.config import Config

REGION = "us-east-1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"chaos: nothing listens on port {port} after {seconds} s")


# ---- Instance metadata stand-in, one per worker -----------------------------------------


class Imds:
    """Serves IMDSv2 tokens and, once `notice()` is called, a spot interruption notice."""

    def __init__(self):
        self.action = None
        imds = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, code, body=b""):
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                if self.path == "/latest/api/token":
                    self.reply(200, b"chaos-token")
                else:
                    self.reply(404)

            def do_GET(self):
                if self.path == "/latest/meta-data/spot/instance-action" and imds.action:
                    self.reply(200, imds.action.encode())
                else:
                    self.reply(404)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a worker killed mid-request: expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def notice(self, seconds):
        when = datetime.now(timezone.utc) + timedelta(seconds=seconds)
        self.action = json.dumps({"action": "terminate", "time": when.strftime("%Y-%m-%dT%H:%M:%SZ")})

    def clear(self):
        self.action = None


# ---- Jobs ----------------------------------------------------------------------------------


def scene_archive(folder, width, height):
    """The sample scene in `folder` of scenes/, as a zip whose INI renders it at the size."""
    src = os.path.join(ROOT, "scenes", folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(src)):
            path = os.path.join(src, name)
            if name.endswith(".ini"):
                lines = [line for line in open(path).read().splitlines() if not line.startswith("+W")]
                lines.append(f"+W{width} +H{height}")
                z.writestr(f"{folder}/{name}", "\n".join(lines) + "\n")
            else:
                z.write(path, f"{folder}/{name}")
    return buffer.getvalue()


def bad_archive(kind):
    pov = {
        "syntax": "sphere { 0, 1 pigment { rgb <1, 0, 0> }\nbox { 0 1 }\n",
        "missing-include": '#include "nowhere.inc"\nsphere { 0, 1 }\n',
        # 5000 strings of half a megabyte: far over the workers' --max-memory 1G.
        "memory": '#declare K = "x";\n#for (I, 1, 19) #declare K = concat(K, K); #end\n'
                  '#declare A = array[5000];\n#for (I, 0, 4999) #declare A[I] = concat(K, str(I, 0, 0)); #end\n',
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("scene.ini", "Input_File_Name=scene.pov\n+W64 +H48\n")
        z.writestr("scene.pov", pov)
    return buffer.getvalue()


def s3_event(bucket, key, size, etag):
    return json.dumps({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION,
        "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": size, "eTag": etag}},
    }]})


# ---- The run -------------------------------------------------------------------------------


class Chaos:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = tempfile.mkdtemp(prefix="spotray-chaos-")
        self.figures = {"kills": 0, "terms": 0, "notices": 0, "freezes": 0, "duplicates": 0, "restarts": 0}
        self.moto = None
        self.workers = []

    def start_moto(self):
        self.moto_port = free_port()
        command = ["moto_server"] if shutil.which("moto_server") else [sys.executable, "-m", "moto.server"]
        self.moto = subprocess.Popen(command + ["-H", "127.0.0.1", "-p", str(self.moto_port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.moto_port)
        self.endpoint = f"http://127.0.0.1:{self.moto_port}"
        config = Config(retries={"max_attempts": 10, "mode": "standard"}, connect_timeout=5, read_timeout=20)
        session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION)
        self.s3 = session.client("s3", endpoint_url=self.endpoint, config=config)
        self.sqs = session.client("sqs", endpoint_url=self.endpoint, config=config)

    def setup_queues(self):
        self.bucket = "chaos"
        self.s3.create_bucket(Bucket=self.bucket)
        dlq = self.sqs.create_queue(QueueName="chaos-dlq")["QueueUrl"]
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.dlq = dlq
        # Hand-backs count as receives for SQS: leave room for many interruptions.
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "50"})
        self.queue = self.sqs.create_queue(QueueName="chaos-jobs", Attributes={
            "VisibilityTimeout": "10", "RedrivePolicy": redrive})["QueueUrl"]

    def make_jobs(self):
        self.jobs = []
        kinds = ["syntax", "missing-include", "memory"]
        bad_count = max(1, self.args.jobs // 5)
        for i in range(self.args.jobs):
            if i < bad_count:
                kind = kinds[i % len(kinds)]
                self.jobs.append({"key": f"jobs/bad-{i}-{kind}.zip", "zip": bad_archive(kind), "good": False})
            else:
                folder = ["spheres", "csg", "studio"][i % 3]
                width = 160 + 8 * (i % 13)
                self.jobs.append({"key": f"jobs/good-{i}-{folder}.zip",
                                  "zip": scene_archive(folder, width, width * 3 // 4), "good": True})
        self.rng.shuffle(self.jobs)
        for job in self.jobs:
            stem = job["key"][:-4]
            path = os.path.join(self.work, os.path.basename(job["key"]))
            with open(path, "wb") as f:
                f.write(job["zip"])
            job["path"] = path
            if job["good"]:
                reference = path[:-4] + ".reference.png"
                subprocess.run([self.args.spotray, "render", "-q", path, "-o", reference],
                               check=True, timeout=300)
                job["reference"] = open(reference, "rb").read()
            job["stem"] = stem

    def submit(self, job):
        body = s3_event(self.bucket, job["key"], len(job["zip"]), job["etag"])
        self.sqs.send_message(QueueUrl=self.queue, MessageBody=body)

    def upload_jobs(self):
        for job in self.jobs:
            job["etag"] = self.s3.put_object(Bucket=self.bucket, Key=job["key"], Body=job["zip"])["ETag"].strip('"')
            self.submit(job)

    def worker_env(self, imds):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": f"http://127.0.0.1:{imds.port}",
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "NO_PROXY": "127.0.0.1,localhost",
        })
        return env

    def start_worker(self, slot):
        imds = slot.get("imds") or Imds()
        imds.clear()
        slot["imds"] = imds
        log = open(os.path.join(self.work, f"worker-{slot['id']}.log"), "ab")
        slot["process"] = subprocess.Popen(
            [self.args.spotray, "work", "--queue-url", self.queue, "--threads", "1", "--wait-seconds", "1",
             "--retry-base-seconds", "1", "--stop-timeout", "6", "--spot-poll-seconds", "0.5",
             "--max-memory", "1G", "--log-format", "json"],
            env=self.worker_env(imds), stdout=log, stderr=log)

    def restart_exited(self):
        for slot in self.workers:
            if slot["process"].poll() is not None:
                self.figures["restarts"] += 1
                self.start_worker(slot)

    def fault(self):
        what = self.rng.choice(["kill", "term", "notice", "freeze", "duplicate"])
        slot = self.rng.choice(self.workers)
        process = slot["process"]
        if what == "kill" and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
            self.figures["kills"] += 1
        elif what == "term" and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            self.figures["terms"] += 1
        elif what == "notice" and process.poll() is None:
            slot["imds"].notice(self.rng.uniform(8, 20))
            self.figures["notices"] += 1
        elif what == "freeze":
            self.moto.send_signal(signal.SIGSTOP)
            time.sleep(self.rng.uniform(1, 4))
            self.moto.send_signal(signal.SIGCONT)
            self.figures["freezes"] += 1
        elif what == "duplicate":
            self.submit(self.rng.choice(self.jobs))
            self.figures["duplicates"] += 1

    def queue_depth(self, url):
        a = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed"])["Attributes"]
        return sum(int(v) for v in a.values())

    def run(self):
        self.start_moto()
        self.setup_queues()
        self.make_jobs()
        self.upload_jobs()
        self.workers = [{"id": i} for i in range(self.args.workers)]
        for slot in self.workers:
            self.start_worker(slot)
        end = time.monotonic() + self.args.duration
        while time.monotonic() < end:
            time.sleep(self.rng.uniform(0.5, self.args.fault_interval * 2))
            self.fault()
            self.restart_exited()
        # Peace: restart whoever is down, let the queue drain.
        deadline = time.monotonic() + self.args.drain_timeout
        quiet_since = None
        while time.monotonic() < deadline:
            self.restart_exited()
            depth = self.queue_depth(self.queue)
            quiet_since = (quiet_since or time.monotonic()) if depth == 0 else None
            if quiet_since and time.monotonic() - quiet_since > 12:
                break
            time.sleep(1)
        for slot in self.workers:
            if slot["process"].poll() is None:
                slot["process"].send_signal(signal.SIGTERM)
        for slot in self.workers:
            try:
                slot["process"].wait(timeout=30)
            except subprocess.TimeoutExpired:
                slot["process"].kill()
        return self.check()

    def get(self, key):
        try:
            return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return None

    def check(self):
        lost = wrong = reports_missing = stray_png = 0
        problems = []
        for job in self.jobs:
            png = self.get(job["stem"] + ".png")
            report = self.get(job["stem"] + ".error.json")
            if job["good"]:
                if png is None:
                    lost += 1
                    problems.append(f"{job['key']}: no PNG" + (f" (report: {report[:300]!r})" if report else ""))
                elif png != job["reference"]:
                    wrong += 1
                    problems.append(f"{job['key']}: PNG differs from the local render")
            else:
                if report is None:
                    reports_missing += 1
                    problems.append(f"{job['key']}: no error report")
                if png is not None:
                    stray_png += 1
                    problems.append(f"{job['key']}: a PNG for a bad job")
        keys = [o["Key"] for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
                for o in page.get("Contents", [])]
        checkpoints = [k for k in keys if k.endswith(".checkpoint")]
        problems.extend(f"{k}: checkpoint left" for k in checkpoints)
        queue, dlq = self.queue_depth(self.queue), self.queue_depth(self.dlq)
        good = sum(j["good"] for j in self.jobs)
        figures = dict(jobs=len(self.jobs), good=good, bad=len(self.jobs) - good, lost=lost, wrong=wrong,
                       reports_missing=reports_missing, stray_png=stray_png, queue=queue, dlq=dlq,
                       checkpoints=len(checkpoints), workers=self.args.workers,
                       fault_seconds=self.args.duration, **self.figures)
        print("chaos: " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        for p in problems:
            print(f"chaos: {p}", file=sys.stderr)
        failed = lost or wrong or reports_missing or stray_png or queue or dlq or checkpoints
        if failed:
            print(f"chaos: worker logs are kept in {self.work}", file=sys.stderr)
        return 1 if failed else 0

    def cleanup(self, keep):
        for slot in self.workers:
            if slot.get("process") and slot["process"].poll() is None:
                slot["process"].kill()
        if self.moto:
            self.moto.send_signal(signal.SIGCONT)
            self.moto.terminate()
        if not keep:
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--spotray", default=os.path.join(ROOT, "target/release/spotray"))
    p.add_argument("--jobs", type=int, default=30)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--duration", type=float, default=240, help="seconds of faults")
    p.add_argument("--fault-interval", type=float, default=3, help="mean seconds between faults")
    p.add_argument("--drain-timeout", type=float, default=300, help="seconds to drain after the faults")
    p.add_argument("--seed", type=int, default=int(time.time()))
    args = p.parse_args()
    print(f"chaos: seed={args.seed} jobs={args.jobs} workers={args.workers} faults for {args.duration:g} s", flush=True)
    chaos = Chaos(args)
    status = 2
    try:
        status = chaos.run()
    finally:
        chaos.cleanup(keep=status != 0)
    sys.exit(status)


if __name__ == "__main__":
    main()
