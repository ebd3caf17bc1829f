//! Spot interruptions: `spotray work` against moto (S3, SQS) and an instance-metadata
//! stand-in (`support/imds.rs`) on loopback.
//!
//! The contract under test:
//! - A spot notice (`spot/instance-action` with a `time` T) or SIGTERM/SIGINT starts the
//!   graceful path, with deadline T or now + `--stop-timeout`. The worker stops receiving.
//!   A job in flight that cannot finish and upload before the deadline (less a margin of
//!   about 5 s) is cancelled: its finished tiles go to `<key without .zip>.checkpoint`
//!   next to the archive (user metadata `source-etag`, `settings`, `interruptions`,
//!   `tiles`), the message is made visible again at once, `job_interrupted` is logged
//!   (`tiles_done`, `tiles_total`) and the worker exits 0 before the deadline. A job that
//!   can finish, finishes. A second SIGINT exits at once, non-zero.
//! - A worker that receives a job with a matching checkpoint renders only the missing
//!   tiles (`job_succeeded` has `tiles_resumed` > 0 and `tiles_rendered`), the PNG is byte
//!   for byte what an uninterrupted `spotray render` makes, and the checkpoint is deleted
//!   once the result is stored. A checkpoint for another version of the archive
//!   (`source-etag`) is ignored. An interruption does not count towards `--max-receives`.
//! - A rebalance recommendation: the current job finishes, no new one is taken, exit 0
//!   (`worker_stopped`, reason containing `rebalance`).
//! - IMDS answering 401, 503, garbage or nothing never stops the worker (warnings only);
//!   IMDS unreachable is logged once (`spot_watch_unavailable`); `--no-spot-watch` never
//!   asks it.
//!
//! The long job is `tests/fixtures/slow/` (balls on a checkered floor, every tile about
//! as costly as the next), sized at run time to render for about 30 s on one thread.
//! Tests that render or time things hold [`GATE`] exclusively (two shared cores: a
//! parallel render would skew every estimate); the light ones share it with each other.

mod support;

#[path = "support/imds.rs"]
mod imds;

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use imds::{Fault, Imds, TokenMode, INSTANCE_ACTION_PATH};
use support::cloud::{bare_etag, StoredObject};
use support::common::repo_root;
use support::scenes::{render_locally, tiny_zip, zip_entries};
use support::worker::{field, field_f64, field_str, Finished, Log, Worker};
use support::{messages, worker_supports, Cloud, QUICK_WORKER_FLAGS};

// ---- Serialisation of the tests ------------------------------------------------------

/// An async lock: each test has its own runtime, and the guard is held across awaits.
static GATE: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// For tests that render for a while or measure time: nothing else of this file runs.
async fn exclusive() -> tokio::sync::RwLockWriteGuard<'static, ()> {
    GATE.write().await
}

/// For light tests (tiny jobs, idle workers): they may run together.
async fn shared() -> tokio::sync::RwLockReadGuard<'static, ()> {
    GATE.read().await
}

// ---- The scene -------------------------------------------------------------------------

/// Target render time of the long job with `--threads 1`.
const LONG_RENDER: Duration = Duration::from_secs(30);
/// Target render time of the medium job with `--threads 1`.
const MEDIUM_RENDER: Duration = Duration::from_secs(6);
/// Side of a render tile (`src/render/film.rs`).
const TILE: u32 = 32;

/// The slow fixture at one size.
#[derive(Clone)]
struct SlowScene {
    zip: Vec<u8>,
    size: (u32, u32),
    /// What the calibration expects a `--threads 1` render to take.
    estimate: Duration,
}

impl SlowScene {
    fn tiles(&self) -> u64 {
        u64::from(self.size.0.div_ceil(TILE)) * u64::from(self.size.1.div_ceil(TILE))
    }

    /// The same scene with a comment added: other bytes (another ETag), same image.
    fn variant(&self, tag: &str) -> Vec<u8> {
        slow_zip(self.size, &format!("\n// variant: {tag}\n"))
    }
}

fn slow_zip(size: (u32, u32), pov_suffix: &str) -> Vec<u8> {
    let dir = repo_root().join("tests/fixtures/slow");
    let mut pov = std::fs::read(dir.join("slow.pov")).expect("tests/fixtures/slow/slow.pov");
    pov.extend_from_slice(pov_suffix.as_bytes());
    let ini = format!(
        "; tests/fixtures/slow sized by tests/worker_spot.rs\nInput_File_Name=slow.pov\n+W{} +H{}\n\
         Antialias=on\nAntialias_Threshold=0.3\n",
        size.0, size.1
    );
    zip_entries(&[("slow.ini", ini.as_bytes()), ("slow.pov", &pov)])
}

/// Seconds a `--threads 1` render of the fixture at 320x240 takes right now (measured once).
fn probe_seconds(scratch: &support::common::Scratch) -> f64 {
    static PROBE: OnceLock<f64> = OnceLock::new();
    *PROBE.get_or_init(|| {
        let dir = repo_root().join("tests/fixtures/slow");
        let (_, took) = render_locally(
            &dir,
            &scratch.path("probe.png"),
            &["--threads", "1"],
            Duration::from_secs(120),
        );
        took.as_secs_f64()
    })
}

/// The fixture sized to render for about `target` on one thread (4:3).
fn sized_scene(scratch: &support::common::Scratch, target: Duration) -> SlowScene {
    let probe = probe_seconds(scratch);
    let scale = (target.as_secs_f64() / probe.max(0.05)).clamp(0.25, 100.0);
    let width = ((320.0 * scale.sqrt()) as u32 / 32 * 32).clamp(160, 3200);
    let height = width * 3 / 4;
    let estimate = Duration::from_secs_f64(probe * f64::from(width * height) / (320.0 * 240.0));
    eprintln!(
        "slow scene: 320x240 took {probe:.2} s on one thread; {width}x{height} should take about \
         {estimate:.1?} (target {target:?})"
    );
    SlowScene {
        zip: slow_zip((width, height), ""),
        size: (width, height),
        estimate,
    }
}

fn long_scene(scratch: &support::common::Scratch) -> SlowScene {
    static LONG: OnceLock<SlowScene> = OnceLock::new();
    LONG.get_or_init(|| sized_scene(scratch, LONG_RENDER)).clone()
}

fn medium_scene(scratch: &support::common::Scratch) -> SlowScene {
    static MEDIUM: OnceLock<SlowScene> = OnceLock::new();
    MEDIUM.get_or_init(|| sized_scene(scratch, MEDIUM_RENDER)).clone()
}

/// `spotray render` of the long scene's archive (the image an uninterrupted job makes).
fn long_reference(scratch: &support::common::Scratch) -> Vec<u8> {
    static REFERENCE: OnceLock<Vec<u8>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let scene = long_scene(scratch);
            let archive = scratch.path("slow.zip");
            std::fs::write(&archive, &scene.zip).unwrap();
            let (bytes, took) = render_locally(
                &archive,
                &scratch.path("slow-local.png"),
                &[],
                Duration::from_secs(300),
            );
            eprintln!("reference render of the long scene (all cores): {took:.1?}");
            bytes
        })
        .clone()
}

// ---- Worker helpers ----------------------------------------------------------------------

