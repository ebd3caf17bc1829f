//! `pgm` and `ppm` height_field images (P2, P5, P3, P6, any maximum value), converted
//! to heights as POV-Ray 3.7 converts them.

use std::path::Path;

use crate::budget::{format_bytes, MemoryBudget};
use crate::scene::HeightGrid;
use crate::sdl::error::SceneErrorKind;

use super::height_field::flipped;
use super::image_budget::{admit_image, DecodeError};

fn damaged(what: &str) -> DecodeError {
    (SceneErrorKind::BadFile, what.to_string())
}

/// Reads whitespace-separated numbers and `#` comments from the header or an ASCII body.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn number(&mut self) -> Result<u32, DecodeError> {
        loop {
            match self.bytes.get(self.at) {
                Some(b'#') => {
                    while self.bytes.get(self.at).is_some_and(|&b| b != b'\n') {
                        self.at += 1;
                    }
                }
                Some(b) if b.is_ascii_whitespace() => self.at += 1,
                _ => break,
            }
        }
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.at])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| damaged("bad number in the image"))
    }
}

/// Decodes a PGM or PPM file into heights. `max_pixels` and `memory` bound it before
/// any pixel memory is allocated, and the file's size before it is read.
pub fn decode_netpbm_heights(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
) -> Result<HeightGrid, DecodeError> {
    let io = |e: std::io::Error| (SceneErrorKind::Io, e.to_string());
    // Up to three samples of up to six characters each per pixel, in the ASCII forms.
    let most = max_pixels.saturating_mul(21).saturating_add(4096);
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > most {
        return Err((
            SceneErrorKind::Limit,
            format!(
                "the image file is {}, more than its limit of pixels can take",
                format_bytes(size)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let (colour, ascii) = match bytes.get(..2) {
        Some(b"P2") => (false, true),
        Some(b"P5") => (false, false),
        Some(b"P3") => (true, true),
        Some(b"P6") => (true, false),
        _ => return Err(damaged("not a P2, P3, P5 or P6 PGM/PPM image")),
    };
    let mut cursor = Cursor { bytes: &bytes, at: 2 };
    let (width, height, max) = (cursor.number()?, cursor.number()?, cursor.number()?);
    if !(1..=65535).contains(&max) {
        return Err(damaged("the maximum value must be 1 to 65535"));
    }
    let pixels = admit_image(width, height, max_pixels, memory, |pixels| pixels * 2)?;
    let channels = if colour { 3 } else { 1 };
    let wide = max > 255;
    // One whitespace byte ends the header of the binary forms.
    let mut at = cursor.at + 1;
    let mut sample = |cursor: &mut Cursor| -> Result<u32, DecodeError> {
        if ascii {
            return cursor.number().map(|v| v.min(max));
        }
        let n = if wide { 2 } else { 1 };
        let b = bytes
            .get(at..at + n)
            .ok_or_else(|| damaged("truncated image data"))?;
        at += n;
        Ok(b.iter().fold(0u32, |v, &b| v << 8 | u32::from(b)).min(max))
    };
    // POV-Ray decodes each sample to v / max in single precision.
    let fraction = |v: u32| f64::from(v as f32 / max as f32);
    let mut heights = Vec::with_capacity(pixels as usize);
    for _ in 0..pixels {
        let mut v = [0u32; 3];
        for s in v.iter_mut().take(channels) {
            *s = sample(&mut cursor)?;
        }
        let h = if !colour {
            (fraction(v[0]) as f32 * 65535.0) as u16
        } else if wide {
            ((0.297 * fraction(v[0]) + 0.589 * fraction(v[1]) + 0.114 * fraction(v[2])) * 65535.0) as u16
        } else {
            // Red the high byte, green the low one, as for 8-bit PNGs.
            ((fraction(v[0]) * 256.0 + fraction(v[1])) * 255.0) as u16
        };
        heights.push(h);
    }
    Ok(flipped(width, height, heights))
}
