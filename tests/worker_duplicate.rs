//! At-least-once delivery: a message delivered again after its job is done must not
//! render or upload again (the result's `source-etag` matches the archive's ETag), while a
//! new version of the archive under the same key is rendered.

mod support;

use std::time::Duration;

use support::scenes::{tiny_zip, TINY_SIZE};
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_delivery_is_skipped_and_a_new_version_is_rendered() {
    let cloud = Cloud::start("duplicate").await;
    let queue = cloud.create_queue("duplicate", 30).await;
    let key = "jobs/dup.zip";
    let png_key = "jobs/dup.png";
    let zip = tiny_zip("first");
    let etag = cloud.put(key, &zip).await;
    let event = messages::s3_event(&cloud.bucket, key, zip.len(), &etag);

    // 1. First delivery: rendered.
    cloud.send(&queue, &event).await;
    let first = cloud
        .spawn_worker(&queue, QUICK_WORKER_FLAGS)
        .finish(support::SHORT_RUN)
        .await;
    first.assert_success("first delivery");
    let (problems, object) = cloud.check_png(png_key, &etag, TINY_SIZE).await;
    assert!(problems.is_empty(), "{}", first.describe(&problems.join("\n")));
    let rendered = object.unwrap();
    assert_eq!(
        first.log.events_for("job_succeeded", key).len(),
        1,
        "{}",
        first.describe("first delivery")
    );

    // 2. The same event again, after the first completed. S3's LastModified has a
    //    resolution of one second: wait past it so that an upload would show.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    cloud.send(&queue, &event).await;
    let second = cloud
        .spawn_worker(&queue, QUICK_WORKER_FLAGS)
        .finish(support::SHORT_RUN)
        .await;
    second.assert_success("second delivery");
    let mut problems = Vec::new();
    if second.log.events_for("job_duplicate", key).len() != 1 {
        problems.push(format!(
            "expected one `job_duplicate` record for {key}, got {}",
            second.log.events_for("job_duplicate", key).len()
        ));
    }
    let again = cloud.get(png_key).await.expect("the PNG is still there");
    if again.last_modified != rendered.last_modified {
        problems.push(format!(
            "the PNG was uploaded again: LastModified {:?} -> {:?}",
            rendered.last_modified, again.last_modified
        ));
    }
    assert!(problems.is_empty(), "{}", second.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &second.describe("after the duplicate"))
        .await;

    // 3. A new archive under the same key: its ETag differs from the result's
    //    source-etag, so this is a new job, not a duplicate.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let zip2 = tiny_zip("second version");
    let etag2 = cloud.put(key, &zip2).await;
    assert_ne!(etag, etag2, "different bytes should give a different ETag");
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, key, zip2.len(), &etag2),
        )
        .await;
    let third = cloud
        .spawn_worker(&queue, QUICK_WORKER_FLAGS)
        .finish(support::SHORT_RUN)
        .await;
    third.assert_success("new version");
    let (mut problems, object) = cloud.check_png(png_key, &etag2, TINY_SIZE).await;
    if !third.log.events_for("job_duplicate", key).is_empty() {
        problems.push("a new version of the archive was taken for a duplicate".to_string());
    }
    if let Some(object) = object {
        if object.last_modified == rendered.last_modified {
            problems.push("the PNG was not uploaded again for the new archive".to_string());
        }
    }
    assert!(problems.is_empty(), "{}", third.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &third.describe("after the new version"))
        .await;
}