/// Fails (loudly) when `spotray work --help` lacks the spot flags.
fn require_spot_support() {
    let missing: Vec<&str> = ["--spot-poll-seconds", "--no-spot-watch", "--stop-timeout"]
        .into_iter()
        .filter(|flag| !worker_supports(flag))
        .collect();
    assert!(
        missing.is_empty(),
        "`spotray work --help` does not list {missing:?}: spot-interruption handling has not landed"
    );
}

/// Flags for a worker that watches IMDS every 0.5 s and polls the queue briefly (it does
/// not exit when the queue is empty: only a notice, a signal or a rebalance ends it).
const SPOT_FLAGS: &[&str] = &[
    "--spot-poll-seconds",
    "0.5",
    "--log-format",
    "json",
    "--wait-seconds",
    "1",
    "--retry-base-seconds",
    "1",
];

/// The IMDS part of [`SPOT_FLAGS`], to add to [`QUICK_WORKER_FLAGS`] (which has its own
/// `--wait-seconds` and `--exit-when-empty`).
const WATCH_FLAGS: &[&str] = &["--spot-poll-seconds", "0.5", "--log-format", "json"];

fn args<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(extra).copied().collect()
}

/// `spotray work` with `AWS_EC2_METADATA_SERVICE_ENDPOINT` pointing at `imds_endpoint`.
/// (`AWS_EC2_METADATA_DISABLED=true` stays set, for the SDK's credential chain only.)
fn spawn_worker(cloud: &Cloud, queue: &str, imds_endpoint: &str, args: &[&str]) -> Worker {
    let mut cmd = cloud.worker_command(&cloud.endpoint(), queue, args);
    cmd.env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds_endpoint);
    Worker::spawn(cmd)
}

/// Sends `sig` (`libc::SIGTERM`, `libc::SIGINT`) to the worker, as `kill -TERM` would,
/// without needing the `kill` program.
fn signal(worker: &Worker, sig: libc::c_int) {
    let pid = libc::pid_t::try_from(worker.pid()).expect("a pid fits in pid_t");
    // SAFETY: kill(2) takes plain integers and touches no memory of ours. The pid is our
    // own child, signalled only while it runs (not reaped), so it is not another process.
    if unsafe { libc::kill(pid, sig) } != 0 {
        panic!(
            "sending signal {sig} to the worker (pid {pid}) failed: {}",
            std::io::Error::last_os_error()
        );
    }
}

/// Whether `key` exists in the test bucket (HEAD, so a checkpoint is not downloaded).
async fn exists(cloud: &Cloud, key: &str) -> bool {
    match cloud.s3.head_object().bucket(&cloud.bucket).key(key).send().await {
        Ok(_) => true,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => false,
        Err(e) => panic!("HEAD s3://{}/{key}: {}", cloud.bucket, cloud.sdk_error(e)),
    }
}

/// Spot watcher warnings: `spot_watch_error`, or any WARN/ERROR record whose event starts
/// with `spot` (the contract says "`spot_watch_error` or similar").
fn spot_warnings(log: &Log) -> Vec<&Value> {
    log.records()
        .filter(|r| {
            let event = field_str(r, "event").unwrap_or("");
            let level = field_str(r, "level").unwrap_or("").to_ascii_uppercase();
            event == "spot_watch_error"
                || (event.starts_with("spot")
                    && event != "spot_watch_unavailable"
                    && (level == "WARN" || level == "ERROR"))
        })
        .collect()
}

fn u64_field(record: &Value, name: &str) -> Option<u64> {
    field_f64(record, name)
        .filter(|v| *v >= 0.0 && v.fract() == 0.0)
        .map(|v| v as u64)
}

/// Seconds from now until `t` (negative when past).
fn seconds_until(t: SystemTime) -> f64 {
    match t.duration_since(SystemTime::now()) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    }
}

