//! `RgbImage`, the common pixel format for comparisons, and decoding PNG files into it.

use std::path::Path;

use super::CompareError;

/// Decoded images larger than this are refused instead of allocated (100 megapixels is about
/// 1.2 GB as `f32` RGB; a hostile header could otherwise claim billions of pixels).
pub const MAX_PIXELS: u64 = 100_000_000;

/// The png crate caps its own internal allocations (chunks, ICC profiles) at 64 MiB by default;
/// the frame buffer is ours and bounded by `MAX_PIXELS` instead.
const DECODER_LIMIT_BYTES: usize = 256 * 1024 * 1024;

/// An RGB image with channels interleaved row by row, each value in `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RgbImage {
    pub width: u32,
    pub height: u32,
    /// `width * height * 3` values: R, G, B of the top-left pixel first.
    pub data: Vec<f32>,
}

impl RgbImage {
    /// Number of values `data` must hold for this size.
    pub fn expected_len(&self) -> usize {
        self.width as usize * self.height as usize * 3
    }

    /// Checks that `data` matches `width` and `height`.
    pub fn validate(&self) -> Result<(), CompareError> {
        let expected = self.expected_len();
        if self.data.len() == expected {
            Ok(())
        } else {
            Err(CompareError::BadBuffer {
                width: self.width,
                height: self.height,
                expected,
                actual: self.data.len(),
            })
        }
    }
}

/// Decodes a PNG (8 or 16 bit; gray, gray+alpha, RGB, RGBA or palette) into linear-in-file
/// values scaled to `[0, 1]`. Alpha is dropped, gray is copied to all three channels, and
/// gamma chunks are ignored, exactly as scikit-image's PNG loading does.
pub fn decode_png(bytes: &[u8]) -> Result<RgbImage, CompareError> {
    let decode_error = |error: png::DecodingError| CompareError::Decode {
        path: None,
        message: error.to_string(),
    };
    let mut decoder = png::Decoder::new_with_limits(
        bytes,
        png::Limits {
            bytes: DECODER_LIMIT_BYTES,
        },
    );
    // EXPAND turns palettes into RGB(A) and sub-byte gray into 8 bit, but keeps 16 bit samples.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(decode_error)?;

    let (width, height) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(CompareError::TooLarge {
            path: None,
            width,
            height,
            max_pixels: MAX_PIXELS,
        });
    }

    let mut frame = vec![0u8; reader.output_buffer_size()];
    let output = reader.next_frame(&mut frame).map_err(decode_error)?;
    let samples_per_pixel = match output.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => {
            return Err(CompareError::Decode {
                path: None,
                message: "palette was not expanded (missing PLTE chunk?)".to_string(),
            })
        }
    };
    let bytes_per_sample = match output.bit_depth {
        png::BitDepth::Eight => 1,
        png::BitDepth::Sixteen => 2,
        other => {
            return Err(CompareError::Decode {
                path: None,
                message: format!("unexpected bit depth {other:?} after expansion"),
            })
        }
    };

    let width_px = output.width as usize;
    let row_bytes = width_px * samples_per_pixel * bytes_per_sample;
    let mut data = Vec::with_capacity(width_px * output.height as usize * 3);
    // The png crate rejects zero-sized images; max(1) only keeps `chunks` from panicking.
    for row in frame.chunks(output.line_size.max(1)).take(output.height as usize) {
        let row = row.get(..row_bytes).ok_or_else(|| CompareError::Decode {
            path: None,
            message: "decoded row shorter than expected".to_string(),
        })?;
        for pixel in row.chunks_exact(samples_per_pixel * bytes_per_sample) {
            let sample = |index: usize| -> f32 {
                if bytes_per_sample == 1 {
                    f32::from(pixel[index]) / 255.0
                } else {
                    let at = index * 2;
                    f32::from(u16::from_be_bytes([pixel[at], pixel[at + 1]])) / 65535.0
                }
            };
            if samples_per_pixel >= 3 {
                data.extend_from_slice(&[sample(0), sample(1), sample(2)]);
            } else {
                let gray = sample(0);
                data.extend_from_slice(&[gray, gray, gray]);
            }
        }
    }

    let image = RgbImage {
        width: output.width,
        height: output.height,
        data,
    };
    image.validate()?;
    Ok(image)
}

/// Reads and decodes a PNG file; errors name the file.
pub fn load_png(path: &Path) -> Result<RgbImage, CompareError> {
    let bytes = std::fs::read(path).map_err(|source| CompareError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode_png(&bytes).map_err(|error| error.with_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(
        width: u32,
        height: u32,
        color: png::ColorType,
        depth: png::BitDepth,
        pixels: &[u8],
        palette: Option<&[u8]>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(color);
            encoder.set_depth(depth);
            if let Some(palette) = palette {
                encoder.set_palette(palette.to_vec());
            }
            let mut writer = encoder.write_header().expect("header");
            writer.write_image_data(pixels).expect("data");
        }
        out
    }

    #[test]
    fn rgb8_values_are_scaled_to_unit_range() {
        let bytes = encode(
            2,
            1,
            png::ColorType::Rgb,
            png::BitDepth::Eight,
            &[0, 128, 255, 10, 20, 30],
            None,
        );
        let image = decode_png(&bytes).expect("decodes");
        assert_eq!((image.width, image.height), (2, 1));
        let expected = [0.0, 128.0 / 255.0, 1.0, 10.0 / 255.0, 20.0 / 255.0, 30.0 / 255.0];
        assert_eq!(image.data, expected.map(|v: f64| v as f32));
    }

    #[test]
    fn rgba16_drops_alpha_and_keeps_precision() {
        let pixel: Vec<u8> = [1000u16, 2000, 65535, 0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        let bytes = encode(1, 1, png::ColorType::Rgba, png::BitDepth::Sixteen, &pixel, None);
        let image = decode_png(&bytes).expect("decodes");
        assert_eq!(image.data, vec![1000.0 / 65535.0, 2000.0 / 65535.0, 1.0_f32]);
    }

    #[test]
    fn gray_alpha_is_replicated_to_three_channels() {
        let bytes = encode(
            1,
            1,
            png::ColorType::GrayscaleAlpha,
            png::BitDepth::Eight,
            &[51, 7],
            None,
        );
        let image = decode_png(&bytes).expect("decodes");
        assert_eq!(image.data, vec![0.2_f32; 3]);
    }

    #[test]
    fn palette_is_expanded() {
        let palette = [255, 0, 0, 0, 0, 255];
        let bytes = encode(
            2,
            1,
            png::ColorType::Indexed,
            png::BitDepth::Eight,
            &[1, 0],
            Some(&palette),
        );
        let image = decode_png(&bytes).expect("decodes");
        assert_eq!(image.data, vec![0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn garbage_is_a_decode_error() {
        let error = decode_png(b"not a png").expect_err("must fail");
        assert!(matches!(error, CompareError::Decode { path: None, .. }));
    }

    #[test]
    fn load_error_names_the_path() {
        let error = load_png(Path::new("/nonexistent/spotray/image.png")).expect_err("missing");
        assert!(error.to_string().contains("/nonexistent/spotray/image.png"));
    }
}
