//! JPEG files for `image_map`, `bump_map`, `image_pattern` and `height_field`, decoded
//! with the zune-jpeg crate (pure Rust, bounded, and refusing damaged files with an
//! error rather than a panic) into 8-bit grey or RGB samples, as POV-Ray keeps them.

use std::path::Path;

use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::budget::MemoryBudget;
use crate::sdl::error::SceneErrorKind;

use super::image_budget::{admit_image, damaged, DecodeError};

/// A decoded JPEG: `channels` (1 grey, 3 RGB) 8-bit samples a pixel, rows top first.
pub struct JpegSamples {
    pub width: u32,
    pub height: u32,
    pub channels: usize,
    pub samples: Vec<u8>,
}

/// The most compressed bytes a pixel may take before the file is refused unread; a
/// baseline JPEG needs well under 3 (its raw size), progressive ones a little more.
const MAX_FILE_BYTES_PER_PIXEL: u64 = 8;

/// Decodes the JPEG at `path`. `max_pixels` caps width × height and `memory` must hold
/// the samples plus `extra_per_pixel` bytes a pixel for what the caller makes of them,
/// both checked from the header before any pixel is decoded.
pub fn decode_jpeg(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
    extra_per_pixel: u64,
) -> Result<JpegSamples, DecodeError> {
    let io = |e: std::io::Error| (SceneErrorKind::Io, e.to_string());
    let most = max_pixels
        .saturating_mul(MAX_FILE_BYTES_PER_PIXEL)
        .saturating_add(1 << 16);
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > most {
        return Err((
            SceneErrorKind::Limit,
            format!("the file is {size} bytes, more than a JPEG of at most {max_pixels} pixels needs"),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let side = usize::try_from(max_pixels.min(u64::from(u16::MAX))).unwrap_or(usize::from(u16::MAX));
    let options = DecoderOptions::default().set_max_width(side).set_max_height(side);
    let mut header = JpegDecoder::new_with_options(ZCursor::new(&bytes), options);
    header.decode_headers().map_err(damaged)?;
    let info = header.info().ok_or_else(|| damaged("no image header"))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let grey = matches!(header.input_colorspace(), Some(ColorSpace::Luma));
    if matches!(
        header.input_colorspace(),
        Some(ColorSpace::CMYK | ColorSpace::YCCK)
    ) {
        return Err(damaged(
            "CMYK JPEG images are not supported (POV-Ray reads grey and RGB ones)",
        ));
    }
    let channels = if grey { 1 } else { 3 };
    admit_image(width, height, max_pixels, memory, |pixels| {
        pixels * (channels as u64 + extra_per_pixel)
    })?;
    let out = if grey { ColorSpace::Luma } else { ColorSpace::RGB };
    let mut decoder =
        JpegDecoder::new_with_options(ZCursor::new(&bytes), options.jpeg_set_out_colorspace(out));
    let samples = decoder.decode().map_err(damaged)?;
    if samples.len() != width as usize * height as usize * channels {
        return Err(damaged("decoded size does not match the header"));
    }
    Ok(JpegSamples {
        width,
        height,
        channels,
        samples,
    })
}