/// Waits (async) until `imds` has a request satisfying `pred`; panics after `deadline`
/// with the worker's log and the requests. Returns the first matching request.
async fn wait_for_request(
    worker: &mut Worker,
    imds: &Imds,
    what: &str,
    deadline: Duration,
    pred: impl Fn(&[imds::Request], &imds::Request) -> bool,
) -> imds::Request {
    let start = Instant::now();
    loop {
        let requests = imds.requests();
        if let Some(found) = requests.iter().find(|r| pred(&requests, r)) {
            return found.clone();
        }
        if start.elapsed() >= deadline {
            panic!(
                "{}\n{}",
                worker.describe(&format!(
                    "no IMDS request {what} within {deadline:?} (the worker was given \
                     AWS_EC2_METADATA_SERVICE_ENDPOINT={} and AWS_EC2_METADATA_DISABLED=true; the \
                     latter is for the SDK's credential chain only)",
                    imds.endpoint()
                )),
                imds.describe_requests()
            );
        }
        if worker.has_exited() {
            tokio::time::sleep(Duration::from_millis(200)).await;
            panic!(
                "{}\n{}",
                worker.describe(&format!(
                    "the worker exited while waiting for an IMDS request {what}"
                )),
                imds.describe_requests()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---- Interrupt, then resume ------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Trigger {
    /// A terminate notice for now + this many seconds.
    Notice(u64),
    /// SIGTERM with `--stop-timeout` this many seconds.
    Sigterm(u64),
}

/// Acceptance window after the notice or signal: message visible, checkpoint stored,
/// worker exited 0.
const REACTION: Duration = Duration::from_secs(10);

const LONG_KEY: &str = "jobs/slow.zip";
const LONG_PNG: &str = "jobs/slow.png";
const LONG_CHECKPOINT: &str = "jobs/slow.checkpoint";

struct Interrupted {
    cloud: Cloud,
    imds: Imds,
    queue: String,
    scene: SlowScene,
    etag: String,
    tiles_done: u64,
    finished: Finished,
}

/// Starts the long job on one thread, interrupts it with `trigger` once a fifth of it is
/// rendered, and checks the interruption: within [`REACTION`] the message is visible,
/// the checkpoint exists and the worker exited 0, before the deadline.
/// A cloud with the long job uploaded and announced on a queue with `visibility`, an
/// instance-metadata stand-in for the worker, and the archive's ETag.
async fn long_job_queued(tag: &str, visibility: u32) -> (Cloud, SlowScene, String, Imds, String) {
    let cloud = Cloud::start(tag).await;
    let scene = long_scene(&cloud.scratch);
    let queue = cloud.create_queue(tag, visibility).await;
    let imds = Imds::start(TokenMode::Required);
    let etag = cloud.put(LONG_KEY, &scene.zip).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, LONG_KEY, scene.zip.len(), &etag),
        )
        .await;
    (cloud, scene, queue, imds, etag)
}

async fn run_until_interrupted(tag: &str, trigger: Trigger) -> Interrupted {
    require_spot_support();
    // Longer than REACTION: a visible message can only be the worker's doing.
    let (cloud, scene, queue, imds, etag) = long_job_queued(tag, 60).await;

    let stop_timeout;
    let mut extra = vec!["--threads", "1"];
    if let Trigger::Sigterm(seconds) = trigger {
        stop_timeout = seconds.to_string();
        extra.extend(["--stop-timeout", stop_timeout.as_str()]);
    }
    let worker_args = args(SPOT_FLAGS, &extra);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    worker
        .wait_for_event("job_started", Some(LONG_KEY), Duration::from_secs(60))
        .await;
    let into_job = Instant::now();
    // The watcher is running and using IMDSv2 tokens.
    wait_for_request(
        &mut worker,
        &imds,
        "polling spot/instance-action with a token",
        Duration::from_secs(10),
        |_, r| r.path == INSTANCE_ACTION_PATH && r.token_valid && r.status == Some(404),
    )
    .await;
    let before = (scene.estimate / 5).max(Duration::from_secs(3));
    tokio::time::sleep(before.saturating_sub(into_job.elapsed())).await;
    assert!(
        worker.log().events_for("job_succeeded", LONG_KEY).is_empty() && !worker.has_exited(),
        "{}",
        worker.describe(&format!(
            "the long job (estimated {:.1?} on one thread) ended within {before:?}: the scene is \
             too small for this machine",
            scene.estimate
        ))
    );

    let triggered = Instant::now();
    let deadline_at = match trigger {
        Trigger::Notice(ahead) => imds.post_notice_in("terminate", ahead),
        Trigger::Sigterm(timeout) => {
            signal(&worker, libc::SIGTERM);
            SystemTime::now() + Duration::from_secs(timeout)
        }
    };
    let deadline = triggered + Duration::from_secs_f64(seconds_until(deadline_at).max(0.0));
    eprintln!(
        "{trigger:?} {:.1?} into the job; deadline in {:.1?}",
        triggered - into_job,
        deadline - triggered
    );

    // Watch the three signs of a clean interruption.
    let (mut visible_at, mut checkpoint_at, mut exited_at) = (None, None, None);
    loop {
        let now = triggered.elapsed();
        if exited_at.is_none() && worker.has_exited() {
            exited_at = Some(now);
        }
        if visible_at.is_none() && cloud.queue_counts(&queue).await.0 >= 1 {
            visible_at = Some(now);
        }
        if checkpoint_at.is_none() && exists(&cloud, LONG_CHECKPOINT).await {
            checkpoint_at = Some(now);
        }
        if (visible_at.is_some() && checkpoint_at.is_some() && exited_at.is_some()) || now >= REACTION {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = worker.log();
    if visible_at.is_none() || checkpoint_at.is_none() || exited_at.is_none() {
        let succeeded = log.events_for("job_succeeded", LONG_KEY);
        let hint = match succeeded.first() {
            Some(record) => format!(
                "\nThe job SUCCEEDED instead (render_s {:?}): the worker judged that it could finish \
                 before the deadline, or the scene rendered faster than estimated ({:.1?}).",
                field_f64(record, "render_s"),
                scene.estimate
            ),
            None => String::new(),
        };
        panic!(
            "{}\n{}",
            worker.describe(&format!(
                "{REACTION:?} after {trigger:?} (deadline {:.1?} after it): message visible again: \
                 {visible_at:.1?}, checkpoint s3://{}/{LONG_CHECKPOINT} stored: {checkpoint_at:.1?}, \
                 worker exited: {exited_at:.1?} (None = not seen){hint}\nbucket: {:?}",
                deadline - triggered,
                cloud.bucket,
                cloud.keys().await
            )),
            imds.describe_requests()
        );
    }
    let exited_after = exited_at.unwrap();
    let finished = worker.finish(Duration::from_secs(5)).await;
    finished.assert_success(&format!("interrupted by {trigger:?}"));
    eprintln!(
        "after {trigger:?}: visible {visible_at:.1?}, checkpoint {checkpoint_at:.1?}, exited {exited_after:.1?}"
    );

    let mut problems = Vec::new();
    if triggered + exited_after >= deadline {
        problems.push(format!(
            "the worker exited {exited_after:.1?} after {trigger:?}, not before the deadline ({:.1?})",
            deadline - triggered
        ));
    }
    let log = &finished.log;
    for event in ["job_succeeded", "job_failed"] {
        if !log.events_for(event, LONG_KEY).is_empty() {
            problems.push(format!("`{event}` logged for an interrupted job"));
        }
    }
    let mut tiles_done = 0;
    match log.events_for("job_interrupted", LONG_KEY).as_slice() {
        [record] => {
            let done = u64_field(record, "tiles_done");
            let total = u64_field(record, "tiles_total");
            match (done, total) {
                (Some(done), Some(total)) => {
                    tiles_done = done;
                    if total != scene.tiles() {
                        problems.push(format!(
                            "job_interrupted says tiles_total {total}; a {}x{} image has {} tiles of {TILE}x{TILE}",
                            scene.size.0,
                            scene.size.1,
                            scene.tiles()
                        ));
                    }
                    if done == 0 || done >= total {
                        problems.push(format!(
                            "job_interrupted says tiles_done {done} of {total}: expected some but not all \
                             ({:.1?} of an estimated {:.1?} render had passed)",
                            triggered - into_job,
                            scene.estimate
                        ));
                    }
                }
                _ => problems.push(format!(
                    "job_interrupted lacks whole-number `tiles_done`/`tiles_total`: {record}"
                )),
            }
        }
        records => problems.push(format!(
            "expected one job_interrupted for {LONG_KEY}, got {}",
            records.len()
        )),
    }
    if cloud.get(LONG_PNG).await.is_some() {
        problems.push(format!("a result {LONG_PNG} was stored for an interrupted job"));
    }
    let keys = cloud.keys().await;
    if keys.iter().any(|k| k.ends_with(".error.json")) {
        problems.push(format!(
            "an error report was stored for an interrupted job: {keys:?}"
        ));
    }
    match cloud.get(LONG_CHECKPOINT).await {
        Some(checkpoint) => problems.extend(check_checkpoint(&checkpoint, &etag, &scene, tiles_done, "1")),
        None => problems.push(format!("the checkpoint {LONG_CHECKPOINT} disappeared")),
    }
    let counts = cloud.queue_counts(&queue).await;
    if counts != (1, 0, 0) {
        problems.push(format!(
            "after the interruption the queue should hold the one message, visible: (visible, in \
             flight, delayed) = {counts:?}"
        ));
    }
    if trigger_is_notice(trigger) {
        // IMDSv2: a token first, then every GET with one.
        let requests = imds.requests();
        if requests.first().is_some_and(|r| !r.is_token_put()) {
            problems.push(format!(
                "the first IMDS request was not the token PUT but {}",
                requests[0]
            ));
        }
        for r in requests.iter().filter(|r| r.is_token_put()) {
            if !r
                .ttl
                .as_deref()
                .and_then(|t| t.parse::<u64>().ok())
                .is_some_and(|t| (1..=21_600).contains(&t))
            {
                problems.push(format!("token PUT without a valid TTL header: {r}"));
            }
        }
        if let Some(r) = requests.iter().find(|r| r.is_metadata_get() && !r.has_token()) {
            problems.push(format!(
                "a metadata GET without a token (IMDSv2 is required here): {r}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n{}",
        finished.describe(&problems.join("\n")),
        imds.describe_requests()
    );
    Interrupted {
        cloud,
        imds,
        queue,
        scene,
        etag,
        tiles_done,
        finished,
    }
}

fn trigger_is_notice(trigger: Trigger) -> bool {
    matches!(trigger, Trigger::Notice(_))
}

/// Problems with a checkpoint object.
fn check_checkpoint(
    checkpoint: &StoredObject,
    etag: &str,
    scene: &SlowScene,
    tiles_done: u64,
    interruptions: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let meta = &checkpoint.metadata;
    let at = LONG_CHECKPOINT;
    match meta.get("source-etag") {
        Some(e) if bare_etag(e) == bare_etag(etag) => {}
        other => problems.push(format!(
            "{at}: metadata source-etag {other:?}, expected the archive's {etag} (metadata {meta:?})"
        )),
    }
    if meta.get("settings").is_none_or(|s| s.trim().is_empty()) {
        problems.push(format!("{at}: no non-empty `settings` metadata ({meta:?})"));
    }
    if meta.get("interruptions").map(|s| s.trim()) != Some(interruptions) {
        problems.push(format!(
            "{at}: metadata interruptions {:?}, expected {interruptions} ({meta:?})",
            meta.get("interruptions")
        ));
    }
    match meta.get("tiles").and_then(|t| t.trim().parse::<u64>().ok()) {
        Some(t) if t == tiles_done => {}
        other => problems.push(format!(
            "{at}: metadata tiles {other:?}, expected tiles_done {tiles_done} from job_interrupted ({meta:?})"
        )),
    }
    if checkpoint.bytes.is_empty() {
        problems.push(format!("{at} is empty"));
    }
    // The body format is the worker's business; when it is the renderer's own tile file,
    // check it holds what the metadata says.
    match spotray::render::film::partial::FinishedTiles::from_bytes(&checkpoint.bytes) {
        Ok(tiles) => {
            if (tiles.width, tiles.height) != scene.size || tiles.len() as u64 != tiles_done {
                problems.push(format!(
                    "{at}: holds {} tiles of a {}x{} image; expected {tiles_done} of {}x{}",
                    tiles.len(),
                    tiles.width,
                    tiles.height,
                    scene.size.0,
                    scene.size.1
                ));
            }
        }
        Err(e) => eprintln!(
            "NOTE: {at} ({} bytes) is not a bare FinishedTiles file ({e}); its tile count is not checked",
            checkpoint.bytes.len()
        ),
    }
    problems
}

/// A second worker takes the interrupted job: renders only the missing tiles, stores a
/// PNG identical to a local render, deletes the checkpoint, empties the queue.
async fn resume_and_compare(interrupted: Interrupted, extra: &[&str]) {
    let Interrupted {
        cloud,
        imds,
        queue,
        scene,
        etag,
        tiles_done,
        finished: first,
    } = interrupted;
    imds.clear_notice();
    let worker_args = args(
        &args(QUICK_WORKER_FLAGS, WATCH_FLAGS),
        &args(&["--threads", "2"], extra),
    );
    let finished = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args)
        .finish(Duration::from_secs(300))
        .await;
    let context = format!(
        "the resuming worker\n=== first (interrupted) worker ===\n{}",
        first.describe("")
    );
    finished.assert_success(&context);

    let mut problems = Vec::new();
    let log = &finished.log;
    if !log.events_for("job_failed", LONG_KEY).is_empty() {
        problems.push("job_failed logged for the resumed job".to_string());
    }
    match log.events_for("job_succeeded", LONG_KEY).as_slice() {
        [record] => {
            let resumed = u64_field(record, "tiles_resumed");
            let rendered = u64_field(record, "tiles_rendered");
            match (resumed, rendered) {
                (Some(resumed), Some(rendered)) => {
                    if resumed == 0 {
                        problems.push(format!(
                            "tiles_resumed is 0: the checkpoint with {tiles_done} tiles was not used"
                        ));
                    } else if resumed != tiles_done {
                        problems.push(format!(
                            "tiles_resumed {resumed}, but the checkpoint held {tiles_done} tiles"
                        ));
                    }
                    if resumed + rendered != scene.tiles() {
                        problems.push(format!(
                            "tiles_resumed {resumed} + tiles_rendered {rendered} != {} tiles in all",
                            scene.tiles()
                        ));
                    }
                }
                _ => problems.push(format!(
                    "job_succeeded lacks whole-number `tiles_resumed` and `tiles_rendered`: {record}"
                )),
            }
        }
        records => problems.push(format!(
            "expected one job_succeeded for {LONG_KEY}, got {}",
            records.len()
        )),
    }
    let (found, object) = cloud.check_png(LONG_PNG, &etag, scene.size).await;
    problems.extend(found);
    if let Some(object) = object {
        let reference = long_reference(&cloud.scratch);
        if object.bytes != reference {
            let kept = cloud.scratch.path("slow-worker.png");
            std::fs::write(&kept, &object.bytes).unwrap();
            problems.push(format!(
                "the resumed PNG differs from `spotray render` of the same archive ({} vs {} bytes; kept \
                 as {} and {})",
                object.bytes.len(),
                reference.len(),
                kept.display(),
                cloud.scratch.path("slow-local.png").display()
            ));
        }
    }
    if exists(&cloud, LONG_CHECKPOINT).await {
        problems.push(format!(
            "the checkpoint {LONG_CHECKPOINT} is still there after the result was stored"
        ));
    }
    let keys = cloud.keys().await;
    if keys.iter().any(|k| k.ends_with(".error.json")) {
        problems.push(format!("an error report was stored: {keys:?}"));
    }
    assert!(
        problems.is_empty(),
        "{}",
        finished.describe(&format!("{}\n{context}", problems.join("\n")))
    );
    cloud
        .assert_queue_drained(&queue, &finished.describe("after the resumed job"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spot_notice_checkpoints_the_job_and_a_second_worker_resumes_it() {
    let _gate = exclusive().await;
    let interrupted = run_until_interrupted("spot-notice", Trigger::Notice(10)).await;
    resume_and_compare(interrupted, &[]).await;
}

/// SIGTERM (what ECS, systemd and Kubernetes send) works like a notice with the deadline
/// `--stop-timeout` away. The resuming worker runs with `--max-receives 1`: the message's
/// second receive follows an interruption, not a failure, so it must not count. (This only
/// bites if the worker checks the receive count before rendering or the resumed attempt
/// fails transiently; the test checks that no error report appears either way.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_checkpoints_the_job_and_a_second_worker_resumes_it() {
    let _gate = exclusive().await;
    let interrupted = run_until_interrupted("spot-sigterm", Trigger::Sigterm(10)).await;
    resume_and_compare(interrupted, &["--max-receives", "1"]).await;
}

/// A checkpoint made from another version of the archive (re-uploaded since) is ignored:
/// the new version renders in full and gives the right image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkpoint_of_another_archive_version_is_ignored() {
    let _gate = exclusive().await;
    let interrupted = run_until_interrupted("spot-stale", Trigger::Notice(10)).await;
    let Interrupted {
        cloud,
        imds,
        scene,
        etag: old_etag,
        ..
    } = interrupted;
    imds.clear_notice();
    let bytes = scene.variant("re-uploaded");
    let etag = cloud.put(LONG_KEY, &bytes).await;
    assert_ne!(
        bare_etag(&etag),
        bare_etag(&old_etag),
        "the re-upload should change the ETag"
    );
    // A fresh queue with one message for the new version (the old message is left behind).
    let queue = cloud.create_queue("spot-stale-2", 60).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, LONG_KEY, bytes.len(), &etag),
        )
        .await;
    let worker_args = args(&args(QUICK_WORKER_FLAGS, WATCH_FLAGS), &["--threads", "2"]);
    let finished = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args)
        .finish(Duration::from_secs(300))
        .await;
    finished.assert_success("re-uploaded archive with a stale checkpoint");
    let mut problems = Vec::new();
    match finished.log.events_for("job_succeeded", LONG_KEY).as_slice() {
        [record] => {
            let resumed = u64_field(record, "tiles_resumed");
            if resumed.unwrap_or(0) != 0 {
                problems.push(format!(
                    "tiles_resumed {resumed:?}: tiles of the old archive version were reused"
                ));
            }
            if resumed.is_none() {
                eprintln!("NOTE: job_succeeded has no tiles_resumed; read as 0: {record}");
            }
            if let Some(rendered) = u64_field(record, "tiles_rendered") {
                if rendered != scene.tiles() {
                    problems.push(format!(
                        "tiles_rendered {rendered}, expected all {}",
                        scene.tiles()
                    ));
                }
            }
        }
        records => problems.push(format!("expected one job_succeeded, got {}", records.len())),
    }
    let (found, object) = cloud.check_png(LONG_PNG, &etag, scene.size).await;
    problems.extend(found);
    if let Some(object) = object {
        if object.bytes != long_reference(&cloud.scratch) {
            problems.push("the PNG differs from a local render of the scene".to_string());
        }
    }
    if let Some(checkpoint) = cloud.get(LONG_CHECKPOINT).await {
        // The contract only says a used checkpoint is deleted; a stale one left is litter.
        eprintln!(
            "NOTE: the stale checkpoint is still there after the new version's result was stored \
             (metadata {:?})",
            checkpoint.metadata
        );
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("stale checkpoint"))
        .await;
}

// ---- Jobs that may finish --------------------------------------------------------------------

/// A medium job is in flight and a tiny one waits behind it; `event` happens a second into
/// the medium job. Returns the finished worker, after checking that the medium job
/// finished and was stored, no checkpoint is left, the tiny job was never taken and its
/// message is still on the queue.
async fn finish_current_job_then_stop(tag: &str, post: impl FnOnce(&Imds)) -> (Cloud, Finished) {
    require_spot_support();
    let cloud = Cloud::start(tag).await;
    let scene = medium_scene(&cloud.scratch);
    let queue = cloud.create_queue(tag, 60).await;
    let imds = Imds::start(TokenMode::Required);
    let key = "jobs/medium.zip";
    let etag = cloud.put(key, &scene.zip).await;
    let tiny = tiny_zip("spot");
    let tiny_etag = cloud.put("jobs/tiny.zip", &tiny).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, key, scene.zip.len(), &etag),
        )
        .await;
    let worker_args = args(SPOT_FLAGS, &["--threads", "1"]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    worker
        .wait_for_event("job_started", Some(key), Duration::from_secs(60))
        .await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/tiny.zip", tiny.len(), &tiny_etag),
        )
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    post(&imds);
    let posted = Instant::now();
    let finished = worker.finish(scene.estimate * 4 + Duration::from_secs(60)).await;
    let took = posted.elapsed();
    finished.assert_success(tag);
    let mut problems = Vec::new();
    let log = &finished.log;
    if log.events_for("job_succeeded", key).len() != 1 {
        problems.push(format!(
            "the job in flight ({key}) should have finished: {} job_succeeded",
            log.events_for("job_succeeded", key).len()
        ));
    }
    if !log.events_for("job_interrupted", key).is_empty() {
        problems.push(format!("{key} was interrupted though it could finish in time"));
    }
    if !log.events_for("job_started", "jobs/tiny.zip").is_empty() {
        problems.push("a new job (jobs/tiny.zip) was taken after the notice".to_string());
    }
    let (found, _) = cloud.check_png("jobs/medium.png", &etag, scene.size).await;
    problems.extend(found);
    if exists(&cloud, "jobs/medium.checkpoint").await {
        problems.push("a checkpoint was left for a finished job".to_string());
    }
    if cloud.get("jobs/tiny.png").await.is_some() {
        problems.push("jobs/tiny.png was rendered after the notice".to_string());
    }
    // The tiny job's message was never received, so it is visible; the medium one deleted.
    let counts = cloud.queue_counts(&queue).await;
    if counts != (1, 0, 0) {
        problems.push(format!(
            "the queue should hold just the untouched tiny job, visible: (visible, in flight, delayed) = {counts:?}"
        ));
    }
    eprintln!("{tag}: the worker exited {took:.1?} after the event");
    assert!(
        problems.is_empty(),
        "{}\n{}",
        finished.describe(&problems.join("\n")),
        imds.describe_requests()
    );
    (cloud, finished)
}

/// A notice two minutes ahead while a short job renders: the job finishes and is stored,
/// nothing new is taken, exit 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_far_deadline_lets_the_job_in_flight_finish() {
    let _gate = exclusive().await;
    let deadline = std::sync::Mutex::new(None);
    let (_cloud, finished) = finish_current_job_then_stop("spot-far", |imds| {
        *deadline.lock().unwrap() = Some(imds.post_notice_in("terminate", 120));
    })
    .await;
    let deadline = deadline.lock().unwrap().expect("notice posted");
    assert!(
        seconds_until(deadline) > 60.0,
        "{}",
        finished.describe("the worker only exited near the notice's deadline, not once the job was done")
    );
}

/// A rebalance recommendation: finish the job in flight, take no new one, exit 0 saying why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebalance_recommendation_finishes_the_job_and_stops() {
    let _gate = exclusive().await;
    let (_cloud, finished) = finish_current_job_then_stop("spot-rebalance", |imds| {
        imds.post_rebalance();
    })
    .await;
    let stopped = finished.log.events("worker_stopped");
    assert!(
        stopped
            .iter()
            .any(|r| field_str(r, "reason").is_some_and(|s| s.to_ascii_lowercase().contains("rebalance"))),
        "{}",
        finished.describe("no worker_stopped event with a reason mentioning `rebalance`")
    );
}

