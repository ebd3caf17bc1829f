//! The plain `{"bucket": ..., "key": ...}` message that `spotray submit` and people send.

use serde_json::Value;

use super::fields::*;
use super::{MessageError, Parsed};
use crate::worker::jobspec::JobSpec;

pub(super) fn parse_plain(message: &Value) -> Result<Parsed, MessageError> {
    const SUBJECT: &str = "plain job message";
    let bucket = required_str(message, "/bucket", "\"bucket\"", SUBJECT)?;
    validate_bucket(bucket, "\"bucket\"", SUBJECT)?;
    let key = required_str(message, "/key", "\"key\"", SUBJECT)?;
    validate_key(key, "\"key\"", SUBJECT)?;
    let etag = match optional_str(message, "/etag", "\"etag\"", SUBJECT)? {
        Some(etag) => Some(etag),
        None => optional_str(message, "/eTag", "\"eTag\"", SUBJECT)?,
    };
    let version_id = match optional_str(message, "/version_id", "\"version_id\"", SUBJECT)? {
        Some(version) => Some(version),
        None => optional_str(message, "/versionId", "\"versionId\"", SUBJECT)?,
    };
    Ok(Parsed::Jobs(vec![JobSpec {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        etag: etag.map(strip_quotes),
        size: optional_size(message, "/size", "\"size\"", SUBJECT)?,
        version_id: version_id.map(str::to_owned),
    }]))
}
