//! The `.error.json` report a failed job leaves next to its upload.

use serde::Serialize;

use super::failure::{Failure, SourceLocation};

#[derive(Debug, Serialize)]
pub struct ErrorReport<'a> {
    pub stage: &'a str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a SourceLocation>,
    pub bucket: &'a str,
    pub key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_etag: Option<&'a str>,
    pub worker: &'a str,
    pub spotray_version: &'a str,
    /// RFC 3339, UTC.
    pub time: String,
    pub receive_count: u32,
}

impl<'a> ErrorReport<'a> {
    pub fn new(
        failure: &'a Failure,
        bucket: &'a str,
        key: &'a str,
        source_etag: Option<&'a str>,
        worker: &'a str,
        receive_count: u32,
    ) -> ErrorReport<'a> {
        ErrorReport {
            stage: failure.stage.as_str(),
            message: &failure.message,
            location: failure.location.as_ref(),
            bucket,
            key,
            source_etag,
            worker,
            spotray_version: env!("CARGO_PKG_VERSION"),
            time: rfc3339_now(),
            receive_count,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_else(|_| b"{}".to_vec())
    }
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, without pulling in a date crate.
pub fn rfc3339_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm), valid for the whole u64 range we use.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
