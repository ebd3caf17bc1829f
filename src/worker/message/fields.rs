//! Reading, validating and quoting the fields every message format shares.

use serde_json::{Map, Value};

use super::{MessageError, MAX_KEY_BYTES};

/// Generous upper bound on bucket names (S3 allows 63 today, 255 for legacy buckets).
const MAX_BUCKET_BYTES: usize = 255;
/// Keys and other values quoted in messages are shortened to about this many bytes.
const QUOTE_BYTES: usize = 120;

pub(super) fn is_zip(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() >= 4 && bytes[bytes.len() - 4..].eq_ignore_ascii_case(b".zip")
}

pub(super) fn not_zip(key: &str) -> String {
    format!("key {} does not end in .zip", quote(key))
}

pub(super) fn validate_bucket(bucket: &str, name: &str, subject: &str) -> Result<(), MessageError> {
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

pub(super) fn validate_key(key: &str, name: &str, subject: &str) -> Result<(), MessageError> {
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

pub(super) fn invalid(subject: &str, problem: impl Into<String>) -> MessageError {
    MessageError::Invalid {
        subject: subject.to_owned(),
        problem: problem.into(),
    }
}

/// The value at `pointer`, treating JSON `null` as absent.
pub(super) fn present<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    value.pointer(pointer).filter(|found| !found.is_null())
}

pub(super) fn required_str<'a>(
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
pub(super) fn optional_str<'a>(
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
pub(super) fn optional_size(
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

pub(super) fn strip_quotes(etag: &str) -> String {
    etag.strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(etag)
        .to_owned()
}

/// `text` as a quoted, escaped string, shortened when long.
pub(super) fn quote(text: &str) -> String {
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
pub(super) fn a_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Object(object) => describe_object(object),
        Value::Array(_) => "a JSON array".into(),
        Value::String(_) => "a JSON string".into(),
        Value::Number(_) => "a JSON number".into(),
        Value::Bool(_) => "a JSON boolean".into(),
        Value::Null => "JSON null".into(),
    }
}

pub(super) fn describe_object(object: &Map<String, Value>) -> String {
    if object.is_empty() {
        return "an empty JSON object".into();
    }
    let keys: Vec<String> = object.keys().take(8).map(|key| quote(key)).collect();
    let more = if object.len() > keys.len() { ", ..." } else { "" };
    format!("an object with keys {}{more}", keys.join(", "))
}
