//! Structural similarity (SSIM) with scikit-image's default parameters.
//!
//! Reproduces `skimage.metrics.structural_similarity(a, b, channel_axis=2, data_range=1)`:
//! a 7x7 uniform window, K1 = 0.01, K2 = 0.03, sample (N - 1) covariance, the mean over the
//! windows that lie fully inside the image (skimage crops 3 pixels at each border, which is
//! exactly where its reflect-padded windows would reach outside), averaged over R, G and B.

use rayon::prelude::*;

use super::{CompareError, RgbImage};

/// Side of the square averaging window.
const WINDOW: usize = 7;
const WINDOW_AREA: f64 = (WINDOW * WINDOW) as f64;
const K1: f64 = 0.01;
const K2: f64 = 0.03;
/// Images are compared on a `[0, 1]` scale.
const DATA_RANGE: f64 = 1.0;
const CHANNELS: usize = 3;
/// Output rows per parallel task; each task re-sums `WINDOW - 1` extra input rows.
const BAND_ROWS: usize = 32;

/// Box sums over one window: Σa, Σb, Σa², Σb², Σab.
type WindowSums = [f64; 5];

/// Mean SSIM over all full 7x7 windows and the three channels.
pub fn ssim(a: &RgbImage, b: &RgbImage) -> Result<f64, CompareError> {
    super::check_comparable(a, b)?;
    let (width, height) = (a.width as usize, a.height as usize);
    if width < WINDOW || height < WINDOW {
        return Err(CompareError::TooSmall {
            width: a.width,
            height: a.height,
            min: WINDOW as u32,
        });
    }
    let out_width = width - (WINDOW - 1);
    let out_height = height - (WINDOW - 1);

    let tasks: Vec<(usize, usize)> = (0..CHANNELS)
        .flat_map(|channel| {
            (0..out_height)
                .step_by(BAND_ROWS)
                .map(move |first_row| (channel, first_row))
        })
        .collect();
    // Collect in order and add sequentially so the result does not depend on thread timing.
    let band_sums: Vec<f64> = tasks
        .par_iter()
        .map(|&(channel, first_row)| {
            let rows = first_row..(first_row + BAND_ROWS).min(out_height);
            band_ssim_sum(&a.data, &b.data, width, channel, rows)
        })
        .collect();
    let total: f64 = band_sums.iter().sum();
    Ok(total / (CHANNELS * out_width * out_height) as f64)
}

/// Sum of the SSIM map over output rows `rows` (a window's top-left corner) of one channel.
fn band_ssim_sum(a: &[f32], b: &[f32], width: usize, channel: usize, rows: std::ops::Range<usize>) -> f64 {
    let out_width = width - (WINDOW - 1);
    let input_rows = rows.start..rows.end + (WINDOW - 1);

    let mut horizontal: Vec<WindowSums> = Vec::with_capacity(input_rows.len() * out_width);
    for row in input_rows {
        let row_start = row * width;
        for x in 0..out_width {
            let mut sums = [0.0; 5];
            for offset in 0..WINDOW {
                let index = (row_start + x + offset) * CHANNELS + channel;
                add_sample(&mut sums, f64::from(a[index]), f64::from(b[index]));
            }
            horizontal.push(sums);
        }
    }

    let mut total = 0.0;
    for y in 0..rows.len() {
        for x in 0..out_width {
            let mut sums = [0.0; 5];
            for offset in 0..WINDOW {
                let row_sums = &horizontal[(y + offset) * out_width + x];
                for (sum, value) in sums.iter_mut().zip(row_sums) {
                    *sum += value;
                }
            }
            total += window_ssim(&sums);
        }
    }
    total
}

fn add_sample(sums: &mut WindowSums, a: f64, b: f64) {
    sums[0] += a;
    sums[1] += b;
    sums[2] += a * a;
    sums[3] += b * b;
    sums[4] += a * b;
}

/// SSIM of one window, written term by term like skimage so rounding matches closely.
fn window_ssim(sums: &WindowSums) -> f64 {
    let c1 = (K1 * DATA_RANGE).powi(2);
    let c2 = (K2 * DATA_RANGE).powi(2);
    let covariance_norm = WINDOW_AREA / (WINDOW_AREA - 1.0);

    let [ux, uy, uxx, uyy, uxy] = sums.map(|sum| sum / WINDOW_AREA);
    let vx = covariance_norm * (uxx - ux * ux);
    let vy = covariance_norm * (uyy - uy * uy);
    let vxy = covariance_norm * (uxy - ux * uy);

    let a1 = 2.0 * ux * uy + c1;
    let a2 = 2.0 * vxy + c2;
    let b1 = ux * ux + uy * uy + c1;
    let b2 = vx + vy + c2;
    (a1 * a2) / (b1 * b2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic, textured test image.
    fn pattern(width: u32, height: u32, phase: f32) -> RgbImage {
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                for c in 0..3 {
                    let v = ((x as f32 * 0.7 + y as f32 * 0.3 + c as f32 + phase).sin() + 1.0) / 2.0;
                    data.push(v);
                }
            }
        }
        RgbImage { width, height, data }
    }

    #[test]
    fn identical_images_score_one() {
        let image = pattern(20, 13, 0.0);
        let score = ssim(&image, &image).expect("comparable");
        assert!((score - 1.0).abs() < 1e-12, "{score}");
    }

    #[test]
    fn constant_images_match_skimage_formula() {
        // Zero variance everywhere: SSIM = (2ab + C1) / (a² + b² + C1).
        let a = RgbImage {
            width: 7,
            height: 7,
            data: vec![0.25; 7 * 7 * 3],
        };
        let b = RgbImage {
            data: vec![0.75; 7 * 7 * 3],
            ..a.clone()
        };
        let c1 = 0.01_f64.powi(2);
        let expected = (2.0 * 0.25 * 0.75 + c1) / (0.25_f64.powi(2) + 0.75_f64.powi(2) + c1);
        let score = ssim(&a, &b).expect("comparable");
        assert!((score - expected).abs() < 1e-9, "{score} vs {expected}");
    }

    #[test]
    fn shifted_pattern_scores_lower_and_symmetrically() {
        let a = pattern(32, 24, 0.0);
        let b = pattern(32, 24, 1.0);
        let ab = ssim(&a, &b).expect("comparable");
        let ba = ssim(&b, &a).expect("comparable");
        assert!(ab < 0.9, "{ab}");
        assert!((ab - ba).abs() < 1e-12);
    }

    #[test]
    fn too_small_is_an_error() {
        let image = pattern(6, 10, 0.0);
        assert!(matches!(
            ssim(&image, &image),
            Err(CompareError::TooSmall { width: 6, .. })
        ));
    }
}
