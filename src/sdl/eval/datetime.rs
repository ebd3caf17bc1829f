//! `now` and `datetime(days [, format])`: time as POV-Ray 3.7 counts it, in days since
//! 2000-01-01 00:00 UTC, formatted by the C library's `strftime` as POV-Ray does.

use std::ffi::CString;
use std::time::{SystemTime, UNIX_EPOCH};

/// 2000-01-01 00:00:00 UTC in Unix seconds.
const EPOCH_2000: f64 = 946_684_800.0;
const SECONDS_PER_DAY: f64 = 86_400.0;
/// POV-Ray's default format.
pub const DEFAULT_FORMAT: &str = "%Y-%m-%d %H:%M:%SZ";
/// Longest result POV-Ray takes (longer ones are its "resulting string too long").
const MAX_RESULT: usize = 200;

/// The current time in days since 2000-01-01 UTC.
pub fn now() -> f64 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    (seconds - EPOCH_2000) / SECONDS_PER_DAY
}

/// `days` (since 2000-01-01 UTC, rounded to the second, as POV-Ray 3.7.0 does) in
/// `format`. Years outside 1400..=9999 are refused, as POV-Ray refuses them.
pub fn format(days: f64, format: &str) -> Result<String, String> {
    if format.is_empty() {
        return Err("the format string is empty".into());
    }
    let seconds = (days * SECONDS_PER_DAY + EPOCH_2000).round();
    // Year 1400 and year 10000 begin at these Unix times.
    if !(-17_987_443_200.0..253_402_300_800.0).contains(&seconds) {
        return Err(format!(
            "`{days}` days from 2000 is outside the years 1400 to 9999"
        ));
    }
    let time = seconds as libc::time_t;
    let format = CString::new(format).map_err(|_| "the format string holds a NUL character".to_string())?;
    let mut fields: libc::tm = unsafe { std::mem::zeroed() };
    let mut out = [0u8; MAX_RESULT];
    // SAFETY: gmtime_r writes only `fields`; strftime writes at most `out.len()` bytes
    // into `out` and reads the NUL-terminated format and the filled-in `fields`.
    let written = unsafe {
        if libc::gmtime_r(&time, &mut fields).is_null() {
            return Err(format!("`{days}` days from 2000 is not a date"));
        }
        libc::strftime(out.as_mut_ptr().cast(), out.len(), format.as_ptr(), &fields)
    };
    if written == 0 {
        return Err(format!(
            "the format gives nothing or more than {} characters",
            MAX_RESULT - 1
        ));
    }
    Ok(String::from_utf8_lossy(&out[..written]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_povray() {
        // POV-Ray 3.7.0.10's #debug output for the same calls.
        for (days, fmt, want) in [
            (0.0, DEFAULT_FORMAT, "2000-01-01 00:00:00Z"),
            (1.5, DEFAULT_FORMAT, "2000-01-02 12:00:00Z"),
            (
                -1.25,
                "%Y %j %a %A %b %B %y %e %H:%M:%S %p %I %w %U %%",
                "1999 364 Thu Thursday Dec December 99 30 18:00:00 PM 06 4 52 %",
            ),
            (
                9000.123456,
                "%d/%m/%Y %T %D %F",
                "22/08/2024 02:57:47 08/22/24 2024-08-22",
            ),
            (1e6, DEFAULT_FORMAT, "4737-11-28 00:00:00Z"),
        ] {
            assert_eq!(format(days, fmt).unwrap(), want, "{days} {fmt}");
        }
    }

    #[test]
    fn refuses_what_povray_refuses() {
        for (days, fmt, want) in [
            (0.0, "", "empty"),
            (3e9, DEFAULT_FORMAT, "1400 to 9999"),
            (-1e6, DEFAULT_FORMAT, "1400 to 9999"),
            (f64::NAN, DEFAULT_FORMAT, "1400 to 9999"),
            (0.0, &"%Y".repeat(60), "more than 199"),
            (0.0, "a\0b", "NUL"),
        ] {
            let e = format(days, fmt).unwrap_err();
            assert!(e.contains(want), "{days} {fmt}: {e}");
        }
    }

    #[test]
    fn now_is_today() {
        // 2026 and later: more than 9,497 days after 2000-01-01.
        assert!(now() > 9_497.0, "{}", now());
    }
}
