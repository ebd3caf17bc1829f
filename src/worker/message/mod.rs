//! SQS message bodies turned into render jobs: S3 event notifications, directly or wrapped.
//!
//! Accepted shapes, tried in this order on each JSON object (wrappers are unwrapped at most
//! [`MAX_WRAP_DEPTH`] times):
//!
//! * **S3 event notification** `{"Records": [...]}`: one job per `ObjectCreated:*` record whose
//!   key ends in `.zip` (case-insensitive). Keys are form-decoded (`+` is a space, `%XX` a byte,
//!   the result must be UTF-8). Other events and other keys are skipped, so results written into
//!   a watched prefix cannot start new jobs. A record without `eventName` counts as a creation.
//!   One malformed record fails the whole message.
//! * **`s3:TestEvent`**, sent when a notification is configured: [`Parsed::TestEvent`].
//! * **SNS envelope** `{"Type": "Notification", "Message": "..."}`: `Message` is unwrapped.
//!   Subscription confirmations are [`Parsed::Ignored`], with the confirmation URL in the reason.
//! * **A JSON string** (a Lambda's `JSON.stringify` of one of these): its content is unwrapped.
//! * **EventBridge** `{"source": "aws.s3", "detail-type": "Object Created", "detail": {...}}`:
//!   one job; the key is used as is (EventBridge does not encode keys) and must end in `.zip`.
//!   Other detail types and sources are ignored.
//! * **Plain** `{"bucket": "b", "key": "k"}` with optional `etag`, `size`, `version_id`: one
//!   job, key used as is. Any key is accepted, `.zip` or not: someone asked for it explicitly,
//!   and nothing automatic writes this shape, so it cannot loop.

use serde_json::{Map, Value};

use super::jobspec::JobSpec;
use eventbridge::parse_eventbridge;
use fields::{describe, describe_object};
use plain::parse_plain;
use s3_event::parse_s3_records;
use sns::parse_sns;

mod eventbridge;
mod fields;
mod plain;
mod s3_event;
mod sns;
#[cfg(test)]
mod tests;

/// Bodies longer than this are refused without being parsed (the classic SQS limit; real S3
/// notifications are a few KiB).
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// How many wrappers (SNS envelopes, JSON strings) are unwrapped before giving up.
pub const MAX_WRAP_DEPTH: usize = 4;
/// S3's own limit on the length of an object key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1024;
/// At most this many skipped records are described in an [`Parsed::Ignored`] reason.
pub(super) const MAX_REASONS: usize = 5;

/// What a message asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// Archives to render, in message order (never empty).
    Jobs(Vec<JobSpec>),
    /// `s3:TestEvent`, sent by S3 when a notification is configured: log and delete.
    TestEvent { bucket: Option<String> },
    /// A well-formed message with nothing to do (deleted objects, non-`.zip` keys, other
    /// EventBridge events, SNS subscription confirmations); `reason` says why.
    Ignored { reason: String },
}

/// Why a message cannot be used. Always permanent: retrying the same body gives the same error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The body is empty or only whitespace.
    #[error("message body is empty")]
    Empty,

    /// The body is longer than [`MAX_BODY_BYTES`].
    #[error("message body is {size} bytes, more than the {limit}-byte limit for job messages")]
    TooLarge { size: usize, limit: usize },

    /// The body, or a wrapped message inside it, is not JSON.
    #[error("{what} is not JSON: {error}")]
    NotJson {
        what: &'static str,
        error: serde_json::Error,
    },

    /// More than [`MAX_WRAP_DEPTH`] wrappers.
    #[error(
        "message is wrapped more than {limit} levels deep (SNS envelopes or JSON strings inside JSON \
         strings); refusing to unwrap further"
    )]
    TooDeep { limit: usize },

    /// JSON that matches none of the accepted shapes; `found` describes what it was.
    #[error(
        "unrecognised message format: expected an S3 event notification, SNS/EventBridge wrapper, \
         or {{\"bucket\": ..., \"key\": ...}}; got {found}"
    )]
    Unrecognised { found: String },

    /// A recognised shape with a missing or invalid field, e.g. `subject` = "S3 event record 0",
    /// `problem` = "has no s3.object.key".
    #[error("{subject} {problem}")]
    Invalid { subject: String, problem: String },
}

/// Parses an SQS message body into the jobs it asks for. See the module documentation for the
/// accepted shapes.
pub fn parse_message(body: &str) -> Result<Parsed, MessageError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(MessageError::TooLarge {
            size: body.len(),
            limit: MAX_BODY_BYTES,
        });
    }
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    if body.trim().is_empty() {
        return Err(MessageError::Empty);
    }
    let value: Value = serde_json::from_str(body).map_err(|error| MessageError::NotJson {
        what: "message body",
        error,
    })?;
    parse_value(&value, 0)
}

/// `depth` counts the wrappers already removed.
pub(super) fn parse_value(value: &Value, depth: usize) -> Result<Parsed, MessageError> {
    match value {
        Value::String(text) => {
            let what = if depth == 0 {
                "message body (a JSON string)"
            } else {
                "wrapped message (a JSON string)"
            };
            unwrap(text, what, depth)
        }
        Value::Object(object) => parse_object(value, object, depth),
        other => Err(MessageError::Unrecognised {
            found: describe(other),
        }),
    }
}

/// Parses `text` as the next wrapped message.
pub(super) fn unwrap(text: &str, what: &'static str, depth: usize) -> Result<Parsed, MessageError> {
    if depth >= MAX_WRAP_DEPTH {
        return Err(MessageError::TooDeep {
            limit: MAX_WRAP_DEPTH,
        });
    }
    let inner: Value = serde_json::from_str(text).map_err(|error| MessageError::NotJson { what, error })?;
    parse_value(&inner, depth + 1)
}

fn parse_object(value: &Value, object: &Map<String, Value>, depth: usize) -> Result<Parsed, MessageError> {
    if let Some(records) = object.get("Records") {
        return parse_s3_records(records);
    }
    if let Some(event) = object.get("Event") {
        if event.as_str() == Some("s3:TestEvent") {
            let bucket = object.get("Bucket").and_then(Value::as_str).map(str::to_owned);
            return Ok(Parsed::TestEvent { bucket });
        }
    }
    if let Some(kind) = object.get("Type").and_then(Value::as_str) {
        if let Some(parsed) = parse_sns(object, kind, depth)? {
            return Ok(parsed);
        }
    }
    if object.contains_key("detail-type") {
        return parse_eventbridge(value, object);
    }
    if object.contains_key("bucket") || object.contains_key("key") {
        return parse_plain(value);
    }
    Err(MessageError::Unrecognised {
        found: describe_object(object),
    })
}