/// A recommendation already standing when the worker starts (given before the worker was
/// placed on the instance) must not make it exit at once, or every replacement ECS starts
/// would exit too: it works through the queue and says why it ignored the advice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standing_rebalance_recommendation_does_not_stop_a_new_worker() {
    let _gate = shared().await;
    require_spot_support();
    let cloud = Cloud::start("spot-standing").await;
    let queue = cloud.create_queue("spot-standing", 30).await;
    let imds = Imds::start(TokenMode::Required);
    imds.post_rebalance();
    let zip = tiny_zip("standing rebalance");
    let etag = cloud.put("jobs/standing.zip", &zip).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/standing.zip", zip.len(), &etag),
        )
        .await;
    // Let the watcher see the recommendation before the job arrives and after.
    let worker_args = args(QUICK_WORKER_FLAGS, &args(WATCH_FLAGS, &["--threads", "1"]));
    let worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    let finished = worker.finish(support::SHORT_RUN).await;
    finished.assert_success("spot-standing");
    assert!(
        cloud.get("jobs/standing.png").await.is_some(),
        "{}",
        finished.describe("the job was not rendered: the standing recommendation stopped the worker")
    );
    assert!(
        !finished
            .log
            .events("rebalance_recommendation_standing")
            .is_empty(),
        "{}",
        finished.describe("no `rebalance_recommendation_standing` record")
    );
    assert!(
        finished.log.events("rebalance_recommendation").is_empty(),
        "{}",
        finished.describe("the standing recommendation was acted on")
    );
}

