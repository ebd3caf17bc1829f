//! The worker tests' own harness, checked without the worker: moto starts and serves S3
//! and SQS to the SDK, the proxy really takes the emulator away and brings it back, and
//! the message helpers encode keys as S3 does.

mod support;

use std::time::Duration;

use support::cloud::{s3_client, sdk_config};
use support::proxy::Proxy;
use support::{messages, Cloud};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moto_serves_s3_and_sqs() {
    let cloud = Cloud::start("harness-moto").await;
    let etag = cloud.put("jobs/a b.zip", b"hello").await;
    let object = cloud.get("jobs/a b.zip").await.expect("object just put");
    assert_eq!(object.bytes, b"hello");
    assert_eq!(object.etag.as_deref(), Some(etag.as_str()));
    assert!(cloud.get("jobs/missing").await.is_none());

    let queue = cloud.create_queue("harness", 2).await;
    assert!(
        queue.starts_with(&cloud.endpoint()),
        "queue URL {queue} should name the emulator"
    );
    assert_eq!(cloud.queue_counts(&queue).await, (0, 0, 0));
    cloud.send(&queue, "one").await;
    assert_eq!(cloud.queue_counts(&queue).await, (1, 0, 0));
    let out = cloud
        .sqs
        .receive_message()
        .queue_url(&queue)
        .wait_time_seconds(1)
        .send()
        .await
        .expect("receive");
    assert_eq!(out.messages().len(), 1);
    assert_eq!(cloud.queue_counts(&queue).await, (0, 1, 0));
    let handle = out.messages()[0].receipt_handle().unwrap();
    cloud
        .sqs
        .delete_message()
        .queue_url(&queue)
        .receipt_handle(handle)
        .send()
        .await
        .expect("delete");
    cloud
        .assert_queue_drained(&queue, "after deleting the only message")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_takes_the_emulator_away_and_back() {
    let cloud = Cloud::start("harness-proxy").await;
    let proxy = Proxy::start(cloud.moto.addr());
    let s3 = s3_client(&sdk_config(&proxy.endpoint()).await);
    let list = |s3: aws_sdk_s3::Client, bucket: String| async move {
        tokio::time::timeout(
            Duration::from_secs(90),
            s3.list_objects_v2().bucket(bucket).send(),
        )
        .await
        .expect("the SDK call should end (in success or failure) within 90 s")
    };
    list(s3.clone(), cloud.bucket.clone())
        .await
        .expect("list through the proxy");
    proxy.go_away();
    let away = list(s3.clone(), cloud.bucket.clone()).await;
    assert!(away.is_err(), "a request went through while the proxy was away");
    proxy.come_back();
    list(s3.clone(), cloud.bucket.clone())
        .await
        .expect("list after the proxy came back");
    assert!(proxy.accepted() >= 2);
}

#[test]
fn s3_event_keys_are_form_encoded() {
    assert_eq!(messages::s3_event_key("jobs/my scene.zip"), "jobs/my+scene.zip");
    assert_eq!(
        messages::s3_event_key("jobs/a+b (1).zip"),
        "jobs/a%2Bb+%281%29.zip"
    );
    let inner = messages::s3_event("b", "jobs/x.zip", 1, "\"abc\"");
    let wrapped: serde_json::Value = serde_json::from_str(&messages::lambda_stringified(&inner)).unwrap();
    assert_eq!(wrapped.as_str(), Some(inner.as_str()));
    let event: serde_json::Value = serde_json::from_str(&inner).unwrap();
    assert_eq!(event["Records"][0]["s3"]["object"]["eTag"], "abc");
}
