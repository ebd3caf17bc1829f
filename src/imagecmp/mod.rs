//! Image similarity measures (SSIM, PSNR) used by golden tests and benchmarks.
//!
//! Both measures reproduce scikit-image on `[0, 1]` RGB data (see `ssim` and `psnr` for the
//! exact calls), so thresholds calibrated in Python carry over unchanged.

mod error;
mod image;
mod psnr;
mod ssim;

use std::path::Path;

pub use error::CompareError;
pub use image::{decode_png, load_png, RgbImage, MAX_PIXELS};
pub use psnr::psnr;
pub use ssim::ssim;

/// How alike two images are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Mean structural similarity, 1.0 for identical images.
    pub ssim: f64,
    /// Peak signal-to-noise ratio in dB, `f64::INFINITY` for identical images.
    pub psnr: f64,
}

/// Computes SSIM and PSNR of two images of the same size (at least 7x7).
pub fn compare(a: &RgbImage, b: &RgbImage) -> Result<Similarity, CompareError> {
    Ok(Similarity {
        ssim: ssim(a, b)?,
        psnr: psnr(a, b)?,
    })
}

/// Loads two PNG files and compares them.
pub fn compare_files(a: &Path, b: &Path) -> Result<Similarity, CompareError> {
    compare(&load_png(a)?, &load_png(b)?)
}

/// Both images well formed and of the same size.
fn check_comparable(a: &RgbImage, b: &RgbImage) -> Result<(), CompareError> {
    a.validate()?;
    b.validate()?;
    if (a.width, a.height) != (b.width, b.height) {
        return Err(CompareError::SizeMismatch {
            a_width: a.width,
            a_height: a.height,
            b_width: b.width,
            b_height: b.height,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(width: u32, height: u32) -> RgbImage {
        let data = (0..width * height * 3).map(|i| (i % 97) as f32 / 96.0).collect();
        RgbImage { width, height, data }
    }

    #[test]
    fn identical_images_are_perfectly_similar() {
        let image = gradient(16, 9);
        let similarity = compare(&image, &image).expect("comparable");
        assert!((similarity.ssim - 1.0).abs() < 1e-12);
        assert_eq!(similarity.psnr, f64::INFINITY);
    }

    #[test]
    fn size_mismatch_names_both_sizes() {
        let error = compare(&gradient(16, 9), &gradient(9, 16)).expect_err("sizes differ");
        let message = error.to_string();
        assert!(message.contains("16x9") && message.contains("9x16"), "{message}");
    }

    #[test]
    fn malformed_buffer_is_rejected() {
        let mut image = gradient(8, 8);
        image.data.pop();
        assert!(matches!(
            compare(&image, &gradient(8, 8)),
            Err(CompareError::BadBuffer { .. })
        ));
    }

    /// Averages `factor` x `factor` blocks.
    fn box_downscale(image: &RgbImage, factor: u32) -> RgbImage {
        let (width, height) = (image.width / factor, image.height / factor);
        let mut data = Vec::with_capacity((width * height * 3) as usize);
        for y in 0..height {
            for x in 0..width {
                for channel in 0..3 {
                    let mut sum = 0.0_f64;
                    for dy in 0..factor {
                        for dx in 0..factor {
                            let source = ((y * factor + dy) * image.width + x * factor + dx) * 3;
                            sum += f64::from(image.data[(source + channel) as usize]);
                        }
                    }
                    data.push((sum / f64::from(factor * factor)) as f32);
                }
            }
        }
        RgbImage { width, height, data }
    }

    #[test]
    fn matches_scikit_image_on_the_ecslogo_references() {
        let Some(small) = crate::fixtures::shared("fixtures/ecslogo/reference-povray37-480x270.png") else {
            return;
        };
        let Some(large) = crate::fixtures::shared("fixtures/ecslogo/reference-povray37-1920x1080.png") else {
            return;
        };
        let small = load_png(&small).expect("480x270 reference");
        let downscaled = box_downscale(&load_png(&large).expect("1920x1080 reference"), 4);
        let similarity = compare(&small, &downscaled).expect("same size");
        // From skimage 0.26: structural_similarity(a, d, channel_axis=2, data_range=1) and
        // peak_signal_noise_ratio(a, d, data_range=1), with a = u8 / 255 (float64) and d the
        // 4x4 block mean of the 1920x1080 reference.
        assert!((similarity.ssim - 0.996_832_290_0).abs() < 1e-6, "{similarity:?}");
        assert!(
            (similarity.psnr - 36.747_272_014_2).abs() < 1e-4,
            "{similarity:?}"
        );
    }

    #[test]
    fn one_pixel_shift_lowers_both_measures() {
        let a = gradient(40, 30);
        let mut shifted = a.clone();
        // Shift every row right by one pixel, repeating the first column.
        let row_len = 40 * 3;
        for row in shifted.data.chunks_mut(row_len) {
            row.copy_within(0..row_len - 3, 3);
        }
        let similarity = compare(&a, &shifted).expect("comparable");
        assert!(similarity.ssim < 0.99, "{similarity:?}");
        assert!(
            similarity.psnr.is_finite() && similarity.psnr > 0.0,
            "{similarity:?}"
        );
    }
}