/// SQS will not keep a received message invisible for more than 12 hours: a render that
/// would run past that is checkpointed and handed back shortly before, and resumed on its
/// next receive, instead of reappearing for a second worker while the first still
/// renders it. Tested with the limit cut to 8 s (`--max-visibility-seconds`, hidden) on a
/// job of about 30 s: it must take several receives, each resuming the last, and end in
/// one PNG byte-identical to an uninterrupted render.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_nearing_the_visibility_limit_is_handed_back_and_resumed() {
    let _gate = exclusive().await;
    require_spot_support();
    let (cloud, _, queue, imds, _) = long_job_queued("spot-vislimit", 30).await;
    let reference = long_reference(&cloud.scratch);
    let worker_args = args(
        QUICK_WORKER_FLAGS,
        &args(WATCH_FLAGS, &["--threads", "1", "--max-visibility-seconds", "8"]),
    );
    let worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    let finished = worker.finish(Duration::from_secs(300)).await;
    finished.assert_success("spot-vislimit");
    let log = &finished.log;
    // No attempt may hold the message past the 8 s limit, so a worker busy for more
    // than two limits handed the job back at least twice. The job is sized for 30 s
    // from a probe render, but a probe slowed by a busy machine makes it shorter; then
    // one hand-back, with the resume checked below, is what can be asked.
    let handed_back = log.events("visibility_limit").len();
    let at_least = if finished.elapsed > Duration::from_secs(16) {
        2
    } else {
        1
    };
    assert!(
        handed_back >= at_least,
        "{}",
        finished.describe(&format!(
            "expected {at_least} or more hand-backs at the visibility limit in {:.1?}, saw {handed_back}",
            finished.elapsed
        ))
    );
    let succeeded = log.events_for("job_succeeded", LONG_KEY);
    assert_eq!(
        succeeded.len(),
        1,
        "{}",
        finished.describe("the job should succeed exactly once")
    );
    assert!(
        u64_field(succeeded[0], "tiles_resumed").is_some_and(|t| t > 0),
        "{}",
        finished.describe("the last attempt should resume the tiles of the earlier ones")
    );
    let png = cloud.get("jobs/slow.png").await.expect("the PNG");
    assert!(
        png.bytes == reference,
        "the resumed PNG differs from an uninterrupted render"
    );
    assert!(
        !exists(&cloud, "jobs/slow.checkpoint").await,
        "the checkpoint was left behind"
    );
}

