//! Bad input never stops the worker: each permanent failure leaves an error report next
//! to the archive (when the message names one), the message is deleted, and a good job
//! queued after the bad ones is still rendered.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::common::repo_root;
use support::scenes::{tiny_zip, zeros_zip, zip_entries, TINY_SIZE};
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

/// The stage names accepted for each kind of failure. The contract names the field, not
/// its values; the worker says `download`, `unpack` (archive checks, extraction and scene
/// selection) and `parse`. A few synonyms are accepted so that a rename is not a failure,
/// but a failure reported at the wrong step is.
const DOWNLOAD: &[&str] = &["download"];
const EXTRACT: &[&str] = &["unpack", "extract", "archive", "unzip"];
const NO_SCENE: &[&str] = &["unpack", "extract", "archive", "select", "scene", "prepare"];
const PARSE: &[&str] = &["parse", "scene", "prepare"];

const SCENE_INI: &[u8] = b"Input_File_Name=scene.pov\n+W48 +H36\n";

/// A bad archive (or none) and what its error report must say.
struct BadJob {
    what: &'static str,
    key: &'static str,
    /// `None`: no object is uploaded (the message names a missing one).
    archive: Option<Vec<u8>>,
    stages: &'static [&'static str],
}

async fn run_bad_jobs(tag: &str, bad: Vec<BadJob>, garbage: &[&str], extra_args: &[&str]) {
    let cloud = Cloud::start(tag).await;
    let queue = cloud.create_queue(tag, 30).await;
    for body in garbage {
        cloud.send(&queue, body).await;
    }
    for job in &bad {
        let (size, etag) = match &job.archive {
            Some(bytes) => (bytes.len(), cloud.put(job.key, bytes).await),
            None => (1234, "\"0123456789abcdef0123456789abcdef\"".to_string()),
        };
        cloud
            .send(&queue, &messages::s3_event(&cloud.bucket, job.key, size, &etag))
            .await;
    }
    // The good job comes last.
    let good = tiny_zip("after the bad ones");
    let good_etag = cloud.put("jobs/good.zip", &good).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/good.zip", good.len(), &good_etag),
        )
        .await;

    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(extra_args);
    let finished = cloud.spawn_worker(&queue, &args).finish(support::SHORT_RUN).await;
    finished.assert_success(tag);
    let log = &finished.log;

    let mut problems = Vec::new();
    let (found, _) = cloud.check_png("jobs/good.png", &good_etag, TINY_SIZE).await;
    problems.extend(
        found
            .into_iter()
            .map(|p| format!("[good job after the bad ones] {p}")),
    );

    let rejected = log.events("message_rejected").len();
    if rejected != garbage.len() {
        problems.push(format!(
            "expected {} `message_rejected` records (one per body without a job), got {rejected}",
            garbage.len()
        ));
    }
    for job in &bad {
        let stem = job.key.strip_suffix(".zip").unwrap();
        let (found, report) = cloud
            .check_error_report(&format!("{stem}.error.json"), job.stages)
            .await;
        problems.extend(found.into_iter().map(|p| format!("[{}] {p}", job.what)));
        if let Some(report) = &report {
            eprintln!("[{}] error report: {report}", job.what);
        }
        if let (Some(report), Some(phrase)) = (&report, first_receive_phrase(job.what)) {
            let receives = report.get("receive_count").and_then(Value::as_u64);
            if receives != Some(1) {
                problems.push(format!(
                    "[{}] the failure is permanent: the report should come on the first receive, \
                     not receive {receives:?}",
                    job.what
                ));
            }
            let message = report.get("message").and_then(Value::as_str).unwrap_or("");
            if !message.contains(phrase) {
                problems.push(format!(
                    "[{}] the report should say `{phrase}`: {message:?}",
                    job.what
                ));
            }
        }
        if job.what == "scene with a syntax error" {
            if let Some(report) = &report {
                problems.extend(check_syntax_location(report));
            }
        }
        if cloud.get(&format!("{stem}.png")).await.is_some() {
            problems.push(format!("[{}] a PNG was uploaded for a failed job", job.what));
        }
        if log.events_for("job_failed", job.key).is_empty() {
            problems.push(format!(
                "[{}] no `job_failed` record with key {}",
                job.what, job.key
            ));
        }
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud.assert_queue_drained(&queue, &finished.describe(tag)).await;
}

/// For the failures that are the scene's fault and must be reported at the first receive,
/// a phrase their report must hold.
fn first_receive_phrase(what: &str) -> Option<&'static str> {
    match what {
        "scene including a file the archive lacks" => Some("absent.inc"),
        "scene over its memory budget" => Some("budget of 512.0 MiB"),
        "scene over its time budget" => Some("time budget of 0.5 s"),
        _ => None,
    }
}

