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

/// Bodies longer than this are refused without being parsed (the classic SQS limit; real S3
/// notifications are a few KiB).
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// How many wrappers (SNS envelopes, JSON strings) are unwrapped before giving up.
pub const MAX_WRAP_DEPTH: usize = 4;
/// S3's own limit on the length of an object key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1024;
/// Generous upper bound on bucket names (S3 allows 63 today, 255 for legacy buckets).
const MAX_BUCKET_BYTES: usize = 255;
/// At most this many skipped records are described in an [`Parsed::Ignored`] reason.
const MAX_REASONS: usize = 5;
/// Keys and other values quoted in messages are shortened to about this many bytes.
const QUOTE_BYTES: usize = 120;

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
fn parse_value(value: &Value, depth: usize) -> Result<Parsed, MessageError> {
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
fn unwrap(text: &str, what: &'static str, depth: usize) -> Result<Parsed, MessageError> {
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

/// An SNS envelope, or `None` when `Type` is not an SNS message type.
fn parse_sns(object: &Map<String, Value>, kind: &str, depth: usize) -> Result<Option<Parsed>, MessageError> {
    match kind {
        "Notification" => {
            let parsed = match object.get("Message") {
                Some(Value::String(text)) => unwrap(text, "SNS notification Message", depth)?,
                // Not what SNS sends, but unambiguous.
                Some(inner @ Value::Object(_)) => {
                    if depth >= MAX_WRAP_DEPTH {
                        return Err(MessageError::TooDeep {
                            limit: MAX_WRAP_DEPTH,
                        });
                    }
                    parse_value(inner, depth + 1)?
                }
                Some(other) => {
                    return Err(invalid(
                        "SNS notification",
                        format!("has {} Message instead of a string", a_kind(other)),
                    ))
                }
                None => return Err(invalid("SNS notification", "has no Message")),
            };
            Ok(Some(parsed))
        }
        "SubscriptionConfirmation" | "UnsubscribeConfirmation" => {
            let topic = object
                .get("TopicArn")
                .and_then(Value::as_str)
                .unwrap_or("(unknown topic)");
            let url = object
                .get("SubscribeURL")
                .and_then(Value::as_str)
                .unwrap_or("(no SubscribeURL)");
            Ok(Some(Parsed::Ignored {
                reason: format!(
                    "SNS {kind} for topic {}; to confirm, visit {}",
                    quote(topic),
                    quote(url)
                ),
            }))
        }
        _ => Ok(None),
    }
}

fn parse_s3_records(records: &Value) -> Result<Parsed, MessageError> {
    let Value::Array(records) = records else {
        return Err(invalid(
            "S3 event notification",
            format!("has {} Records field instead of an array", a_kind(records)),
        ));
    };
    if records.is_empty() {
        return Ok(Parsed::Ignored {
            reason: "S3 event notification has no records".into(),
        });
    }
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    for (index, record) in records.iter().enumerate() {
        match parse_s3_record(index, record)? {
            Ok(job) => jobs.push(job),
            Err(why) => skipped.push(format!("record {index} {why}")),
        }
    }
    Ok(jobs_or_ignored(jobs, skipped))
}

/// `Ok(Ok(job))`, `Ok(Err(why it was skipped))`, or `Err` for a malformed record.
fn parse_s3_record(index: usize, record: &Value) -> Result<Result<JobSpec, String>, MessageError> {
    let subject = format!("S3 event record {index}");
    if !record.is_object() {
        return Err(invalid(&subject, format!("is {}, not an object", a_kind(record))));
    }
    if let Some(source) = present(record, "/eventSource") {
        let source = source
            .as_str()
            .ok_or_else(|| invalid(&subject, "has a non-string eventSource"))?;
        if !source.ends_with(":s3") {
            return Err(invalid(
                &subject,
                format!("comes from {}, not from S3", quote(source)),
            ));
        }
    }
    if let Some(name) = present(record, "/eventName") {
        let name = name
            .as_str()
            .ok_or_else(|| invalid(&subject, "has a non-string eventName"))?;
        let event = name.strip_prefix("s3:").unwrap_or(name);
        if !event.starts_with("ObjectCreated") {
            return Ok(Err(format!(
                "is an {} event (only ObjectCreated events start jobs)",
                quote(name)
            )));
        }
    }
    let bucket = required_str(record, "/s3/bucket/name", "s3.bucket.name", &subject)?;
    validate_bucket(bucket, "s3.bucket.name", &subject)?;
    let raw_key = required_str(record, "/s3/object/key", "s3.object.key", &subject)?;
    let key = decode_form(raw_key).map_err(|problem| {
        invalid(
            &subject,
            format!("has an invalid s3.object.key {}: {problem}", quote(raw_key)),
        )
    })?;
    validate_key(&key, "s3.object.key", &subject)?;
    if !is_zip(&key) {
        return Ok(Err(not_zip(&key)));
    }
    Ok(Ok(JobSpec {
        bucket: bucket.to_owned(),
        key,
        etag: optional_str(record, "/s3/object/eTag", "s3.object.eTag", &subject)?.map(strip_quotes),
        size: optional_size(record, "/s3/object/size", "s3.object.size", &subject)?,
        version_id: optional_str(record, "/s3/object/versionId", "s3.object.versionId", &subject)?
            .map(str::to_owned),
    }))
}

fn parse_eventbridge(event: &Value, object: &Map<String, Value>) -> Result<Parsed, MessageError> {
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

fn parse_plain(message: &Value) -> Result<Parsed, MessageError> {
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

fn jobs_or_ignored(jobs: Vec<JobSpec>, skipped: Vec<String>) -> Parsed {
    if !jobs.is_empty() {
        return Parsed::Jobs(jobs);
    }
    let mut reason = format!("nothing to render in {} S3 event record(s): ", skipped.len());
    reason.push_str(
        &skipped
            .iter()
            .take(MAX_REASONS)
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
    );
    if skipped.len() > MAX_REASONS {
        reason.push_str(&format!("; and {} more", skipped.len() - MAX_REASONS));
    }
    Parsed::Ignored { reason }
}

/// Decodes an S3 notification key: `application/x-www-form-urlencoded`, so `+` is a space and
/// `%XX` a byte; a `%` not followed by two hex digits, or bytes that are not UTF-8, are errors.
fn decode_form(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'+' => {
                out.push(b' ');
                at += 1;
            }
            b'%' => {
                let decoded = match bytes.get(at + 1..at + 3) {
                    Some(&[high, low]) => hex_digit(high).zip(hex_digit(low)).map(|(h, l)| (h << 4) | l),
                    _ => None,
                };
                let decoded =
                    decoded.ok_or_else(|| format!("`%` at byte {at} is not followed by two hex digits"))?;
                out.push(decoded);
                at += 3;
            }
            _ => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|error| {
        format!(
            "it decodes to bytes that are not UTF-8 (at byte {} of the decoded key)",
            error.utf8_error().valid_up_to()
        )
    })
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

fn is_zip(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() >= 4 && bytes[bytes.len() - 4..].eq_ignore_ascii_case(b".zip")
}

fn not_zip(key: &str) -> String {
    format!("key {} does not end in .zip", quote(key))
}

fn validate_bucket(bucket: &str, name: &str, subject: &str) -> Result<(), MessageError> {
    if bucket.is_empty() {
        return Err(invalid(subject, format!("has an empty {name}")));
    }
    if bucket.len() > MAX_BUCKET_BYTES || bucket.contains('/') || bucket.contains(char::is_whitespace) {
        return Err(invalid(
            subject,
            format!("has an invalid {name} {}", quote(bucket)),
        ));
    }
    Ok(())
}

fn validate_key(key: &str, name: &str, subject: &str) -> Result<(), MessageError> {
    if key.is_empty() {
        return Err(invalid(subject, format!("has an empty {name}")));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(invalid(
            subject,
            format!(
                "has a key of {} bytes in {name}, longer than S3's {MAX_KEY_BYTES}-byte limit",
                key.len()
            ),
        ));
    }
    Ok(())
}

fn invalid(subject: &str, problem: impl Into<String>) -> MessageError {
    MessageError::Invalid {
        subject: subject.to_owned(),
        problem: problem.into(),
    }
}

/// The value at `pointer`, treating JSON `null` as absent.
fn present<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    value.pointer(pointer).filter(|found| !found.is_null())
}

fn required_str<'a>(
    value: &'a Value,
    pointer: &str,
    name: &str,
    subject: &str,
) -> Result<&'a str, MessageError> {
    match present(value, pointer) {
        None => Err(invalid(subject, format!("has no {name}"))),
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(invalid(
            subject,
            format!("has {} {name} instead of a string", a_kind(other)),
        )),
    }
}

/// A string field that may be absent; an empty string counts as absent.
fn optional_str<'a>(
    value: &'a Value,
    pointer: &str,
    name: &str,
    subject: &str,
) -> Result<Option<&'a str>, MessageError> {
    match present(value, pointer) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.as_str()).filter(|text| !text.is_empty())),
        Some(other) => Err(invalid(
            subject,
            format!("has {} {name} instead of a string", a_kind(other)),
        )),
    }
}

