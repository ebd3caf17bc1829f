//! `spotray work` end to end on good jobs, against moto: the sample scenes and the ECSLogo
//! reference job go in as S3 event messages and come out as PNGs next to their archives,
//! byte for byte what a local `spotray render` makes, with the queue left empty.

mod support;

use std::time::Duration;

use support::scenes::{ini_size, render_locally, sample_scene_zip};
use support::worker::{check_finished_record, field_str};
use support::{messages, Cloud, QUICK_WORKER_FLAGS};

/// Renders the three sample scenes through the queue and compares each PNG with a local
/// render of the same archive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sample_scenes_render_through_the_queue_like_locally() {
    let cloud = Cloud::start("happy-samples").await;
    let queue = cloud.create_queue("happy-samples", 30).await;
    let scenes = ["spheres", "csg", "studio"];
    let mut jobs = Vec::new();
    for name in scenes {
        let zip = sample_scene_zip(name);
        let key = format!("jobs/{name}.zip");
        let etag = cloud.put(&key, &zip).await;
        let archive = cloud.scratch.path(&format!("{name}.zip"));
        std::fs::write(&archive, &zip).unwrap();
        let ini =
            std::fs::read_to_string(support::common::repo_root().join(format!("scenes/{name}/{name}.ini")))
                .unwrap();
        let size = ini_size(&ini).expect("sample INI gives +W and +H");
        cloud
            .send(&queue, &messages::s3_event(&cloud.bucket, &key, zip.len(), &etag))
            .await;
        jobs.push((name, key, etag, archive, size));
    }

    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(["--threads", "2"]);
    let finished = cloud
        .spawn_worker(&queue, &args)
        .finish(Duration::from_secs(300))
        .await;
    finished.assert_success("three sample scenes");
    let log = &finished.log;

    let mut problems = Vec::new();
    // The default log format is one JSON object per line, with `event` at the top level.
    for line in log.non_json_lines() {
        problems.push(format!("stdout line is not a JSON object: {line}"));
    }
    // The worker's own records carry `event` at the top level (not under `fields`), so
    // that log queries can filter on it. Records from libraries (the AWS SDK's warnings,
    // say) may lack it: listed, not failed.
    for record in log.records() {
        match record.get("event") {
            Some(event) if event.is_string() => {}
            Some(event) => problems.push(format!("`event` is not a string: {event} in {record}")),
            None if record.get("fields").and_then(|f| f.get("event")).is_some() => problems.push(format!(
                "`event` is nested under `fields`, not at the top level: {record}"
            )),
            None => eprintln!("NOTE: log record without `event`: {record}"),
        }
    }
    for (name, key, etag, archive, size) in &jobs {
        let png_key = format!("jobs/{name}.png");
        if log.events_for("job_started", key).is_empty() {
            problems.push(format!("no job_started logged for {key}"));
        }
        match log.events_for("job_succeeded", key).as_slice() {
            [record] => {
                problems.extend(check_finished_record(record));
                if field_str(record, "bucket") != Some(cloud.bucket.as_str()) {
                    problems.push(format!("job_succeeded for {key} names another bucket: {record}"));
                }
            }
            records => problems.push(format!(
                "expected one job_succeeded for {key}, got {}",
                records.len()
            )),
        }
        let (found, object) = cloud.check_png(&png_key, etag, *size).await;
        problems.extend(found);
        if let Some(object) = object {
            let local = cloud.scratch.path(&format!("{name}-local.png"));
            let (bytes, _) = render_locally(archive, &local, &[], Duration::from_secs(300));
            if bytes != object.bytes {
                let worker_copy = cloud.scratch.path(&format!("{name}-worker.png"));
                std::fs::write(&worker_copy, &object.bytes).unwrap();
                problems.push(format!(
                    "{png_key} differs from `spotray render {}` ({} vs {} bytes; both kept as {} and {})",
                    archive.display(),
                    object.bytes.len(),
                    bytes.len(),
                    worker_copy.display(),
                    local.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud
        .assert_queue_drained(&queue, &finished.describe("after the sample scenes"))
        .await;
}

/// The reference job of the pattern this worker replaces, rendered at its INI's size
/// (1920x1080, about 15-40 s in a debug build).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ecslogo_job_renders_at_its_ini_size() {
    let cloud = Cloud::start("happy-ecslogo").await;
    let queue = cloud.create_queue("happy-ecslogo", 30).await;
    let (zip, name, size) = match spotray::fixtures::shared("fixtures/ecslogo/ECSLogo.zip") {
        Some(path) => (std::fs::read(path).unwrap(), "ECSLogo", (1920, 1080)),
        // No ../shared (loudly announced, and logged as not run): stand in with a sample
        // scene, so the rest of the path is still tested.
        None => (sample_scene_zip("studio"), "studio", (640, 480)),
    };
    let key = format!("jobs/{name}.zip");
    let etag = cloud.put(&key, &zip).await;
    cloud
        .send(&queue, &messages::s3_event(&cloud.bucket, &key, zip.len(), &etag))
        .await;

    let mut args = QUICK_WORKER_FLAGS.to_vec();
    args.extend(["--threads", "2"]);
    let finished = cloud
        .spawn_worker(&queue, &args)
        .finish(Duration::from_secs(540))
        .await;
    finished.assert_success(name);
    let mut problems = Vec::new();
    match finished.log.events_for("job_succeeded", &key).as_slice() {
        [record] => problems.extend(check_finished_record(record)),
        records => problems.push(format!(
            "expected one job_succeeded for {key}, got {}",
            records.len()
        )),
    }
    let (found, _) = cloud.check_png(&format!("jobs/{name}.png"), &etag, size).await;
    problems.extend(found);
    assert!(problems.is_empty(), "{}", finished.describe(&problems.join("\n")));
    cloud.assert_queue_drained(&queue, &finished.describe(name)).await;
}
