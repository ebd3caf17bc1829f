//! EventBridge `Object Created` events from `aws.s3`: one job, key used as is.

use serde_json::{Map, Value};

use super::fields::*;
use super::{MessageError, Parsed};
use crate::worker::jobspec::JobSpec;

pub(super) fn parse_eventbridge(event: &Value, object: &Map<String, Value>) -> Result<Parsed, MessageError> {
    const SUBJECT: &str = "EventBridge event";
    let detail_type = object.get("detail-type").and_then(Value::as_str).unwrap_or("");
    let source = object.get("source").and_then(Value::as_str).unwrap_or("");
    if source != "aws.s3" {
        return Ok(Parsed::Ignored {
            reason: format!(
                "EventBridge event {} from {} is not an S3 event",
                quote(detail_type),
                quote(source)
            ),
        });
    }
    if detail_type != "Object Created" {
        return Ok(Parsed::Ignored {
            reason: format!(
                "EventBridge S3 event {} (only \"Object Created\" starts jobs)",
                quote(detail_type)
            ),
        });
    }
    let bucket = required_str(event, "/detail/bucket/name", "detail.bucket.name", SUBJECT)?;
    validate_bucket(bucket, "detail.bucket.name", SUBJECT)?;
    // EventBridge carries the key exactly as stored, unlike S3 notifications.
    let key = required_str(event, "/detail/object/key", "detail.object.key", SUBJECT)?;
    validate_key(key, "detail.object.key", SUBJECT)?;
    if !is_zip(key) {
        return Ok(Parsed::Ignored {
            reason: format!("EventBridge S3 event object {}", not_zip(key)),
        });
    }
    Ok(Parsed::Jobs(vec![JobSpec {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        etag: optional_str(event, "/detail/object/etag", "detail.object.etag", SUBJECT)?.map(strip_quotes),
        size: optional_size(event, "/detail/object/size", "detail.object.size", SUBJECT)?,
        version_id: optional_str(
            event,
            "/detail/object/version-id",
            "detail.object.version-id",
            SUBJECT,
        )?
        .map(str::to_owned),
    }]))
}