/// One key, three archive versions: a bad one (its report is stored), a slow good one
/// that is replaced while it renders (its result must not be stored: the newer version
/// owns the key), and a quick good one whose PNG replaces the old report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outcomes_follow_the_newest_archive_version() {
    let _gate = exclusive().await;
    require_spot_support();
    let cloud = Cloud::start("spot-versions").await;
    let slow = medium_scene(&cloud.scratch);
    let queue = cloud.create_queue("spot-versions", 30).await;
    let imds = Imds::start(TokenMode::Required);
    let key = "jobs/versions.zip";
    let bad = zip_entries(&[
        ("scene.ini", b"Input_File_Name=scene.pov\n+W32 +H24\n"),
        ("scene.pov", b"sphere { 0, 1 pigment {\n"),
    ]);
    let etag = cloud.put(key, &bad).await;
    cloud
        .send(&queue, &messages::s3_event(&cloud.bucket, key, bad.len(), &etag))
        .await;
    let worker_args = args(SPOT_FLAGS, &["--threads", "1"]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    worker
        .wait_for_event("job_failed", Some(key), Duration::from_secs(60))
        .await;
    assert!(
        cloud.get("jobs/versions.error.json").await.is_some(),
        "no report for the bad version"
    );

    let etag = cloud.put(key, &slow.zip).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, key, slow.zip.len(), &etag),
        )
        .await;
    worker
        .wait_for("the slow version's job_started", Duration::from_secs(60), |log| {
            log.events_for("job_started", key).len() >= 2
        })
        .await;
    // Downloaded by now; it renders for about 6 s.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let quick = tiny_zip("the newest version");
    let newest = cloud.put(key, &quick).await;
    worker
        .wait_for_event("job_superseded", Some(key), Duration::from_secs(120))
        .await;
    assert!(
        cloud.get("jobs/versions.png").await.is_none(),
        "{}",
        worker.describe("the replaced version's render was stored")
    );
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, key, quick.len(), &newest),
        )
        .await;
    worker
        .wait_for_event("job_succeeded", Some(key), Duration::from_secs(60))
        .await;
    signal(&worker, libc::SIGTERM);
    let finished = worker.finish(Duration::from_secs(30)).await;
    let png = cloud
        .get("jobs/versions.png")
        .await
        .expect("the newest version's PNG");
    assert_eq!(
        png.metadata.get("source-etag").map(|e| bare_etag(e).to_string()),
        Some(bare_etag(&newest).to_string()),
        "{}",
        finished.describe("the PNG is not the newest version's")
    );
    assert!(
        cloud.get("jobs/versions.error.json").await.is_none(),
        "{}",
        finished.describe("the old version's report is still beside the new PNG")
    );
}

/// A scene whose parse alone takes about half a minute (three million loop iterations,
/// each evaluating a long expression).
const SLOW_PARSE_POV: &[u8] = b"#declare I = 0;
#while (I < 3000000)
  #declare X = sin(I) * cos(I) + sqrt(I) + pow(I, 0.3) + exp(-I) + ln(I + 1) + atan2(I, 3) + abs(sin(I * 2)) + vlength(<I, I, I>) + vdot(<1, 2, 3>, <I, I, I>);
  #declare I = I + 1;
#end
sphere { 0, 1 }
";

/// SIGTERM 2 s into a long parse: the parse stops, the message is visible again and the
/// worker exits 0, all within the stop timeout, and the interruption is logged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_long_parse_hands_the_job_back_within_the_stop_timeout() {
    let _gate = exclusive().await;
    require_spot_support();
    let cloud = Cloud::start("spot-parse").await;
    let queue = cloud.create_queue("spot-parse", 60).await;
    let imds = Imds::start(TokenMode::Required);
    let key = "jobs/slow-parse.zip";
    let zip = zip_entries(&[
        ("scene.ini", b"Input_File_Name=scene.pov\n+W32 +H24\n"),
        ("scene.pov", SLOW_PARSE_POV),
    ]);
    let etag = cloud.put(key, &zip).await;
    cloud
        .send(&queue, &messages::s3_event(&cloud.bucket, key, zip.len(), &etag))
        .await;
    let stop_timeout = Duration::from_secs(8);
    let timeout_arg = stop_timeout.as_secs().to_string();
    let worker_args = args(SPOT_FLAGS, &["--threads", "1", "--stop-timeout", &timeout_arg]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    worker
        .wait_for_event("job_started", Some(key), Duration::from_secs(60))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    signal(&worker, libc::SIGTERM);
    let signalled = Instant::now();
    let finished = worker.finish(stop_timeout + Duration::from_secs(5)).await;
    let exited_after = signalled.elapsed();
    assert!(
        finished.status.success() && exited_after < stop_timeout,
        "{}",
        finished.describe(&format!(
            "the worker should exit 0 within the stop timeout ({stop_timeout:?}); it took {exited_after:?}"
        ))
    );
    assert!(
        !finished.log.events_for("job_interrupted", key).is_empty(),
        "{}",
        finished.describe("no `job_interrupted` record for the parse that was stopped")
    );
    let (visible, in_flight, _) = cloud.queue_counts(&queue).await;
    assert_eq!(
        (visible, in_flight),
        (1, 0),
        "{}",
        finished.describe("the message should be visible again at once")
    );
    assert!(
        cloud.get("jobs/slow-parse.error.json").await.is_none(),
        "an interruption is not a failure"
    );
}