/// A byte count that may be absent, given as a JSON number or a string of digits.
fn optional_size(
    value: &Value,
    pointer: &str,
    name: &str,
    subject: &str,
) -> Result<Option<u64>, MessageError> {
    let Some(found) = present(value, pointer) else {
        return Ok(None);
    };
    let size = match found {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    };
    size.map(Some).ok_or_else(|| {
        invalid(
            subject,
            format!("has an invalid {name} {}", quote(&found.to_string())),
        )
    })
}

fn strip_quotes(etag: &str) -> String {
    etag.strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(etag)
        .to_owned()
}

/// `text` as a quoted, escaped string, shortened when long.
fn quote(text: &str) -> String {
    if text.len() <= QUOTE_BYTES {
        return format!("{text:?}");
    }
    let mut cut = QUOTE_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{:?}... ({} bytes)", &text[..cut], text.len())
}

/// "a number", "an object", ...: what a JSON value is, with its article.
fn a_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Object(object) => describe_object(object),
        Value::Array(_) => "a JSON array".into(),
        Value::String(_) => "a JSON string".into(),
        Value::Number(_) => "a JSON number".into(),
        Value::Bool(_) => "a JSON boolean".into(),
        Value::Null => "JSON null".into(),
    }
}

fn describe_object(object: &Map<String, Value>) -> String {
    if object.is_empty() {
        return "an empty JSON object".into();
    }
    let keys: Vec<String> = object.keys().take(8).map(|key| quote(key)).collect();
    let more = if object.len() > keys.len() { ", ..." } else { "" };
    format!("an object with keys {}{more}", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jobs(body: &str) -> Vec<JobSpec> {
        match parse_message(body) {
            Ok(Parsed::Jobs(jobs)) => jobs,
            other => panic!("expected jobs, got {other:?}"),
        }
    }

    fn ignored(body: &str) -> String {
        match parse_message(body) {
            Ok(Parsed::Ignored { reason }) => reason,
            other => panic!("expected Ignored, got {other:?}"),
        }
    }

    fn error(body: &str) -> String {
        match parse_message(body) {
            Err(error) => error.to_string(),
            Ok(parsed) => panic!("expected an error, got {parsed:?}"),
        }
    }

    fn job(bucket: &str, key: &str) -> JobSpec {
        JobSpec {
            bucket: bucket.into(),
            key: key.into(),
            etag: None,
            size: None,
            version_id: None,
        }
    }

    /// One record as S3 sends it (event structure version 2.1), with `key` already encoded.
    fn s3_record(event_name: &str, bucket: &str, key: &str) -> String {
        format!(
            r#"{{
              "eventVersion": "2.1",
              "eventSource": "aws:s3",
              "awsRegion": "us-west-2",
              "eventTime": "2024-03-01T12:34:56.789Z",
              "eventName": "{event_name}",
              "userIdentity": {{ "principalId": "AWS:AIDAEXAMPLEID" }},
              "requestParameters": {{ "sourceIPAddress": "203.0.113.10" }},
              "responseElements": {{
                "x-amz-request-id": "C3D13FE58DE4C810",
                "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
              }},
              "s3": {{
                "s3SchemaVersion": "1.0",
                "configurationId": "render-jobs",
                "bucket": {{
                  "name": "{bucket}",
                  "ownerIdentity": {{ "principalId": "A3NL1KOZZKExample" }},
                  "arn": "arn:aws:s3:::{bucket}"
                }},
                "object": {{
                  "key": "{key}",
                  "size": 1024,
                  "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                  "versionId": "096fKKXTRTtl3on89fVO.nfljtsv6qko",
                  "sequencer": "0055AED6DCD90281E5"
                }}
              }}
            }}"#
        )
    }

    fn s3_event(records: &[String]) -> String {
        format!(r#"{{"Records": [{}]}}"#, records.join(","))
    }

    fn one_key(encoded: &str) -> Result<Parsed, MessageError> {
        parse_message(&s3_event(&[s3_record("ObjectCreated:Put", "b", encoded)]))
    }

    fn decoded_key(encoded: &str) -> String {
        match one_key(encoded) {
            Ok(Parsed::Jobs(jobs)) if jobs.len() == 1 => jobs[0].key.clone(),
            other => panic!("expected one job, got {other:?}"),
        }
    }

    fn sns(inner: &str) -> String {
        serde_json::json!({
            "Type": "Notification",
            "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
            "TopicArn": "arn:aws:sns:us-west-2:123456789012:render-uploads",
            "Subject": "Amazon S3 Notification",
            "Message": inner,
            "Timestamp": "2024-03-01T12:34:57.123Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
            "SigningCertURL": "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
            "UnsubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:render-uploads:c9135db0"
        })
        .to_string()
    }

    /// `body` as a JSON string, as `JSON.stringify(body)` would send it.
    fn stringify(body: &str) -> String {
        Value::String(body.to_owned()).to_string()
    }

    #[test]
    fn s3_event_notification() {
        let body = s3_event(&[s3_record(
            "ObjectCreated:Put",
            "render-uploads",
            "jobs/my+scene%281%29.zip",
        )]);
        assert_eq!(
            jobs(&body),
            vec![JobSpec {
                bucket: "render-uploads".into(),
                key: "jobs/my scene(1).zip".into(),
                etag: Some("d41d8cd98f00b204e9800998ecf8427e".into()),
                size: Some(1024),
                version_id: Some("096fKKXTRTtl3on89fVO.nfljtsv6qko".into()),
            }]
        );
    }

    #[test]
    fn s3_event_minimal_fields() {
        // No eventName, size, eTag or versionId: still a job (hand-written or from an S3 clone).
        let body = r#"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"jobs/x.zip"}}}]}"#;
        assert_eq!(jobs(body), vec![job("b", "jobs/x.zip")]);
        // Every ObjectCreated variant starts a job, with or without the `s3:` prefix.
        for name in [
            "ObjectCreated:Put",
            "ObjectCreated:Post",
            "ObjectCreated:Copy",
            "ObjectCreated:CompleteMultipartUpload",
            "s3:ObjectCreated:Put",
        ] {
            assert_eq!(
                jobs(&s3_event(&[s3_record(name, "b", "a.zip")])).len(),
                1,
                "{name}"
            );
        }
    }

    #[test]
    fn key_decoding() {
        assert_eq!(decoded_key("jobs/red+flower.zip"), "jobs/red flower.zip");
        assert_eq!(decoded_key("jobs/c%2B%2B.zip"), "jobs/c++.zip");
        assert_eq!(decoded_key("jobs/a%20b.zip"), "jobs/a b.zip");
        assert_eq!(decoded_key("jobs/caf%C3%A9.zip"), "jobs/café.zip");
        assert_eq!(decoded_key("jobs/caf%c3%a9.zip"), "jobs/café.zip");
        assert_eq!(decoded_key("jobs%2Fdeep%2Fx.zip"), "jobs/deep/x.zip");
        assert_eq!(decoded_key("jobs/100%25.zip"), "jobs/100%.zip");
        assert_eq!(
            decoded_key("jobs/2024-01-01T10%3A00%3A00.zip"),
            "jobs/2024-01-01T10:00:00.zip"
        );
        // The `.zip` check applies to the decoded key.
        assert_eq!(decoded_key("jobs/x%2Ezip"), "jobs/x.zip");
    }

    #[test]
    fn invalid_key_encoding_is_an_error() {
        let message = one_key("jobs/bad%ZZ.zip").map(|_| ()).unwrap_err().to_string();
        assert_eq!(
            message,
            "S3 event record 0 has an invalid s3.object.key \"jobs/bad%ZZ.zip\": \
             `%` at byte 8 is not followed by two hex digits"
        );
        for key in ["jobs/x.zip%", "jobs/x.zip%4", "%G0.zip"] {
            assert!(one_key(key).is_err(), "{key}");
        }
        let message = one_key("jobs/%FF%FE.zip").map(|_| ()).unwrap_err().to_string();
        assert!(message.contains("not UTF-8"), "{message}");
        // A truncated multi-byte sequence is not UTF-8 either.
        assert!(one_key("jobs/caf%C3.zip").is_err());
    }

    #[test]
    fn multi_record_messages_keep_order_and_skip_what_is_not_a_job() {
        let body = s3_event(&[
            s3_record("ObjectCreated:Put", "b1", "jobs/one.zip"),
            s3_record("ObjectRemoved:Delete", "b1", "jobs/gone.zip"),
            s3_record("ObjectCreated:Put", "b1", "jobs/one.png"),
            s3_record("ObjectCreated:CompleteMultipartUpload", "b2", "jobs/two.ZIP"),
        ]);
        let keys: Vec<(String, String)> = jobs(&body).into_iter().map(|j| (j.bucket, j.key)).collect();
        assert_eq!(
            keys,
            vec![
                ("b1".into(), "jobs/one.zip".into()),
                ("b2".into(), "jobs/two.ZIP".into())
            ]
        );
    }

    #[test]
    fn removed_and_other_events_are_ignored() {
        let reason = ignored(&s3_event(&[s3_record("ObjectRemoved:Delete", "b", "jobs/x.zip")]));
        assert_eq!(
            reason,
            "nothing to render in 1 S3 event record(s): record 0 is an \"ObjectRemoved:Delete\" event \
             (only ObjectCreated events start jobs)"
        );
        for name in [
            "ObjectRemoved:DeleteMarkerCreated",
            "ObjectRestore:Completed",
            "ObjectTagging:Put",
        ] {
            ignored(&s3_event(&[s3_record(name, "b", "jobs/x.zip")]));
        }
        // Skipped records are not validated: a delete of an oddly-encoded key is not an error.
        ignored(&s3_event(&[s3_record(
            "ObjectRemoved:Delete",
            "b",
            "jobs/%ZZ.zip",
        )]));
    }

    #[test]
    fn non_zip_keys_are_ignored_so_results_cannot_loop() {
        let reason = ignored(&s3_event(&[
            s3_record("ObjectCreated:Put", "b", "jobs/foo.png"),
            s3_record("ObjectCreated:Put", "b", "jobs/foo.error.json"),
        ]));
        assert_eq!(
            reason,
            "nothing to render in 2 S3 event record(s): record 0 key \"jobs/foo.png\" does not end in .zip; \
             record 1 key \"jobs/foo.error.json\" does not end in .zip"
        );
        ignored(&s3_event(&[s3_record(
            "ObjectCreated:Put",
            "b",
            "jobs/foo.zip.png",
        )]));
        ignored(&s3_event(&[s3_record(
            "ObjectCreated:Put",
            "b",
            "jobs/foo.checkpoint",
        )]));
    }

    #[test]
    fn long_skip_lists_are_summarised() {
        let records: Vec<String> = (0..8)
            .map(|i| s3_record("ObjectCreated:Put", "b", &format!("out/{i}.png")))
            .collect();
        let reason = ignored(&s3_event(&records));
        assert!(
            reason.starts_with("nothing to render in 8 S3 event record(s): record 0 key"),
            "{reason}"
        );
        assert!(reason.ends_with("; and 3 more"), "{reason}");
    }

    #[test]
    fn empty_records_are_ignored() {
        assert_eq!(
            ignored(r#"{"Records": []}"#),
            "S3 event notification has no records"
        );
    }

    #[test]
    fn malformed_records_are_errors() {
        let cases = [
            (
                r#"{"Records": {}}"#,
                "S3 event notification has an object Records field instead of an array",
            ),
            (
                r#"{"Records": [42]}"#,
                "S3 event record 0 is a number, not an object",
            ),
            (
                r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{}}}]}"#,
                "S3 event record 0 has no s3.object.key",
            ),
            (
                r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":null}}}]}"#,
                "S3 event record 0 has no s3.object.key",
            ),
            (
                r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":7}}}]}"#,
                "S3 event record 0 has a number s3.object.key instead of a string",
            ),
            (
                r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"a.zip"}}}]}"#,
                "S3 event record 0 has no s3.bucket.name",
            ),
            (
                r#"{"Records":[{"s3":{"bucket":{"name":""},"object":{"key":"a.zip"}}}]}"#,
                "S3 event record 0 has an empty s3.bucket.name",
            ),
            (
                r#"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":""}}}]}"#,
                "S3 event record 0 has an empty s3.object.key",
            ),
            (
                r#"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"a.zip","size":-1}}}]}"#,
                "S3 event record 0 has an invalid s3.object.size \"-1\"",
            ),
            (
                r#"{"Records":[{"eventSource":"aws:sns","Sns":{"Message":"{}"}}]}"#,
                "S3 event record 0 comes from \"aws:sns\", not from S3",
            ),
            (
                r#"{"Records":[{"eventName":5}]}"#,
                "S3 event record 0 has a non-string eventName",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(error(body), expected, "{body}");
        }
        // One bad record fails the message, even next to a good one.
        let body = s3_event(&[
            s3_record("ObjectCreated:Put", "b", "jobs/good.zip"),
            s3_record("ObjectCreated:Put", "b", "jobs/bad%Z.zip"),
        ]);
        assert!(error(&body).starts_with("S3 event record 1 has an invalid s3.object.key"));
    }

    #[test]
    fn key_length_is_bounded() {
        let longest = format!("jobs/{}.zip", "k".repeat(MAX_KEY_BYTES - 9));
        assert_eq!(decoded_key(&longest).len(), MAX_KEY_BYTES);
        let too_long = format!("jobs/{}.zip", "k".repeat(MAX_KEY_BYTES - 8));
        let message = one_key(&too_long).map(|_| ()).unwrap_err().to_string();
        assert_eq!(
            message,
            "S3 event record 0 has a key of 1025 bytes in s3.object.key, longer than S3's 1024-byte limit"
        );
        // The limit applies to the decoded key: %41 is one byte.
        let encoded = format!("jobs/{}.zip", "%41".repeat(MAX_KEY_BYTES - 9));
        assert_eq!(decoded_key(&encoded).len(), MAX_KEY_BYTES);
    }

    #[test]
    fn s3_test_event() {
        let body = r#"{
            "Service": "Amazon S3",
            "Event": "s3:TestEvent",
            "Time": "2024-03-01T12:30:00.000Z",
            "Bucket": "render-uploads",
            "RequestId": "5582815E1AEA5ADF",
            "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"
        }"#;
        assert_eq!(
            parse_message(body).ok(),
            Some(Parsed::TestEvent {
                bucket: Some("render-uploads".into())
            })
        );
        assert_eq!(
            parse_message(r#"{"Event":"s3:TestEvent"}"#).ok(),
            Some(Parsed::TestEvent { bucket: None })
        );
        // Through SNS, as it arrives when the notification targets a topic.
        assert_eq!(
            parse_message(&sns(body)).ok(),
            Some(Parsed::TestEvent {
                bucket: Some("render-uploads".into())
            })
        );
    }

    #[test]
    fn sns_envelope() {
        let inner = s3_event(&[s3_record("ObjectCreated:Put", "render-uploads", "jobs/a+b.zip")]);
        let found = jobs(&sns(&inner));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bucket, "render-uploads");
        assert_eq!(found[0].key, "jobs/a b.zip");
        // A Message that is already an object is accepted too.
        let body = format!(r#"{{"Type":"Notification","Message":{inner}}}"#);
        assert_eq!(jobs(&body).len(), 1);
    }

    #[test]
    fn sns_with_garbage_inside() {
        let message = error(&sns("this is not json"));
        assert!(
            message.starts_with("SNS notification Message is not JSON: expected"),
            "{message}"
        );
        assert_eq!(
            error(&sns(r#"{"hello": "world"}"#)),
            r#"unrecognised message format: expected an S3 event notification, SNS/EventBridge wrapper, or {"bucket": ..., "key": ...}; got an object with keys "hello""#
        );
        assert_eq!(
            error(r#"{"Type":"Notification"}"#),
            "SNS notification has no Message"
        );
        assert_eq!(
            error(r#"{"Type":"Notification","Message":3}"#),
            "SNS notification has a number Message instead of a string"
        );
        let reason = ignored(&sns(&s3_event(&[s3_record(
            "ObjectRemoved:Delete",
            "b",
            "jobs/a.zip",
        )])));
        assert!(reason.contains("ObjectRemoved:Delete"), "{reason}");
    }

    #[test]
    fn sns_subscription_confirmation_is_ignored() {
        let body = serde_json::json!({
            "Type": "SubscriptionConfirmation",
            "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
            "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
            "TopicArn": "arn:aws:sns:us-west-2:123456789012:render-uploads",
            "Message": "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:render-uploads.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
            "SubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:render-uploads&Token=2336412f37",
            "Timestamp": "2024-03-01T12:00:00.000Z",
            "SignatureVersion": "1"
        })
        .to_string();
        let reason = ignored(&body);
        assert!(
            reason.starts_with("SNS SubscriptionConfirmation for topic \"arn:aws:sns:"),
            "{reason}"
        );
        assert!(reason.contains("Action=ConfirmSubscription"), "{reason}");
    }

    #[test]
    fn lambda_stringified_bodies() {
        let event = s3_event(&[s3_record("ObjectCreated:Put", "b", "jobs/x.zip")]);
        assert_eq!(jobs(&stringify(&event)).len(), 1);
        assert_eq!(jobs(&stringify(&stringify(&event))).len(), 1);
        // A stringified SNS envelope around a stringified S3 event.
        assert_eq!(jobs(&stringify(&sns(&stringify(&event)))).len(), 1);
        let plain = r#"{"bucket":"b","key":"jobs/x.zip"}"#;
        assert_eq!(jobs(&stringify(plain)), vec![job("b", "jobs/x.zip")]);
        let message = error(r#""hello""#);
        assert!(
            message.starts_with("message body (a JSON string) is not JSON: expected"),
            "{message}"
        );
    }

    #[test]
    fn wrapping_depth_is_bounded() {
        let mut body = r#"{"bucket":"b","key":"jobs/x.zip"}"#.to_owned();
        for _ in 0..MAX_WRAP_DEPTH {
            body = stringify(&body);
        }
        assert_eq!(jobs(&body).len(), 1, "{MAX_WRAP_DEPTH} wrappers are fine");
        assert_eq!(
            error(&stringify(&body)),
            "message is wrapped more than 4 levels deep (SNS envelopes or JSON strings inside JSON strings); \
             refusing to unwrap further"
        );
        // SNS envelopes count too.
        let mut body = r#"{"bucket":"b","key":"jobs/x.zip"}"#.to_owned();
        for _ in 0..MAX_WRAP_DEPTH {
            body = sns(&body);
        }
        assert_eq!(jobs(&body).len(), 1);
        assert!(matches!(
            parse_message(&sns(&body)),
            Err(MessageError::TooDeep { limit: 4 })
        ));
        // Object-valued SNS Messages count too.
        let mut body = r#"{"bucket":"b","key":"jobs/x.zip"}"#.to_owned();
        for _ in 0..=MAX_WRAP_DEPTH {
            body = format!(r#"{{"Type":"Notification","Message":{body}}}"#);
        }
        assert!(matches!(
            parse_message(&body),
            Err(MessageError::TooDeep { limit: 4 })
        ));
    }

    #[test]
    fn eventbridge_object_created() {
        let body = r#"{
            "version": "0",
            "id": "17793124-05d4-b198-2fde-7ededc63b103",
            "detail-type": "Object Created",
            "source": "aws.s3",
            "account": "111122223333",
            "time": "2024-03-01T12:34:56Z",
            "region": "ca-central-1",
            "resources": ["arn:aws:s3:::render-uploads"],
            "detail": {
                "version": "0",
                "bucket": { "name": "render-uploads" },
                "object": {
                    "key": "jobs/my+scene 100%.zip",
                    "size": 5,
                    "etag": "b1946ac92492d2347c6235b4d2611184",
                    "version-id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
                    "sequencer": "00617F08299329D189"
                },
                "request-id": "N4N7GDK58NMKJ12R",
                "requester": "123456789012",
                "source-ip-address": "1.2.3.4",
                "reason": "PutObject"
            }
        }"#;
        assert_eq!(
            jobs(body),
            vec![JobSpec {
                bucket: "render-uploads".into(),
                // Raw key: `+` and `%` are literal characters here.
                key: "jobs/my+scene 100%.zip".into(),
                etag: Some("b1946ac92492d2347c6235b4d2611184".into()),
                size: Some(5),
                version_id: Some("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e".into()),
            }]
        );
    }

    #[test]
    fn eventbridge_other_events_are_ignored() {
        let deleted = r#"{"version":"0","detail-type":"Object Deleted","source":"aws.s3",
            "detail":{"bucket":{"name":"b"},"object":{"key":"jobs/x.zip"},"deletion-type":"Permanently Deleted"}}"#;
        assert_eq!(
            ignored(deleted),
            "EventBridge S3 event \"Object Deleted\" (only \"Object Created\" starts jobs)"
        );
        let png = r#"{"detail-type":"Object Created","source":"aws.s3",
            "detail":{"bucket":{"name":"b"},"object":{"key":"jobs/x.png"}}}"#;
        assert_eq!(
            ignored(png),
            "EventBridge S3 event object key \"jobs/x.png\" does not end in .zip"
        );
        let scheduled =
            r#"{"version":"0","detail-type":"Scheduled Event","source":"aws.events","detail":{}}"#;
        assert_eq!(
            ignored(scheduled),
            "EventBridge event \"Scheduled Event\" from \"aws.events\" is not an S3 event"
        );
        let missing =
            r#"{"detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name":"b"}}}"#;
        assert_eq!(error(missing), "EventBridge event has no detail.object.key");
    }

    #[test]
    fn plain_messages() {
        assert_eq!(
            jobs(r#"{"bucket":"b","key":"jobs/x.zip"}"#),
            vec![job("b", "jobs/x.zip")]
        );
        // Taken literally, and any key is accepted.
        assert_eq!(
            jobs(r#"{"bucket":"b","key":"scenes/a+b%20c"}"#),
            vec![job("b", "scenes/a+b%20c")]
        );
        assert_eq!(
            jobs(r#"{"bucket":"b","key":"k.zip","etag":"\"abc\"","size":"12","version_id":"v1"}"#),
            vec![JobSpec {
                bucket: "b".into(),
                key: "k.zip".into(),
                etag: Some("abc".into()),
                size: Some(12),
                version_id: Some("v1".into()),
            }]
        );
        assert_eq!(
            jobs(r#"{"bucket":"b","key":"k.zip","eTag":"abc","versionId":"v2"}"#)[0]
                .etag
                .as_deref(),
            Some("abc")
        );
        assert_eq!(jobs(r#"{"bucket":"b","key":"k.zip","etag":""}"#)[0].etag, None);
        assert_eq!(error(r#"{"bucket":"b"}"#), "plain job message has no \"key\"");
        assert_eq!(error(r#"{"key":"k.zip"}"#), "plain job message has no \"bucket\"");
        assert_eq!(
            error(r#"{"bucket":"","key":"k"}"#),
            "plain job message has an empty \"bucket\""
        );
        assert_eq!(
            error(r#"{"bucket":"b","key":""}"#),
            "plain job message has an empty \"key\""
        );
        assert_eq!(
            error(r#"{"bucket":"a/b","key":"k"}"#),
            "plain job message has an invalid \"bucket\" \"a/b\""
        );
        assert_eq!(
            error(r#"{"bucket":{"name":"b"},"key":"k"}"#),
            "plain job message has an object \"bucket\" instead of a string"
        );
        assert_eq!(
            error(r#"{"bucket":"b","key":"k","etag":1}"#),
            "plain job message has a number \"etag\" instead of a string"
        );
        let long = format!(r#"{{"bucket":"b","key":"{}"}}"#, "k".repeat(MAX_KEY_BYTES + 1));
        assert!(error(&long).contains("longer than S3's 1024-byte limit"));
    }

    #[test]
    fn garbage_and_empty_bodies() {
        assert_eq!(error(""), "message body is empty");
        assert_eq!(error(" \n\t"), "message body is empty");
        assert_eq!(error("\u{feff}"), "message body is empty");
        assert_eq!(
            error("hello"),
            "message body is not JSON: expected value at line 1 column 1"
        );
        assert!(error(r#"{"Records": ["#).starts_with("message body is not JSON: EOF while parsing"));
        assert!(error("\u{0}\u{1}binary").starts_with("message body is not JSON"));
        // Leading byte order mark is tolerated.
        assert_eq!(jobs("\u{feff}{\"bucket\":\"b\",\"key\":\"k.zip\"}").len(), 1);
        // Excessive nesting is caught by serde_json.
        let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(error(&nested).starts_with("message body is not JSON: recursion limit exceeded"));
    }

    #[test]
    fn json_of_the_wrong_shape() {
        let prefix =
            "unrecognised message format: expected an S3 event notification, SNS/EventBridge wrapper, \
                      or {\"bucket\": ..., \"key\": ...}; got ";
        let cases = [
            ("{}", "an empty JSON object"),
            ("[]", "a JSON array"),
            ("[{\"bucket\":\"b\",\"key\":\"k\"}]", "a JSON array"),
            ("42", "a JSON number"),
            ("null", "JSON null"),
            ("true", "a JSON boolean"),
            (r#"{"Event":"s3:SomethingElse"}"#, "an object with keys \"Event\""),
            (r#"{"Type":"Other","x":1}"#, "an object with keys \"Type\", \"x\""),
        ];
        for (body, found) in cases {
            assert_eq!(error(body), format!("{prefix}{found}"), "{body}");
        }
        let many: Map<String, Value> = (0..20).map(|i| (format!("k{i:02}"), Value::Null)).collect();
        let message = error(&Value::Object(many).to_string());
        assert!(message.ends_with(", ..."), "{message}");
    }

    #[test]
    fn oversized_bodies_are_refused_before_parsing() {
        let body = format!(
            "{{\"bucket\":\"b\",\"key\":\"k.zip\",\"pad\":\"{}\"}}",
            " ".repeat(MAX_BODY_BYTES)
        );
        assert_eq!(
            error(&body),
            format!(
                "message body is {} bytes, more than the 262144-byte limit for job messages",
                body.len()
            )
        );
        let fits = format!(
            "{{\"bucket\":\"b\",\"key\":\"k.zip\",\"pad\":\"{}\"}}",
            " ".repeat(MAX_BODY_BYTES - 100)
        );
        assert!(fits.len() <= MAX_BODY_BYTES);
        assert_eq!(jobs(&fits).len(), 1);
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let key = format!("jobs/{}%ZZ.zip", "é".repeat(300));
        let message = one_key(&key).map(|_| ()).unwrap_err().to_string();
        assert!(message.len() < 400, "{message}");
        assert!(
            message.contains(&format!("... ({} bytes)", key.len())),
            "{message}"
        );
    }
}
