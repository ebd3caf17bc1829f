//! Peak signal-to-noise ratio, as `skimage.metrics.peak_signal_noise_ratio(a, b, data_range=1)`.

use super::{CompareError, RgbImage};

/// Values summed per partial sum, to keep rounding error small on large images.
const CHUNK: usize = 4096;

/// PSNR in dB over all channels; `f64::INFINITY` for identical images.
pub fn psnr(a: &RgbImage, b: &RgbImage) -> Result<f64, CompareError> {
    super::check_comparable(a, b)?;
    if a.data.is_empty() {
        return Ok(f64::INFINITY);
    }
    let squared_error: f64 = a
        .data
        .chunks(CHUNK)
        .zip(b.data.chunks(CHUNK))
        .map(|(chunk_a, chunk_b)| {
            chunk_a
                .iter()
                .zip(chunk_b)
                .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
                .sum::<f64>()
        })
        .sum();
    let mean_squared_error = squared_error / a.data.len() as f64;
    if mean_squared_error == 0.0 {
        return Ok(f64::INFINITY);
    }
    // Data range is 1, so the peak term 10·log10(1²) vanishes.
    Ok(-10.0 * mean_squared_error.log10())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(value: f32) -> RgbImage {
        RgbImage {
            width: 4,
            height: 2,
            data: vec![value; 4 * 2 * 3],
        }
    }

    #[test]
    fn identical_images_are_infinite() {
        assert_eq!(psnr(&flat(0.3), &flat(0.3)).expect("ok"), f64::INFINITY);
    }

    #[test]
    fn uniform_error_of_a_tenth_is_twenty_db() {
        let value = psnr(&flat(0.5), &flat(0.6)).expect("ok");
        assert!((value - 20.0).abs() < 1e-5, "{value}");
    }
}
