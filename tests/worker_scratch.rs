//! Scratch space: a worker renders in its own locked folder under TMPDIR and removes it
//! when it exits; at start-up it removes the folders that dead workers left (a SIGKILL,
//! an OOM kill, a reclaimed spot instance) and leaves everything else alone.

mod support;

use support::scenes::tiny_zip;
use support::worker::Worker;
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_workers_scratch_is_swept_and_a_worker_cleans_up_after_itself() {
    let cloud = Cloud::start("scratch").await;
    let queue = cloud.create_queue("scratch", 30).await;
    let tmp = cloud.scratch.path("tmp");
    // What a worker killed in the middle of a job leaves: its folder, an unheld lock, a
    // job folder with the archive in it.
    let dead = tmp.join("spotray-worker-killed");
    std::fs::create_dir_all(dead.join("spotray-job-x")).unwrap();
    std::fs::write(dead.join("lock"), b"").unwrap();
    std::fs::write(dead.join("spotray-job-x/scene.zip"), vec![7u8; 100_000]).unwrap();
    let unrelated = tmp.join("someone-elses");
    std::fs::create_dir_all(&unrelated).unwrap();

    let zip = tiny_zip("scratch");
    let etag = cloud.put("jobs/scratch.zip", &zip).await;
    cloud
        .send(
            &queue,
            &messages::s3_event(&cloud.bucket, "jobs/scratch.zip", zip.len(), &etag),
        )
        .await;
    let mut cmd = cloud.worker_command(&cloud.endpoint(), &queue, QUICK_WORKER_FLAGS);
    cmd.env("TMPDIR", &tmp);
    let finished = Worker::spawn(cmd).finish(support::SHORT_RUN).await;
    finished.assert_success("scratch");
    assert!(
        cloud.get("jobs/scratch.png").await.is_some(),
        "{}",
        finished.describe("no PNG")
    );
    assert!(
        !dead.exists(),
        "{}",
        finished.describe("the dead worker's folder is still there")
    );
    assert!(unrelated.exists(), "a folder that is not a worker's was removed");
    assert_eq!(
        finished.log.events("scratch_swept").len(),
        1,
        "{}",
        finished.describe("expected one `scratch_swept` record")
    );
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("spotray-"))
        .collect();
    assert!(left.is_empty(), "the worker left {left:?} behind in TMPDIR");
}
