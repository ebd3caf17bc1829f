//! The worker keeps its message invisible while it renders: with a queue visibility
//! timeout of 2 s, a render of several seconds and a heartbeat every second, nobody else
//! can receive the message during the render, and the job runs exactly once.

mod support;

use std::time::{Duration, Instant};

use support::scenes::slow_scene_zip;
use support::worker::field_f64;
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

const VISIBILITY_TIMEOUT: u32 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visibility_is_extended_while_rendering() {
    let cloud = Cloud::start("visibility").await;
    let queue = cloud.create_queue("visibility", VISIBILITY_TIMEOUT).await;
    let (zip, size) = slow_scene_zip(&cloud.scratch, Duration::from_secs(10), 2);
    let key = "jobs/slow.zip";
    let etag = cloud.put(key, &zip).await;
    cloud
        .send(&queue, &messages::s3_event(&cloud.bucket, key, zip.len(), &etag))
        .await;

    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(["--threads", "2", "--heartbeat-seconds", "1"]);
    let mut worker = cloud.spawn_worker(&queue, &args);
    worker
        .wait_for_event("job_started", Some(key), Duration::from_secs(60))
        .await;

    // Another consumer polls the queue until the job is done. Whatever it receives, it
    // makes visible again at once (visibility 0), so as to disturb the worker as little as
    // possible; receiving anything is the failure.
    let started = Instant::now();
    let mut polls = 0;
    let mut stolen = Vec::new();
    while worker.log().events_for("job_succeeded", key).is_empty()
        && worker.log().events_for("job_failed", key).is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "{}",
            worker.describe("the job did not finish within 240 s")
        );
        let out = cloud
            .sqs
            .receive_message()
            .queue_url(&queue)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .visibility_timeout(0)
            .send()
            .await
            .unwrap_or_else(|e| panic!("ReceiveMessage: {}", cloud.sdk_error(e)));
        polls += 1;
        for message in out.messages() {
            let body: String = message.body().unwrap_or_default().chars().take(60).collect();
            stolen.push(format!(
                "{:.1?} after job_started: received message {} ({body}...)",
                started.elapsed(),
                message.message_id().unwrap_or_default(),
            ));
        }
        if worker.has_exited() {
            break;
        }
    }
    let watched = started.elapsed();
    let finished = worker.finish(Duration::from_secs(120)).await;
    finished.assert_success("visibility extension");

    let mut problems = Vec::new();
    if !stolen.is_empty() {
        problems.push(format!(
            "another consumer received the message {} times while it was being rendered (queue \
             visibility timeout {VISIBILITY_TIMEOUT} s, --heartbeat-seconds 1); the first:\n  {}",
            stolen.len(),
            stolen.iter().take(5).cloned().collect::<Vec<_>>().join("\n  ")
        ));
    }
    let started_records = finished.log.events_for("job_started", key);
    let succeeded = finished.log.events_for("job_succeeded", key);
    if started_records.len() != 1 || succeeded.len() != 1 {
        problems.push(format!(
            "the job should start and succeed exactly once: {} job_started, {} job_succeeded",
            started_records.len(),
            succeeded.len()
        ));
    }
    // The check means something only if the render outlasted the visibility timeout
    // several times over.
    let render_s = succeeded
        .first()
        .and_then(|r| field_f64(r, "render_s"))
        .unwrap_or(0.0);
    let minimum = 2.0 * f64::from(VISIBILITY_TIMEOUT);
    if render_s < minimum {
        problems.push(format!(
            "the render took {render_s:.2} s (render_s), less than {minimum} s: too short to show that \
             visibility is extended (watched {watched:.1?}, {polls} polls)"
        ));
    }
    if polls < 3 {
        problems.push(format!(
            "only {polls} polls by the other consumer during the render"
        ));
    }
    let (found, _) = cloud.check_png("jobs/slow.png", &etag, size).await;
    problems.extend(found);
    eprintln!("render_s {render_s:.2}, watched {watched:.1?} with {polls} polls");
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("after the slow job"))
        .await;
}
