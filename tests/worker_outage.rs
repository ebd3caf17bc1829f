//! The emulator goes away in the middle of a job and comes back: the worker reaches S3 and
//! SQS only through a loopback proxy that the test switches off while the job renders
//! (connections refused, open ones cut) and on again some seconds later. The message must
//! not be lost: the job is done later, and the worker exits 0 once the queue is empty.
//! The same proxy also plays an overloaded S3 (503 for one archive, every time), to check
//! that transient failures end in an error report after `--max-receives` receives.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::cloud::{sdk_config, sqs_client};
use support::proxy::Proxy;
use support::scenes::{slow_scene_zip, tiny_zip, TINY_SIZE};
use support::worker::{field_f64, field_str, Log};
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

const VISIBILITY_TIMEOUT: u32 = 3;
const OUTAGE: Duration = Duration::from_secs(10);

/// Records that show the worker saw a transient failure: a `job_retry`, a record whose
/// event or level speaks of a retry, a transient error or a failed heartbeat, or a WARN /
/// ERROR record.
fn transient_signs(log: &Log) -> Vec<&Value> {
    log.records()
        .filter(|r| {
            let event = field_str(r, "event").unwrap_or("").to_ascii_lowercase();
            let level = field_str(r, "level").unwrap_or("").to_ascii_uppercase();
            event == "job_retry"
                || ["retry", "transient", "heartbeat", "error", "unavailable"]
                    .iter()
                    .any(|w| event.contains(w))
                || level == "WARN"
                || level == "ERROR"
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_away_and_back_mid_job() {
    let cloud = Cloud::start("outage").await;
    let proxy = Proxy::start(cloud.moto.addr());
    // Create the queue through the proxy, so that its URL names the proxy too.
    let via_proxy = sqs_client(&sdk_config(&proxy.endpoint()).await);
    let queue = cloud
        .create_queue_with(&via_proxy, "outage", VISIBILITY_TIMEOUT)
        .await;
    assert!(
        queue.contains(&format!(":{}/", proxy.port())),
        "queue URL {queue} should name the proxy"
    );

    let (zip, size) = slow_scene_zip(&cloud.scratch, Duration::from_secs(6), 2);
    let key = "jobs/outage.zip";
    let etag = cloud.put(key, &zip).await;
    cloud
        .send(&queue, &messages::s3_event(&cloud.bucket, key, zip.len(), &etag))
        .await;

    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(["--threads", "2", "--heartbeat-seconds", "1"]);
    let mut worker = support::Worker::spawn(cloud.worker_command(&proxy.endpoint(), &queue, &args));
    worker
        .wait_for_event("job_started", Some(key), Duration::from_secs(60))
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    proxy.go_away();
    let away_at = worker.elapsed();
    eprintln!(
        "emulator away at {away_at:.1?} for {OUTAGE:?} ({} connections cut)",
        proxy.cut()
    );
    tokio::time::sleep(OUTAGE).await;
    assert!(
        worker.log().events_for("job_succeeded", key).is_empty(),
        "{}",
        worker.describe("the job succeeded while S3 and SQS were unreachable")
    );
    proxy.come_back();
    let accepted_when_back = proxy.accepted();
    eprintln!("emulator back at {:.1?}", worker.elapsed());

    let finished = worker.finish(Duration::from_secs(240)).await;
    finished.assert_success("emulator away and back");
    let mut problems = Vec::new();
    let (found, _) = cloud.check_png("jobs/outage.png", &etag, size).await;
    problems.extend(found);
    if finished.log.events_for("job_succeeded", key).is_empty() {
        problems.push(format!("no job_succeeded for {key}"));
    }
    if cloud.get("jobs/outage.error.json").await.is_some() {
        problems
            .push("an error report was uploaded: a network outage is not a permanent failure".to_string());
    }
    let signs = transient_signs(&finished.log);
    if signs.is_empty() {
        problems.push(
            "the log shows no retry, transient error or warning although S3 and SQS were unreachable \
             for 10 s mid-job"
                .to_string(),
        );
    } else {
        eprintln!("transient signs in the log: {signs:#?}");
    }
    if proxy.accepted() <= accepted_when_back {
        problems.push("the worker made no connection after the emulator came back".to_string());
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("after the outage"))
        .await;
}

/// S3 keeps answering `503 Slow Down` for one archive: the worker retries it with growing
/// delays, and after `--max-receives` receives fails it for good with an error report and
/// deletes the message, while a good job in the same queue is done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_end_in_a_report_after_max_receives() {
    const MAX_RECEIVES: usize = 3;
    let cloud = Cloud::start("max-receives").await;
    let proxy = Proxy::start(cloud.moto.addr());
    let via_proxy = sqs_client(&sdk_config(&proxy.endpoint()).await);
    let queue = cloud.create_queue_with(&via_proxy, "max-receives", 5).await;

    let flaky = tiny_zip("flaky");
    let flaky_key = "jobs/flaky.zip";
    let flaky_etag = cloud.put(flaky_key, &flaky).await;
    let good = tiny_zip("good");
    let good_etag = cloud.put("jobs/good.zip", &good).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, flaky_key, flaky.len(), &flaky_etag),
        )
        .await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/good.zip", good.len(), &good_etag),
        )
        .await;
    proxy.fail_requests_for(Some("/jobs/flaky.zip"));

    let max_receives = MAX_RECEIVES.to_string();
    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(["--max-receives", &max_receives]);
    let worker = support::Worker::spawn(cloud.worker_command(&proxy.endpoint(), &queue, &args));
    let finished = worker.finish(Duration::from_secs(240)).await;
    finished.assert_success("an archive S3 will not serve");
    let log = &finished.log;

    let mut problems = Vec::new();
    let (found, _) = cloud.check_png("jobs/good.png", &good_etag, TINY_SIZE).await;
    problems.extend(found.into_iter().map(|p| format!("[good job] {p}")));
    if proxy.faults() < MAX_RECEIVES as u64 {
        problems.push(format!(
            "only {} requests for {flaky_key} were answered 503: the worker did not try on each receive",
            proxy.faults()
        ));
    }
    // job_retry records may lack the key: follow the message id.
    let message_ids: Vec<&str> = log
        .events_for("job_started", flaky_key)
        .iter()
        .filter_map(|r| field_str(r, "message_id"))
        .collect();
    let retries = log
        .events("job_retry")
        .into_iter()
        .filter(|r| field_str(r, "message_id").is_some_and(|id| message_ids.contains(&id)))
        .count();
    if retries != MAX_RECEIVES - 1 {
        problems.push(format!(
            "expected {} job_retry records for {flaky_key} (message {message_ids:?}) with --max-receives \
             {MAX_RECEIVES}, got {retries}",
            MAX_RECEIVES - 1
        ));
    }
    match log.events_for("job_failed", flaky_key).as_slice() {
        [record] => {
            if let Some(count) = field_f64(record, "receive_count") {
                if count as usize != MAX_RECEIVES {
                    problems.push(format!(
                        "job_failed after {count} receives, expected {MAX_RECEIVES}: {record}"
                    ));
                }
            }
        }
        records => problems.push(format!(
            "expected one job_failed for {flaky_key}, got {}",
            records.len()
        )),
    }
    let (found, report) = cloud
        .check_error_report("jobs/flaky.error.json", &["download"])
        .await;
    problems.extend(found);
    if let Some(report) = report {
        eprintln!("error report after {MAX_RECEIVES} receives: {report}");
    }
    if cloud.get("jobs/flaky.png").await.is_some() {
        problems.push("a PNG exists for the archive S3 never served".to_string());
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("after max receives"))
        .await;
}
