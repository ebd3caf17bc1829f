//! Every message shape the worker accepts, in one queue: an S3 event whose key has a space
//! (`+` in the event) and one with a literal `+` (`%2B`), the same event wrapped by SNS,
//! double-encoded by a Lambda's `JSON.stringify`, an EventBridge "Object Created" event, a
//! plain `{"bucket","key"}`, and the `s3:TestEvent` (no job: deleted).

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use support::scenes::{tiny_zip, TINY_SIZE};
use support::worker::check_finished_record;
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_format_becomes_a_job() {
    let cloud = Cloud::start("formats").await;
    let queue = cloud.create_queue("formats", 30).await;
    let bucket = cloud.bucket.clone();

    type Shape = fn(&str, &str, usize, &str) -> String;
    let shapes: [(&str, &str, Shape); 6] = [
        (
            "S3 event, key with a space",
            "jobs/my scene.zip",
            messages::s3_event,
        ),
        (
            "S3 event, key with a literal +",
            "jobs/a+b (1).zip",
            messages::s3_event,
        ),
        ("SNS-wrapped S3 event", "jobs/via-sns.zip", |b, k, n, e| {
            messages::sns_wrapped(&messages::s3_event(b, k, n, e))
        }),
        (
            "Lambda JSON.stringify-wrapped S3 event",
            "jobs/via-lambda.zip",
            |b, k, n, e| messages::lambda_stringified(&messages::s3_event(b, k, n, e)),
        ),
        (
            "EventBridge Object Created",
            "jobs/via-eventbridge.zip",
            messages::eventbridge_object_created,
        ),
        ("plain {bucket, key}", "jobs/plain.zip", |b, k, _, _| {
            messages::plain(b, k)
        }),
    ];
    let mut jobs = Vec::new();
    for (what, key, shape) in shapes {
        let zip = tiny_zip(key);
        let etag = cloud.put(key, &zip).await;
        let body = shape(&bucket, key, zip.len(), &etag);
        cloud.send(&queue, &body).await;
        jobs.push((what, key, etag, body));
    }
    cloud.send(&queue, &messages::s3_test_event(&bucket)).await;

    let finished = cloud
        .spawn_worker(&queue, QUICK_WORKER_FLAGS)
        .finish(support::SHORT_RUN)
        .await;
    finished.assert_success("message formats");
    let log = &finished.log;

    let mut problems = Vec::new();
    let mut expected_keys = BTreeSet::new();
    for (what, key, etag, body) in &jobs {
        let png_key = format!("{}.png", key.strip_suffix(".zip").unwrap());
        expected_keys.insert(key.to_string());
        expected_keys.insert(png_key.clone());
        let (found, _) = cloud.check_png(&png_key, etag, TINY_SIZE).await;
        if !found.is_empty() {
            problems.push(format!("[{what}] message body: {body}"));
            problems.extend(found.into_iter().map(|p| format!("[{what}] {p}")));
        }
        match log.events_for("job_succeeded", key).as_slice() {
            [record] => problems.extend(
                check_finished_record(record)
                    .into_iter()
                    .map(|p| format!("[{what}] {p}")),
            ),
            records => problems.push(format!(
                "[{what}] expected one job_succeeded with key {key:?} (decoded), got {}",
                records.len()
            )),
        }
    }
    if log.events("test_event").len() != 1 {
        problems.push(format!(
            "expected one `test_event` record for the s3:TestEvent, got {}",
            log.events("test_event").len()
        ));
    }
    // Nothing else was written: no error reports, no result for the test event.
    let keys: BTreeSet<String> = cloud.keys().await.into_iter().collect();
    if keys != expected_keys {
        problems.push(format!(
            "the bucket should hold exactly the archives and their PNGs\n  expected: {expected_keys:?}\n  found:    {keys:?}"
        ));
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("after all message formats"))
        .await;
}

/// The queue URL can come from `SQS_QUEUE_URL` instead of `--queue-url`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_url_from_the_environment() {
    let cloud = Cloud::start("formats-env").await;
    let queue = cloud.create_queue("formats-env", 30).await;
    let zip = tiny_zip("env");
    let etag = cloud.put("jobs/env.zip", &zip).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/env.zip", zip.len(), &etag),
        )
        .await;
    let mut cmd = support::worker::spotray_with_cloud_env(&cloud.endpoint(), &cloud.scratch.path(""));
    cmd.env("SQS_QUEUE_URL", &queue)
        .arg("work")
        .args(QUICK_WORKER_FLAGS);
    let finished = support::Worker::spawn(cmd).finish(Duration::from_secs(120)).await;
    finished.assert_success("queue URL from SQS_QUEUE_URL");
    let (problems, _) = cloud.check_png("jobs/env.png", &etag, TINY_SIZE).await;
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("SQS_QUEUE_URL"))
        .await;
}

/// `--log-format text` is for people: no JSON lines, but the job's key is mentioned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_log_format() {
    let cloud = Cloud::start("formats-text").await;
    let queue = cloud.create_queue("formats-text", 30).await;
    let zip = tiny_zip("text");
    let etag = cloud.put("jobs/text.zip", &zip).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/text.zip", zip.len(), &etag),
        )
        .await;
    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(["--log-format", "text"]);
    let finished = cloud.spawn_worker(&queue, &args).finish(support::SHORT_RUN).await;
    finished.assert_success("--log-format text");
    let (mut problems, _) = cloud.check_png("jobs/text.png", &etag, TINY_SIZE).await;
    let json_lines = finished.log.records().filter(|r| r.is_object()).count();
    if json_lines > 0 {
        problems.push(format!("--log-format text printed {json_lines} JSON lines"));
    }
    if !format!("{}\n{}", finished.log.text(), finished.stderr).contains("jobs/text.zip") {
        problems.push("the text log does not mention the job's key".to_string());
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
}
