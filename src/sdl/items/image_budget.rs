//! The one check every image decoder makes before it allocates pixel memory: the image
//! has pixels, no more than the job allows, and the job's memory has room for them.

use crate::budget::{format_bytes, MemoryBudget};
use crate::sdl::error::SceneErrorKind;

/// Why an image could not be decoded: the kind of error and what to say.
pub type DecodeError = (SceneErrorKind, String);

/// A damaged or unreadable image is the archive's fault: trying again cannot help.
pub fn damaged(error: impl std::fmt::Display) -> DecodeError {
    (SceneErrorKind::BadFile, error.to_string())
}

/// Admits a `width` × `height` image whose decoding needs `bytes` of memory, reserving
/// them; returns its pixel count.
pub fn admit_image(
    width: u32,
    height: u32,
    max_pixels: u64,
    memory: MemoryBudget,
    bytes: impl FnOnce(u64) -> u64,
) -> Result<u64, DecodeError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(damaged("image has no pixels"));
    }
    if pixels > max_pixels {
        return Err((
            SceneErrorKind::Limit,
            format!("image is {width}x{height}, more than the limit of {max_pixels} pixels"),
        ));
    }
    let bytes = bytes(pixels);
    memory.reserve(bytes).map_err(|over| {
        (
            SceneErrorKind::Limit,
            format!(
                "{over}: the {width}x{height} image needs {} decoded",
                format_bytes(bytes)
            ),
        )
    })?;
    Ok(pixels)
}
