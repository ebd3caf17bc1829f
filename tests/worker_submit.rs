//! `spotray submit` puts a job in: the archive goes to S3, an S3-notification-shaped
//! message to the queue, and the result's location is printed; `spotray work` then leaves
//! the PNG exactly there.

mod support;

use std::time::Duration;

use support::common::run_with_deadline;
use support::scenes::{tiny_zip, TINY_SIZE};
use support::worker::spotray_with_cloud_env;
use support::{Cloud, QUICK_WORKER_FLAGS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_then_work_leaves_the_result_at_the_printed_key() {
    let cloud = Cloud::start("submit").await;
    let queue = cloud.create_queue("submit", 30).await;
    let archive = cloud.scratch.path("my-job.zip");
    let zip = tiny_zip("submit");
    std::fs::write(&archive, &zip).unwrap();

    let mut cmd = spotray_with_cloud_env(&cloud.endpoint(), &cloud.scratch.path(""));
    cmd.arg("submit")
        .arg(&archive)
        .args(["--bucket", &cloud.bucket, "--queue-url", &queue]);
    let run = run_with_deadline(&mut cmd, Duration::from_secs(60));
    assert!(run.status.success(), "{}", run.describe("spotray submit failed"));
    let expected = format!("s3://{}/jobs/my-job.png", cloud.bucket);
    assert_eq!(
        run.stdout.trim(),
        expected,
        "{}",
        run.describe("submit should print the result's location, and only that, on stdout")
    );
    let uploaded = cloud
        .get("jobs/my-job.zip")
        .await
        .unwrap_or_else(|| panic!("{}", run.describe("submit did not upload jobs/my-job.zip")));
    assert!(
        uploaded.bytes == zip,
        "the uploaded archive differs from the file"
    );
    let etag = uploaded.etag.clone().expect("ETag");
    let (visible, _, _) = cloud.queue_counts(&queue).await;
    assert_eq!(
        visible,
        1,
        "{}",
        run.describe("submit should send exactly one message")
    );

    let finished = cloud
        .spawn_worker(&queue, QUICK_WORKER_FLAGS)
        .finish(Duration::from_secs(120))
        .await;
    finished.assert_success("after submit");
    let key = expected.strip_prefix(&format!("s3://{}/", cloud.bucket)).unwrap();
    let (problems, _) = cloud.check_png(key, &etag, TINY_SIZE).await;
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("after submit"))
        .await;
}

/// `--key` chooses where the archive goes (and so where the result will be); without a
/// queue nothing is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_with_a_key_and_no_queue_only_uploads() {
    let cloud = Cloud::start("submit-key").await;
    let queue = cloud.create_queue("submit-key", 30).await;
    let archive = cloud.scratch.path("scene.zip");
    let zip = tiny_zip("submit with key");
    std::fs::write(&archive, &zip).unwrap();

    let mut cmd = spotray_with_cloud_env(&cloud.endpoint(), &cloud.scratch.path(""));
    cmd.arg("submit")
        .arg(&archive)
        .args(["--bucket", &cloud.bucket, "--key", "renders/2024/custom.zip"]);
    let run = run_with_deadline(&mut cmd, Duration::from_secs(60));
    assert!(
        run.status.success(),
        "{}",
        run.describe("spotray submit --key failed")
    );
    assert_eq!(
        run.stdout.trim(),
        format!("s3://{}/renders/2024/custom.png", cloud.bucket),
        "{}",
        run.describe("submit --key should print the result's location")
    );
    let uploaded = cloud.get("renders/2024/custom.zip").await;
    assert!(
        uploaded.is_some_and(|o| o.bytes == zip),
        "{}",
        run.describe("the archive is not at renders/2024/custom.zip")
    );
    assert_eq!(
        cloud.queue_counts(&queue).await,
        (0, 0, 0),
        "no queue was given: nothing should be sent"
    );
}