/// `tests/fixtures/bad/syntax-error.pov` fails at line 3; the report must say where.
fn check_syntax_location(report: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(location) = report.get("location") else {
        return vec![format!("[syntax error] the report has no `location`: {report}")];
    };
    if !location
        .get("file")
        .and_then(Value::as_str)
        .is_some_and(|f| f.ends_with("scene.pov"))
    {
        problems.push(format!(
            "[syntax error] location.file should name scene.pov: {location}"
        ));
    }
    if location.get("line").and_then(Value::as_u64) != Some(3) {
        problems.push(format!("[syntax error] location.line should be 3: {location}"));
    }
    if location
        .get("column")
        .and_then(Value::as_u64)
        .is_none_or(|c| c < 1)
    {
        problems.push(format!(
            "[syntax error] location.column should be a column number: {location}"
        ));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_are_reported_and_the_worker_keeps_going() {
    let tiny_pov = std::fs::read(repo_root().join("tests/fixtures/tiny/tiny.pov")).unwrap();
    let syntax_error = std::fs::read(repo_root().join("tests/fixtures/bad/syntax-error.pov")).unwrap();
    let not_a_zip = std::fs::read(repo_root().join("tests/fixtures/bad/not-a-zip.zip")).unwrap();
    let bad = vec![
        BadJob {
            what: "event for a missing object",
            key: "jobs/missing.zip",
            archive: None,
            stages: DOWNLOAD,
        },
        BadJob {
            what: "not a zip",
            key: "jobs/not-a-zip.zip",
            archive: Some(not_a_zip),
            stages: EXTRACT,
        },
        BadJob {
            what: "zip-slip entry",
            key: "jobs/zip-slip.zip",
            archive: Some(zip_entries(&[
                ("scene.ini", SCENE_INI),
                ("scene.pov", &tiny_pov),
                (
                    "../evil.pov",
                    b"// must never be written outside the job's folder\n",
                ),
            ])),
            stages: EXTRACT,
        },
        BadJob {
            what: "archive without a scene",
            key: "jobs/no-scene.zip",
            archive: Some(zip_entries(&[("README.txt", b"no scene in here\n")])),
            stages: NO_SCENE,
        },
        BadJob {
            what: "scene with a syntax error",
            key: "jobs/syntax-error.zip",
            archive: Some(zip_entries(&[
                ("scene.ini", SCENE_INI),
                ("scene.pov", &syntax_error),
            ])),
            stages: PARSE,
        },
        // A file the archive lacks is the upload's fault: reported at once, not retried.
        BadJob {
            what: "scene including a file the archive lacks",
            key: "jobs/missing-include.zip",
            archive: Some(zip_entries(&[
                ("scene.ini", SCENE_INI),
                ("scene.pov", b"#include \"absent.inc\"\nsphere { 0, 1 }\n"),
            ])),
            stages: PARSE,
        },
    ];
    let garbage = [
        "this is not JSON at all \u{1F4A5}",
        r#"{"hello": "world", "Records": "nope"}"#,
    ];
    run_bad_jobs("bad-inputs", bad, &garbage, &[]).await;
}

/// A worker with `--max-memory 512M` fails a scene over it for good, at the first
/// receive, and goes on to the next job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scene_over_its_memory_budget_is_reported_at_once() {
    // As many objects as a scene may create, each with its own finish, normal and
    // transform: more than twice what fits (a million plain spheres fit in 400 MB).
    let flood = b"#for (I, 0, 999999)\n  sphere { <mod(I, 1000), div(I, 1000), 0>, 0.4 pigment { rgb <I / 1e6, 0.5, 0.5> }\n    finish { phong I / 1e6 } normal { bumps 0.1 scale 0.1 } rotate I * x }\n#end\n";
    let bad = vec![BadJob {
        what: "scene over its memory budget",
        key: "jobs/flood.zip",
        archive: Some(zip_entries(&[("scene.ini", SCENE_INI), ("scene.pov", flood)])),
        stages: PARSE,
    }];
    run_bad_jobs("memory-budget", bad, &[], &["--max-memory", "512M"]).await;
}

/// Likewise with `--max-render-seconds 0.5` and a parse that takes longer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scene_over_its_time_budget_is_reported_at_once() {
    let slow = b"#declare I = 0;\n#while (I < 9000000) #declare I = I + 1; #end\nsphere { 0, 1 }\n";
    let bad = vec![BadJob {
        what: "scene over its time budget",
        key: "jobs/slow.zip",
        archive: Some(zip_entries(&[("scene.ini", SCENE_INI), ("scene.pov", slow)])),
        stages: PARSE,
    }];
    run_bad_jobs("time-budget", bad, &[], &["--max-render-seconds", "0.5"]).await;
}

/// 50 MB of zeros deflated to about 50 KB. Refused by the default ratio limit (200:1 past
/// the first MiB); when the worker has `--max-uncompressed-bytes`, that is set to 10 MB too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zip_bomb_is_refused() {
    let tiny_ini = std::fs::read(repo_root().join("tests/fixtures/tiny/tiny.ini")).unwrap();
    let tiny_pov = std::fs::read(repo_root().join("tests/fixtures/tiny/tiny.pov")).unwrap();
    let bomb = {
        let zeros = vec![0u8; 50_000_000];
        zip_entries(&[
            ("tiny.ini", &tiny_ini),
            ("tiny.pov", &tiny_pov),
            ("padding.bin", &zeros),
        ])
    };
    assert!(
        bomb.len() < 200_000,
        "the bomb should be small: {} bytes",
        bomb.len()
    );
    // Also a bare entry of zeros, without a scene, in case the scene is looked for first.
    let bare = zeros_zip("zeros.bin", 50_000_000);
    let limit_flag = "--max-uncompressed-bytes";
    let extra: Vec<&str> = if support::worker_supports(limit_flag) {
        vec![limit_flag, "10000000"]
    } else {
        eprintln!("NOTE: `spotray work` has no {limit_flag}; relying on the default archive limits");
        Vec::new()
    };
    let bad = vec![
        BadJob {
            what: "zip bomb beside a scene",
            key: "jobs/bomb.zip",
            archive: Some(bomb),
            stages: EXTRACT,
        },
        BadJob {
            what: "zip bomb alone",
            key: "jobs/bomb-alone.zip",
            archive: Some(bare),
            stages: EXTRACT,
        },
    ];
    let started = std::time::Instant::now();
    run_bad_jobs("zip-bomb", bad, &[], &extra).await;
    assert!(
        started.elapsed() < Duration::from_secs(100),
        "refusing two small bombs took {:?}",
        started.elapsed()
    );
}
