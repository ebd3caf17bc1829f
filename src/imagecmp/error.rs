//! Why an image could not be loaded or compared.

use std::io;
use std::path::{Path, PathBuf};

/// Everything that can stop an image comparison.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The image file could not be read from disk.
    #[error("cannot read image {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The bytes are not a PNG this module can decode.
    #[error("{} is not a readable PNG image: {message}", describe_origin(.path.as_deref()))]
    Decode {
        /// `None` when decoding from memory.
        path: Option<PathBuf>,
        message: String,
    },
    /// The PNG declares more pixels than we are willing to allocate.
    #[error(
        "{} is {width}x{height} pixels, more than the {max_pixels} pixels this comparison accepts",
        describe_origin(.path.as_deref())
    )]
    TooLarge {
        path: Option<PathBuf>,
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    /// The two images cannot be compared pixel by pixel.
    #[error(
        "images differ in size: {a_width}x{a_height} vs {b_width}x{b_height}; \
         render or resize both to the same resolution before comparing"
    )]
    SizeMismatch {
        a_width: u32,
        a_height: u32,
        b_width: u32,
        b_height: u32,
    },
    /// SSIM needs at least one full 7x7 window.
    #[error("image is {width}x{height} pixels; SSIM needs at least {min}x{min}")]
    TooSmall { width: u32, height: u32, min: u32 },
    /// An `RgbImage` built by hand whose buffer does not match its size.
    #[error("image buffer holds {actual} values but a {width}x{height} RGB image needs {expected}")]
    BadBuffer {
        width: u32,
        height: u32,
        expected: usize,
        actual: usize,
    },
}

impl CompareError {
    /// Attaches the file the bytes came from, so the message names it.
    pub(crate) fn with_path(self, origin: &Path) -> Self {
        match self {
            CompareError::Decode { path: None, message } => CompareError::Decode {
                path: Some(origin.to_path_buf()),
                message,
            },
            CompareError::TooLarge {
                path: None,
                width,
                height,
                max_pixels,
            } => CompareError::TooLarge {
                path: Some(origin.to_path_buf()),
                width,
                height,
                max_pixels,
            },
            other => other,
        }
    }
}

fn describe_origin(path: Option<&Path>) -> String {
    match path {
        Some(path) => path.display().to_string(),
        None => "the data".to_string(),
    }
}
