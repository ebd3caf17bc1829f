//! Finished images: linear light to display values, and PNG encoding.

use glam::DVec3;

/// The finished picture, 8-bit RGB, rows top first.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 3]>,
    /// `File_Gamma` the pixels are encoded with (`None`: sRGB), for the PNG header.
    pub file_gamma: Option<f64>,
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
}

impl Gamma {
    pub fn encode(&self, v: f64) -> u8 {
        if self.off {
            return (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
        let linear = if (self.assumed - 1.0).abs() < 1e-9 {
            v
        } else {
            v.max(0.0).powf(self.assumed)
        };
        let encoded = match self.file {
            None => encode_channel(linear),
            Some(g) => linear.clamp(0.0, 1.0).powf(1.0 / g),
        };
        (encoded * 255.0).round().clamp(0.0, 255.0) as u8
    }

    /// A texel's stored value to the working space.
    pub fn decode_texel(&self, v: f64) -> f64 {
        if self.off {
            return v;
        }
        let linear = decode_channel(v);
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
    pub fn to_png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            match self.file_gamma {
                None => encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual),
                Some(g) => encoder.set_source_gamma(png::ScaledFloat::new((1.0 / g) as f32)),
            }
            let mut writer = encoder.write_header()?;
            let flat: Vec<u8> = self.pixels.iter().flatten().copied().collect();
            writer.write_image_data(&flat)?;
        }
        Ok(bytes)
    }
}
