//! Finished images: linear light to display values, and PNG encoding.

use glam::{DVec3, DVec4};

use crate::scene::FileGamma;

/// The finished picture: PNG sample bytes in `format`, rows top first.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub format: PixelFormat,
    /// `format.bytes_per_pixel()` bytes a pixel, 16-bit samples big-endian, as PNG
    /// stores them.
    pub pixels: Vec<u8>,
    /// `File_Gamma` the pixels are encoded with (`None`: sRGB), for the PNG header.
    pub file_gamma: Option<f64>,
}

/// How pixels are written: `Bits_Per_Color` (8 or 16) and `Output_Alpha`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelFormat {
    pub sixteen_bit: bool,
    pub alpha: bool,
}

impl PixelFormat {
    pub const RGB8: PixelFormat = PixelFormat {
        sixteen_bit: false,
        alpha: false,
    };

    pub fn channels(self) -> usize {
        if self.alpha {
            4
        } else {
            3
        }
    }

    pub fn bytes_per_pixel(self) -> usize {
        self.channels() * if self.sixteen_bit { 2 } else { 1 }
    }

    /// One byte that tells formats apart in checkpoints.
    pub fn code(self) -> u8 {
        u8::from(self.sixteen_bit) | u8::from(self.alpha) << 1
    }

    pub fn from_code(code: u8) -> Option<PixelFormat> {
        (code < 4).then_some(PixelFormat {
            sixteen_bit: code & 1 != 0,
            alpha: code & 2 != 0,
        })
    }

    /// A value in [0, 1] as the nearest sample, appended as PNG stores it.
    fn quantize(self, v: f64, out: &mut Vec<u8>) {
        if self.sixteen_bit {
            let q = (v * 65535.0).round().clamp(0.0, 65535.0) as u16;
            out.extend_from_slice(&q.to_be_bytes());
        } else {
            out.push((v * 255.0).round().clamp(0.0, 255.0) as u8);
        }
    }

    /// A linear-light pixel (colour premultiplied by its coverage, and the coverage in
    /// `w`) appended as this format's bytes. With alpha the colour is divided by the
    /// coverage before gamma encoding, as POV-Ray 3.7 writes straight (not
    /// premultiplied) alpha; without it the coverage is ignored.
    pub fn encode(self, gamma: &Gamma, pixel: DVec4, out: &mut Vec<u8>) {
        let colour = pixel.truncate();
        if !self.alpha {
            for v in colour.to_array() {
                self.quantize(gamma.encode_unit(v), out);
            }
            return;
        }
        let coverage = pixel.w.clamp(0.0, 1.0);
        let straight = if coverage > 0.0 {
            colour / coverage
        } else {
            DVec3::ZERO
        };
        for v in straight.to_array() {
            self.quantize(gamma.encode_unit(v), out);
        }
        self.quantize(coverage, out);
    }
}

/// Linear light in [0, 1] to the sRGB curve POV-Ray 3.7 writes into PNG files.
pub fn encode_channel(v: f64) -> f64 {
    let v = v.clamp(0.0, 1.0);
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// sRGB-encoded value in [0, 1] back to linear light.
pub fn decode_channel(v: f64) -> f64 {
    let v = v.clamp(0.0, 1.0);
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Display gamma handling for a scene's `assumed_gamma`.
#[derive(Clone, Copy, Debug)]
pub struct Gamma {
    /// Working-space exponent relative to linear light: 1 for `assumed_gamma 1.0`.
    pub assumed: f64,
    /// `File_Gamma`: `None` for the sRGB curve, else the exponent the file is encoded
    /// with (`linear^(1/file)`), as POV-Ray 3.7 writes it.
    pub file: Option<f64>,
    /// Gamma correction off (see `Scene::legacy_gamma`): values in and out as they are.
    pub off: bool,
    /// Image maps come in as stored unless they name a gamma (see
    /// `Scene::legacy_image_gamma`).
    pub raw_images: bool,
}

impl Gamma {
    pub fn encode(&self, v: f64) -> u8 {
        (self.encode_unit(v) * 255.0).round().clamp(0.0, 255.0) as u8
    }

    /// Linear light to the file's encoding, in [0, 1].
    pub fn encode_unit(&self, v: f64) -> f64 {
        if self.off {
            return v.clamp(0.0, 1.0);
        }
        let linear = if (self.assumed - 1.0).abs() < 1e-9 {
            v
        } else {
            v.max(0.0).powf(self.assumed)
        };
        match self.file {
            None => encode_channel(linear),
            Some(g) => linear.clamp(0.0, 1.0).powf(1.0 / g),
        }
    }

    /// A texel's stored value to the working space, the file decoded as sRGB unless
    /// the scene names another curve for it.
    pub fn decode_texel(&self, v: f64, file: Option<FileGamma>) -> f64 {
        let linear = match file {
            None if self.off || self.raw_images => return v,
            None | Some(FileGamma::Srgb) => decode_channel(v),
            Some(FileGamma::Power(g)) => v.clamp(0.0, 1.0).powf(g),
        };
        if self.off {
            return linear;
        }
        if (self.assumed - 1.0).abs() < 1e-9 {
            linear
        } else {
            linear.powf(1.0 / self.assumed)
        }
    }

    pub fn encode_pixel(&self, c: DVec3) -> [u8; 3] {
        [self.encode(c.x), self.encode(c.y), self.encode(c.z)]
    }
}

impl Image {
    /// The bytes of the pixel at (`x`, `y`).
    pub fn pixel(&self, x: u32, y: u32) -> &[u8] {
        let size = self.format.bytes_per_pixel();
        let at = (y as usize * self.width as usize + x as usize) * size;
        &self.pixels[at..at + size]
    }

    pub fn to_png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
            encoder.set_color(if self.format.alpha {
                png::ColorType::Rgba
            } else {
                png::ColorType::Rgb
            });
            encoder.set_depth(if self.format.sixteen_bit {
                png::BitDepth::Sixteen
            } else {
                png::BitDepth::Eight
            });
            match self.file_gamma {
                None => encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual),
                Some(g) => encoder.set_source_gamma(png::ScaledFloat::new((1.0 / g) as f32)),
            }
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&self.pixels)?;
        }
        Ok(bytes)
    }
}
