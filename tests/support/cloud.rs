//! One test's cloud: its own moto server, SDK clients that talk to it, a bucket, queues,
//! and the checks the worker tests share.

use std::collections::HashMap;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_s3::config::Credentials;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::Value;

use super::common::Scratch;
use super::moto::Moto;
use super::worker::{self, Worker};

pub const REGION: &str = "us-east-1";

static NAMES: AtomicUsize = AtomicUsize::new(0);

/// A name no other test in this process uses (buckets and queues are per moto server
/// anyway, but unique names make logs easier to read).
pub fn unique_name(tag: &str) -> String {
    let n = NAMES.fetch_add(1, Ordering::Relaxed);
    let tag: String = tag
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("spotray-{tag}-{}-{n}", std::process::id())
}

/// SDK settings for the emulator at `endpoint`: fixed test credentials and region, no
/// profile or instance metadata, bounded timeouts.
pub async fn sdk_config(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .operation_timeout(Duration::from_secs(60))
                .build(),
        )
        .load()
        .await
}

pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

pub fn sqs_client(config: &SdkConfig) -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(config)
}

/// An object as stored in the emulator.
#[derive(Debug, Clone)]
pub struct StoredObject {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub metadata: HashMap<String, String>,
    pub etag: Option<String>,
    pub last_modified: Option<aws_sdk_s3::primitives::DateTime>,
}

/// One test's emulator, clients and bucket.
pub struct Cloud {
    // Dropped in declaration order: scratch last, so moto's log survives a failing test.
    pub moto: Moto,
    pub s3: aws_sdk_s3::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub bucket: String,
    pub scratch: Scratch,
}

impl Cloud {
    /// Starts moto and creates the test's bucket.
    pub async fn start(tag: &str) -> Cloud {
        let scratch = Scratch::new(tag);
        let dir = scratch.path("");
        let moto = tokio::task::spawn_blocking(move || Moto::start(&dir))
            .await
            .expect("start moto");
        let config = sdk_config(&moto.endpoint()).await;
        let cloud = Cloud {
            s3: s3_client(&config),
            sqs: sqs_client(&config),
            bucket: unique_name(tag),
            moto,
            scratch,
        };
        cloud
            .s3
            .create_bucket()
            .bucket(&cloud.bucket)
            .send()
            .await
            .unwrap_or_else(|e| panic!("create bucket {}: {}", cloud.bucket, cloud.sdk_error(e)));
        cloud
    }

    pub fn endpoint(&self) -> String {
        self.moto.endpoint()
    }

    /// Formats an SDK error with its whole cause chain and moto's log tail.
    pub fn sdk_error(&self, e: impl std::error::Error) -> String {
        format!(
            "{}\n{}",
            aws_sdk_s3::error::DisplayErrorContext(e),
            self.moto.log_tail(20)
        )
    }

    /// Creates a standard queue with this visibility timeout (seconds); returns its URL.
    pub async fn create_queue(&self, tag: &str, visibility_timeout: u32) -> String {
        self.create_queue_with(&self.sqs, tag, visibility_timeout).await
    }

    /// Like [`Cloud::create_queue`] through another client (e.g. one that goes through a
    /// proxy, so that the queue URL names the proxy).
    pub async fn create_queue_with(
        &self,
        sqs: &aws_sdk_sqs::Client,
        tag: &str,
        visibility_timeout: u32,
    ) -> String {
        let name = unique_name(tag);
        let out = sqs
            .create_queue()
            .queue_name(&name)
            .attributes(
                QueueAttributeName::VisibilityTimeout,
                visibility_timeout.to_string(),
            )
            .send()
            .await
            .unwrap_or_else(|e| panic!("create queue {name}: {}", self.sdk_error(e)));
        out.queue_url()
            .expect("CreateQueue returns a queue URL")
            .to_string()
    }

    /// Uploads `bytes` as `key` in the test bucket; returns the ETag (as S3 gives it, quoted).
    pub async fn put(&self, key: &str, bytes: &[u8]) -> String {
        let out = self
            .s3
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(ByteStream::from(bytes.to_vec()))
            .send()
            .await
            .unwrap_or_else(|e| panic!("put s3://{}/{key}: {}", self.bucket, self.sdk_error(e)));
        out.e_tag().expect("PutObject returns an ETag").to_string()
    }

