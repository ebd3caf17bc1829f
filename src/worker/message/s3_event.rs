//! S3 event notifications (`{"Records": [...]}`): one job per created `.zip` object.

use serde_json::Value;

use super::fields::*;
use super::{MessageError, Parsed, MAX_REASONS};
use crate::worker::jobspec::JobSpec;

pub(super) fn parse_s3_records(records: &Value) -> Result<Parsed, MessageError> {
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
pub(super) fn parse_s3_record(index: usize, record: &Value) -> Result<Result<JobSpec, String>, MessageError> {
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

pub(super) fn jobs_or_ignored(jobs: Vec<JobSpec>, skipped: Vec<String>) -> Parsed {
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
pub(super) fn decode_form(raw: &str) -> Result<String, String> {
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

pub(super) fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}
