//! `spotray submit`: upload a scene archive and enqueue it as S3 would notify it.

use std::path::Path;

use aws_sdk_s3::primitives::ByteStream;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::aws::clients;
use super::clock::rfc3339_now;
use super::failure::Stage;
use super::jobspec::JobSpec;
use super::queue::Queue;
use super::sdk_error::classify;
use super::storage::unquote;

/// What S3 leaves unescaped in event keys (it writes spaces as `+`).
const S3_EVENT_KEY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/')
    .remove(b'*');

pub fn encode_event_key(key: &str) -> String {
    key.split(' ')
        .map(|part| utf8_percent_encode(part, S3_EVENT_KEY).to_string())
        .collect::<Vec<_>>()
        .join("+")
}

/// The S3 event notification for one uploaded object, as S3 sends it to SQS.
pub fn s3_event(bucket: &str, key: &str, size: u64, etag: &str) -> serde_json::Value {
    serde_json::json!({
        "Records": [{
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into()),
            "eventTime": rfc3339_now(),
            "eventName": "ObjectCreated:Put",
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "spotray-submit",
                "bucket": { "name": bucket, "arn": format!("arn:aws:s3:::{bucket}") },
                "object": { "key": encode_event_key(key), "size": size, "eTag": etag }
            }
        }]
    })
}

/// Uploads `archive` to `s3://bucket/key` (default `jobs/<file name>`), optionally
/// enqueues it, and returns where the result will appear.
pub async fn submit(
    archive: &Path,
    bucket: &str,
    key: Option<&str>,
    queue_url: Option<&str>,
) -> Result<String, String> {
    let bytes = std::fs::read(archive).map_err(|e| format!("cannot read {}: {e}", archive.display()))?;
    let file_name = archive
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{} has no usable file name", archive.display()))?;
    let key = key.map_or_else(|| format!("jobs/{file_name}"), str::to_string);
    let size = bytes.len() as u64;
    let clients = clients().await;
    let put = clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(&key)
        .content_type("application/zip")
        .body(ByteStream::from(bytes))
        .send()
        .await
        .map_err(|e| {
            classify(
                Stage::Upload,
                &format!("cannot upload to s3://{bucket}/{key}"),
                &e,
            )
            .message
        })?;
    let etag = put.e_tag().map(unquote).unwrap_or_default();
    if let Some(url) = queue_url {
        let body = s3_event(bucket, &key, size, &etag).to_string();
        Queue::new(clients.sqs, url.to_string())
            .send(&body)
            .await
            .map_err(|f| f.message)?;
    }
    let spec = JobSpec {
        bucket: bucket.to_string(),
        key,
        etag: Some(etag),
        size: Some(size),
        version_id: None,
    };
    let (result_bucket, result_key) = spec.result_location(None, None);
    Ok(format!("s3://{result_bucket}/{result_key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_keys_are_form_encoded_like_s3() {
        assert_eq!(
            encode_event_key("jobs/my scene (1).zip"),
            "jobs/my+scene+%281%29.zip"
        );
        assert_eq!(encode_event_key("jobs/é+x.zip"), "jobs/%C3%A9%2Bx.zip");
    }
}