/// The first SIGINT starts the graceful path (with a long stop timeout the render may
/// finish); a second one ends the process at once, non-zero.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigint_exits_at_once() {
    let _gate = exclusive().await;
    require_spot_support();
    let (cloud, _, queue, imds, _) = long_job_queued("spot-sigint", 60).await;
    let worker_args = args(SPOT_FLAGS, &["--threads", "1", "--stop-timeout", "300"]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    worker
        .wait_for_event("job_started", Some(LONG_KEY), Duration::from_secs(60))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    signal(&worker, libc::SIGINT);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        !worker.has_exited(),
        "{}",
        worker.describe(
            "one SIGINT with --stop-timeout 300 ended the worker within 1.5 s, in the middle of a job \
             that could finish (about 30 s on one thread)"
        )
    );
    signal(&worker, libc::SIGINT);
    let second = Instant::now();
    let deadline = Duration::from_secs(3);
    while !worker.has_exited() && second.elapsed() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let waited = second.elapsed();
    assert!(
        worker.has_exited(),
        "{}",
        worker.describe(&format!(
            "the worker was still running {deadline:?} after a second SIGINT"
        ))
    );
    let finished = worker.finish(Duration::from_secs(5)).await;
    assert!(
        !finished.status.success(),
        "{}",
        finished.describe("a second SIGINT should end the worker with a non-zero status")
    );
    eprintln!("exited {waited:.2?} after the second SIGINT: {}", finished.status);
}

// ---- IMDS misbehaving --------------------------------------------------------------------------

/// An idle worker watches a misbehaving IMDS for a few seconds, then a tiny job comes and
/// must succeed; a spot warning must appear if `expect_warning`; the worker must still be
/// running, and SIGTERM must end it with 0. Returns the worker's log.
async fn survives(
    tag: &str,
    imds: Option<&Imds>,
    imds_endpoint: &str,
    expect_warning: bool,
) -> (Finished, Duration) {
    let describe_imds = || imds.map(Imds::describe_requests).unwrap_or_default();
    require_spot_support();
    let cloud = Cloud::start(tag).await;
    let queue = cloud.create_queue(tag, 30).await;
    let worker_args = args(SPOT_FLAGS, &["--threads", "1"]);
    let mut worker = spawn_worker(&cloud, &queue, imds_endpoint, &worker_args);
    worker
        .wait_for_event("worker_started", None, Duration::from_secs(30))
        .await;
    // Several poll intervals of bad answers before any work.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let tiny = tiny_zip(tag);
    let etag = cloud.put("jobs/tiny.zip", &tiny).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/tiny.zip", tiny.len(), &etag),
        )
        .await;
    worker
        .wait_for_event("job_succeeded", Some("jobs/tiny.zip"), Duration::from_secs(60))
        .await;
    if expect_warning {
        let imds_requests = describe_imds();
        worker
            .wait_for(
                &format!("spot watcher warning (spot_watch_error or similar)\n{imds_requests}"),
                Duration::from_secs(20),
                |log| !spot_warnings(log).is_empty(),
            )
            .await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        !worker.has_exited(),
        "{}\n{}",
        worker.describe("the worker exited by itself while IMDS misbehaved"),
        describe_imds()
    );
    let ran = worker.elapsed();
    signal(&worker, libc::SIGTERM);
    let finished = worker.finish(Duration::from_secs(10)).await;
    finished.assert_success(&format!("{tag}: SIGTERM to an idle worker\n{}", describe_imds()));
    let (found, _) = cloud
        .check_png("jobs/tiny.png", &etag, support::scenes::TINY_SIZE)
        .await;
    assert!(found.is_empty(), "{}", finished.describe(&found.join("\n")));
    for event in ["job_interrupted", "job_failed"] {
        assert!(
            finished.log.events(event).is_empty(),
            "{}",
            finished.describe(&format!("`{event}` while IMDS misbehaved"))
        );
    }
    (finished, ran)
}