    /// The object at `key` in the test bucket, or `None` if there is none.
    pub async fn get(&self, key: &str) -> Option<StoredObject> {
        self.get_from(&self.bucket, key).await
    }

    pub async fn get_from(&self, bucket: &str, key: &str) -> Option<StoredObject> {
        match self.s3.get_object().bucket(bucket).key(key).send().await {
            Ok(out) => {
                let content_type = out.content_type().map(str::to_string);
                let metadata = out.metadata().cloned().unwrap_or_default();
                let etag = out.e_tag().map(str::to_string);
                let last_modified = out.last_modified().cloned();
                let bytes = out
                    .body
                    .collect()
                    .await
                    .unwrap_or_else(|e| panic!("read body of s3://{bucket}/{key}: {e}"))
                    .into_bytes()
                    .to_vec();
                Some(StoredObject {
                    bytes,
                    content_type,
                    metadata,
                    etag,
                    last_modified,
                })
            }
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => None,
            Err(e) => panic!("get s3://{bucket}/{key}: {}", self.sdk_error(e)),
        }
    }

    /// All keys in the test bucket (for failure messages).
    pub async fn keys(&self) -> Vec<String> {
        let out = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .send()
            .await
            .unwrap_or_else(|e| panic!("list s3://{}: {}", self.bucket, self.sdk_error(e)));
        out.contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_string))
            .collect()
    }

    /// The error report the worker left at `key` (`jobs/x.error.json`), parsed.
    pub async fn error_report(&self, key: &str) -> Option<Value> {
        let object = self.get(key).await?;
        Some(serde_json::from_slice(&object.bytes).unwrap_or_else(|e| {
            panic!(
                "s3://{}/{key} is not JSON ({e}):\n{}",
                self.bucket,
                String::from_utf8_lossy(&object.bytes)
            )
        }))
    }

    pub async fn send(&self, queue_url: &str, body: &str) -> String {
        let out = self
            .sqs
            .send_message()
            .queue_url(queue_url)
            .message_body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("send message to {queue_url}: {}", self.sdk_error(e)));
        out.message_id().unwrap_or_default().to_string()
    }

    /// (ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible,
    /// ApproximateNumberOfMessagesDelayed).
    pub async fn queue_counts(&self, queue_url: &str) -> (u64, u64, u64) {
        let out = self
            .sqs
            .get_queue_attributes()
            .queue_url(queue_url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesDelayed)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GetQueueAttributes {queue_url}: {}", self.sdk_error(e)));
        let attrs = out.attributes().cloned().unwrap_or_default();
        let get = |name: QueueAttributeName| -> u64 {
            attrs
                .get(&name)
                .map(|v| {
                    v.parse()
                        .unwrap_or_else(|_| panic!("{name:?} is not a number: {v}"))
                })
                .unwrap_or_else(|| panic!("GetQueueAttributes did not return {name:?}: {attrs:?}"))
        };
        (
            get(QueueAttributeName::ApproximateNumberOfMessages),
            get(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
            get(QueueAttributeName::ApproximateNumberOfMessagesDelayed),
        )
    }

    /// Fails unless the queue holds no message at all (visible, in flight or delayed) within
    /// a few seconds (moto's counters can lag a moment). `context` goes into the message.
    pub async fn assert_queue_drained(&self, queue_url: &str, context: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let counts = self.queue_counts(queue_url).await;
            if counts == (0, 0, 0) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the queue still holds messages after the worker finished: visible={}, \
                     in flight (not visible)={}, delayed={}\n{context}",
                    counts.0, counts.1, counts.2
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// A `spotray work` command for `queue_url`, talking to `endpoint` (moto, or a proxy in
    /// front of it), with `args` after `--queue-url`.
    pub fn worker_command(&self, endpoint: &str, queue_url: &str, args: &[&str]) -> Command {
        let mut cmd = worker::spotray_with_cloud_env(endpoint, &self.scratch.path(""));
        cmd.arg("work").arg("--queue-url").arg(queue_url).args(args);
        cmd
    }

    /// Starts `spotray work` against this cloud's moto.
    pub fn spawn_worker(&self, queue_url: &str, args: &[&str]) -> Worker {
        Worker::spawn(self.worker_command(&self.endpoint(), queue_url, args))
    }
}

/// ETags with or without their quotes, for comparing.
pub fn bare_etag(etag: &str) -> &str {
    etag.trim().trim_matches('"')
}

impl Cloud {
    /// Checks the worker's result at `png_key`: present, `image/png`, the metadata the
    /// contract names (`source-etag` equal to `archive_etag`, `spotray-version`,
    /// `render-seconds`), a PNG that decodes at `size`. Returns the problems found (empty
    /// when all is well) and the object, if any.
    pub async fn check_png(
        &self,
        png_key: &str,
        archive_etag: &str,
        size: (u32, u32),
    ) -> (Vec<String>, Option<StoredObject>) {
        let mut problems = Vec::new();
        let Some(object) = self.get(png_key).await else {
            problems.push(format!(
                "no result at s3://{}/{png_key}; the bucket holds {:?}",
                self.bucket,
                self.keys().await
            ));
            return (problems, None);
        };
        let at = format!("s3://{}/{png_key}", self.bucket);
        if object.content_type.as_deref() != Some("image/png") {
            problems.push(format!(
                "{at}: content type {:?}, expected image/png",
                object.content_type
            ));
        }
        match object.metadata.get("source-etag") {
            Some(etag) if bare_etag(etag) == bare_etag(archive_etag) => {}
            other => problems.push(format!(
                "{at}: metadata source-etag is {other:?}, expected the archive's ETag {archive_etag} \
                 (all metadata: {:?})",
                object.metadata
            )),
        }
        match object.metadata.get("spotray-version") {
            Some(v) if v.contains(env!("CARGO_PKG_VERSION")) => {}
            other => problems.push(format!(
                "{at}: metadata spotray-version is {other:?}, expected it to contain {}",
                env!("CARGO_PKG_VERSION")
            )),
        }
        match object.metadata.get("render-seconds").map(|v| v.parse::<f64>()) {
            Some(Ok(s)) if s.is_finite() && s >= 0.0 => {}
            other => problems.push(format!(
                "{at}: metadata render-seconds is {:?} ({other:?}), expected a number of seconds",
                object.metadata.get("render-seconds")
            )),
        }
        match spotray::imagecmp::decode_png(&object.bytes) {
            Ok(image) if (image.width, image.height) == size => {}
            Ok(image) => problems.push(format!(
                "{at}: the image is {}x{}, expected {}x{}",
                image.width, image.height, size.0, size.1
            )),
            Err(e) => problems.push(format!(
                "{at}: not a PNG that decodes ({e}), {} bytes",
                object.bytes.len()
            )),
        }
        (problems, Some(object))
    }

    /// Checks an error report at `key`: present, JSON with non-empty `stage`, `message`,
    /// `worker` and `time`, and `stage` one of `stages`. Returns the problems and the report.
    pub async fn check_error_report(&self, key: &str, stages: &[&str]) -> (Vec<String>, Option<Value>) {
        let at = format!("s3://{}/{key}", self.bucket);
        let Some(object) = self.get(key).await else {
            return (
                vec![format!(
                    "no error report at {at}; the bucket holds {:?}",
                    self.keys().await
                )],
                None,
            );
        };
        let report: Value = match serde_json::from_slice(&object.bytes) {
            Ok(v) => v,
            Err(e) => {
                return (
                    vec![format!(
                        "{at} is not JSON ({e}): {}",
                        String::from_utf8_lossy(&object.bytes)
                    )],
                    None,
                )
            }
        };
        let mut problems = Vec::new();
        for name in ["stage", "message", "worker", "time"] {
            if report
                .get(name)
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty())
            {
                problems.push(format!(
                    "{at}: `{name}` missing or not a non-empty string in {report}"
                ));
            }
        }
        if let Some(stage) = report.get("stage").and_then(Value::as_str) {
            if !stages.contains(&stage) {
                problems.push(format!(
                    "{at}: stage {stage:?}, expected one of {stages:?}; report: {report}"
                ));
            }
        }
        (problems, Some(report))
    }
}