/// Checks after [`survives`] for a faulty but reachable IMDS: it was asked more than once
/// (the watcher kept going), and nothing was read as a notice.
fn check_kept_asking(imds: &Imds, finished: &Finished, fault: Fault) {
    let requests = imds.requests();
    let asked = requests.iter().filter(|r| r.fault == fault).count();
    assert!(
        asked >= 2,
        "{}\n{}",
        finished.describe(&format!(
            "the watcher met the fault {fault:?} only {asked} times: it should keep polling"
        )),
        imds.describe_requests()
    );
    eprintln!(
        "{} IMDS requests, {asked} with {fault:?}; warnings: {}",
        requests.len(),
        spot_warnings(&finished.log).len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imds_503_is_a_warning_not_a_stop() {
    let _gate = shared().await;
    let imds = Imds::start(TokenMode::Required);
    imds.set_fault(Fault::Unavailable);
    let (finished, _) = survives("spot-503", Some(&imds), &imds.endpoint(), true).await;
    check_kept_asking(&imds, &finished, Fault::Unavailable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imds_garbage_is_a_warning_not_a_notice() {
    let _gate = shared().await;
    let imds = Imds::start(TokenMode::Required);
    imds.set_fault(Fault::Garbage);
    let (finished, _) = survives("spot-garbage", Some(&imds), &imds.endpoint(), true).await;
    check_kept_asking(&imds, &finished, Fault::Garbage);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imds_closing_connections_is_a_warning_not_a_stop() {
    let _gate = shared().await;
    let imds = Imds::start(TokenMode::Required);
    imds.set_fault(Fault::Close);
    let (finished, _) = survives("spot-close", Some(&imds), &imds.endpoint(), true).await;
    check_kept_asking(&imds, &finished, Fault::Close);
}

/// IMDS reads requests and never answers, token endpoint included: the watcher must time
/// out (a warning), and neither the job nor SIGTERM may wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imds_hanging_is_a_warning_not_a_stop() {
    let _gate = shared().await;
    let imds = Imds::start(TokenMode::Required);
    imds.set_hang_cap(Duration::from_secs(120));
    imds.set_fault(Fault::Hang);
    imds.set_token_fault(Fault::Hang);
    let (finished, _) = survives("spot-hang", Some(&imds), &imds.endpoint(), true).await;
    assert!(
        !imds.requests().is_empty(),
        "{}",
        finished.describe("the worker never asked IMDS")
    );
}

/// Nothing pending (404 on every spot path) is the normal state of a spot instance, not an
/// error: no warnings, no stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imds_404_is_the_quiet_normal_state() {
    let _gate = shared().await;
    let imds = Imds::start(TokenMode::Required);
    let (finished, ran) = survives("spot-404", Some(&imds), &imds.endpoint(), false).await;
    let gets = imds
        .requests()
        .iter()
        .filter(|r| r.path == INSTANCE_ACTION_PATH && r.status == Some(404))
        .count();
    // Every 0.5 s over the run; allow plenty of slack for a busy machine.
    let expected = (ran.as_secs_f64() / 0.5 / 3.0) as usize;
    assert!(
        gets >= expected.max(3),
        "{}\n{}",
        finished.describe(&format!(
            "only {gets} polls of spot/instance-action in {ran:.1?} with --spot-poll-seconds 0.5"
        )),
        imds.describe_requests()
    );
    let warnings = spot_warnings(&finished.log);
    assert!(
        warnings.is_empty(),
        "{}",
        finished.describe(&format!(
            "spot warnings although IMDS only said `nothing pending` (404): {warnings:?}"
        ))
    );
}

/// All tokens expire under the worker: its next GET gets 401; it must fetch a new token
/// and go on watching (a notice after that still stops it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_refreshed() {
    let _gate = shared().await;
    require_spot_support();
    let cloud = Cloud::start("spot-401").await;
    let queue = cloud.create_queue("spot-401", 30).await;
    let imds = Imds::start(TokenMode::Required);
    let worker_args = args(SPOT_FLAGS, &["--threads", "1"]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    wait_for_request(
        &mut worker,
        &imds,
        "with a valid token",
        Duration::from_secs(15),
        |_, r| r.path == INSTANCE_ACTION_PATH && r.token_valid && r.status == Some(404),
    )
    .await;
    imds.expire_tokens();
    let expired = imds.elapsed();
    let refused = wait_for_request(
        &mut worker,
        &imds,
        "refused (401) after the tokens expired",
        Duration::from_secs(10),
        |_, r| r.at >= expired && r.is_metadata_get() && r.status == Some(401),
    )
    .await;
    let refreshed = wait_for_request(
        &mut worker,
        &imds,
        "for a new token after the 401",
        Duration::from_secs(10),
        |_, r| r.at >= refused.at && r.is_token_put() && r.status == Some(200),
    )
    .await;
    wait_for_request(
        &mut worker,
        &imds,
        "with the new token",
        Duration::from_secs(10),
        |_, r| {
            r.at >= refreshed.at && r.path == INSTANCE_ACTION_PATH && r.token_valid && r.status == Some(404)
        },
    )
    .await;
    // Still working: a job completes...
    let tiny = tiny_zip("401");
    let etag = cloud.put("jobs/tiny.zip", &tiny).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/tiny.zip", tiny.len(), &etag),
        )
        .await;
    worker
        .wait_for_event("job_succeeded", Some("jobs/tiny.zip"), Duration::from_secs(60))
        .await;
    // ...and the watcher still sees notices.
    imds.post_notice_in("terminate", 60);
    let finished = worker.finish(Duration::from_secs(10)).await;
    finished.assert_success(&format!(
        "notice after a token refresh\n{}",
        imds.describe_requests()
    ));
    eprintln!("401 at {:.2?}, new token at {:.2?}", refused.at, refreshed.at);
}

/// The token endpoint answers `status`: the worker falls back to IMDSv1 (GETs without a
/// token) and still sees a notice.
async fn falls_back_to_imdsv1(status: u16) {
    require_spot_support();
    let tag = format!("spot-v1-{status}");
    let cloud = Cloud::start(&tag).await;
    let queue = cloud.create_queue(&tag, 30).await;
    let imds = Imds::start(TokenMode::Disabled(status));
    let worker_args = args(SPOT_FLAGS, &["--threads", "1"]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    let first_get = wait_for_request(
        &mut worker,
        &imds,
        &format!("for spot/instance-action without a token after the token PUT got {status}"),
        Duration::from_secs(15),
        |_, r| r.path == INSTANCE_ACTION_PATH && !r.has_token() && r.status == Some(404),
    )
    .await;
    let requests = imds.requests();
    assert!(
        requests.iter().any(|r| r.is_token_put() && r.at <= first_get.at),
        "{}\n{}",
        worker.describe("the worker did not try IMDSv2 (a token PUT) before IMDSv1"),
        imds.describe_requests()
    );
    imds.post_notice_in("terminate", 60);
    let finished = worker.finish(Duration::from_secs(10)).await;
    finished.assert_success(&format!("notice over IMDSv1\n{}", imds.describe_requests()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_to_imdsv1_when_the_token_endpoint_is_404() {
    let _gate = shared().await;
    falls_back_to_imdsv1(404).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_to_imdsv1_when_the_token_endpoint_is_403() {
    let _gate = shared().await;
    falls_back_to_imdsv1(403).await;
}

/// The token PUT is read but never answered while GETs work: what a container sees on an
/// instance with `HttpPutResponseHopLimit` 1 and IMDSv1 allowed (the PUT's answer dies one
/// hop short; the AWS SDKs then carry on with IMDSv1). The worker must still see a notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_put_that_times_out_falls_back_to_imdsv1() {
    let _gate = shared().await;
    require_spot_support();
    let cloud = Cloud::start("spot-hop-limit").await;
    let queue = cloud.create_queue("spot-hop-limit", 30).await;
    let imds = Imds::start(TokenMode::Optional);
    imds.set_hang_cap(Duration::from_secs(120));
    imds.set_token_fault(Fault::Hang);
    let worker_args = args(SPOT_FLAGS, &["--threads", "1"]);
    let mut worker = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args);
    wait_for_request(
        &mut worker,
        &imds,
        "for spot/instance-action without a token after the token PUT went unanswered",
        Duration::from_secs(20),
        |_, r| r.path == INSTANCE_ACTION_PATH && !r.has_token() && r.status == Some(404),
    )
    .await;
    imds.post_notice_in("terminate", 60);
    let finished = worker.finish(Duration::from_secs(10)).await;
    finished.assert_success(&format!(
        "notice over IMDSv1 after a token timeout\n{}",
        imds.describe_requests()
    ));
}

/// Nothing listens at the endpoint (not on EC2): logged once, work goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_imds_is_logged_once() {
    let _gate = shared().await;
    // Port 1: privileged, nothing listens there (the harness's own default).
    let (finished, _) = survives("spot-unreachable", None, "http://127.0.0.1:1", false).await;
    let unavailable = finished.log.events("spot_watch_unavailable");
    assert_eq!(
        unavailable.len(),
        1,
        "{}",
        finished.describe("expected exactly one spot_watch_unavailable event for an unreachable IMDS")
    );
}

/// `--no-spot-watch`: IMDS is never asked, even with a notice pending, and jobs run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_spot_watch_never_asks_imds() {
    let _gate = shared().await;
    require_spot_support();
    let cloud = Cloud::start("spot-off").await;
    let queue = cloud.create_queue("spot-off", 30).await;
    let imds = Imds::start(TokenMode::Optional);
    imds.post_notice_in("terminate", 30);
    imds.post_rebalance();
    let tiny = tiny_zip("off");
    let etag = cloud.put("jobs/tiny.zip", &tiny).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/tiny.zip", tiny.len(), &etag),
        )
        .await;
    let worker_args = args(
        &args(QUICK_WORKER_FLAGS, WATCH_FLAGS),
        &["--threads", "1", "--no-spot-watch"],
    );
    let finished = spawn_worker(&cloud, &queue, &imds.endpoint(), &worker_args)
        .finish(Duration::from_secs(60))
        .await;
    finished.assert_success("--no-spot-watch");
    assert_eq!(
        finished.log.events_for("job_succeeded", "jobs/tiny.zip").len(),
        1,
        "{}",
        finished.describe("the job did not succeed with --no-spot-watch")
    );
    assert!(
        imds.requests().is_empty(),
        "{}\n{}",
        finished.describe("--no-spot-watch, yet IMDS was asked"),
        imds.describe_requests()
    );
    assert!(
        finished.log.events("job_interrupted").is_empty()
            && field(
                finished
                    .log
                    .events("worker_stopped")
                    .first()
                    .copied()
                    .unwrap_or(&Value::Null),
                "reason"
            )
            .and_then(Value::as_str)
            .is_none_or(|r| !r.to_ascii_lowercase().contains("spot") && !r.contains("rebalance")),
        "{}",
        finished.describe("the worker reacted to IMDS with --no-spot-watch")
    );
}
