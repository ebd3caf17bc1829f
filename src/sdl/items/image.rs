//! `image_map { ... }` and PNG decoding into [`ImageData`] (raw encoded values in [0, 1],
//! transmit = 1 - alpha).

use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use crate::budget::{format_bytes, MemoryBudget};
use crate::scene::{Colour, ImageData, ImageMap, IndexImage};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// Why an image could not be decoded: the kind of error and what to say.
type DecodeError = (SceneErrorKind, String);

/// A damaged or unreadable image is the archive's fault: trying again cannot help.
fn damaged(error: impl std::fmt::Display) -> DecodeError {
    (SceneErrorKind::BadFile, error.to_string())
}

/// Decodes a PNG file. `max_pixels` caps width × height, and `memory` must have room for
/// the pixels, before any pixel memory is allocated.
pub fn decode_png(path: &Path, max_pixels: u64, memory: MemoryBudget) -> Result<ImageData, DecodeError> {
    let file = std::fs::File::open(path).map_err(|e| (SceneErrorKind::Io, e.to_string()))?;
    let mut decoder = png::Decoder::new_with_limits(
        BufReader::new(file),
        png::Limits {
            bytes: usize::try_from(max_pixels.saturating_mul(8)).unwrap_or(usize::MAX),
        },
    );
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (width, height) = {
        let info = reader.info();
        (info.width, info.height)
    };
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
    let decoded_bytes = reader.output_buffer_size() as u64 + pixels * std::mem::size_of::<Colour>() as u64;
    memory.reserve(decoded_bytes).map_err(|over| {
        (
            SceneErrorKind::Limit,
            format!(
                "{over}: the {width}x{height} image needs {} decoded",
                format_bytes(decoded_bytes)
            ),
        )
    })?;
    let mut buf = vec![0u8; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err(damaged("palette was not expanded")),
    };
    let sixteen = frame.bit_depth == png::BitDepth::Sixteen;
    if !sixteen && frame.bit_depth != png::BitDepth::Eight {
        return Err(damaged("unexpected bit depth after expansion"));
    }
    let bytes_per_sample = if sixteen { 2 } else { 1 };
    let line = frame.line_size;
    let sample = |row: &[u8], i: usize| -> f64 {
        if sixteen {
            f64::from(u16::from_be_bytes([row[2 * i], row[2 * i + 1]])) / 65535.0
        } else {
            f64::from(row[i]) / 255.0
        }
    };
    let mut texels = Vec::with_capacity(pixels as usize);
    for y in 0..height as usize {
        let row = buf
            .get(y * line..y * line + width as usize * channels * bytes_per_sample)
            .ok_or_else(|| damaged("truncated image data"))?;
        for x in 0..width as usize {
            let base = x * channels;
            let (r, g, b, a) = match channels {
                1 => {
                    let v = sample(row, base);
                    (v, v, v, 1.0)
                }
                2 => {
                    let v = sample(row, base);
                    (v, v, v, sample(row, base + 1))
                }
                3 => (
                    sample(row, base),
                    sample(row, base + 1),
                    sample(row, base + 2),
                    1.0,
                ),
                _ => (
                    sample(row, base),
                    sample(row, base + 1),
                    sample(row, base + 2),
                    sample(row, base + 3),
                ),
            };
            let mut c = Colour::rgb(r, g, b);
            c.transmit = 1.0 - a;
            texels.push(c);
        }
    }
    Ok(ImageData {
        width,
        height,
        texels,
    })
}

impl Parser<'_> {
    /// `image_map { [type] "file" [options] }` after keyword `t`.
    pub fn parse_image_map(&mut self, t: &Token) -> PResult<ImageMap> {
        self.expect_sym(Sym::LBrace, "after `image_map`")?;
        let mut kind: Option<String> = None;
        if let Some(w) = self.peek_raw().and_then(|x| x.word()) {
            if matches!(
                w,
                "png" | "gif" | "tga" | "iff" | "ppm" | "pgm" | "jpeg" | "tiff" | "sys" | "exr" | "hdr"
            ) {
                kind = Some(w.to_string());
                self.next()?;
            }
        }
        let name_at = self.peek_raw().cloned().unwrap_or_else(|| t.clone());
        if !matches!(name_at.tok, Tok::Str(_) | Tok::Word(_)) {
            let found = self.next()?;
            return Err(self.expected("an image file name", &found));
        }
        let name = self.parse_string()?;
        let kind = kind.unwrap_or_else(|| {
            Path::new(&*name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default()
        });
        let image = if kind == "png" {
            self.load_png(&name_at, &name)?
        } else {
            let what = if kind.is_empty() {
                "image_map without a file type".to_string()
            } else {
                format!("{kind} image_map")
            };
            self.unsupported_here(&name_at, &what)?;
            Arc::new(ImageData {
                width: 1,
                height: 1,
                texels: vec![Colour::WHITE],
            })
        };
        let mut map = ImageMap {
            image,
            map_type: 0,
            once: false,
            interpolate: 0,
            filter_all: 0.0,
            transmit_all: 0.0,
        };
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(map);
            }
            match item.word() {
                Some("map_type") => {
                    let v = self.parse_float()?;
                    let m = self.float_to_u32(&item, v.trunc(), "map_type")?;
                    if matches!(m, 0 | 1 | 2 | 5) {
                        map.map_type = m;
                        if m == 5 {
                            self.not_rendered(
                                &item,
                                "map_type 5",
                                "the image is mapped as planar (map_type 0)",
                            );
                        }
                    } else {
                        self.unsupported_here(&item, &format!("map_type {m}"))?;
                    }
                }
                Some("once") => map.once = true,
                Some("interpolate") => {
                    let v = self.parse_float()?;
                    map.interpolate = self.float_to_u32(&item, v.trunc(), "interpolate")?;
                    if !matches!(map.interpolate, 0 | 2) {
                        let setting = format!("interpolate {}", map.interpolate);
                        self.not_rendered(
                            &item,
                            &setting,
                            "the image is interpolated bilinearly (interpolate 2)",
                        );
                    }
                }
                Some(w @ ("filter" | "transmit")) => {
                    let w = w.to_string();
                    if self.peek_raw_is_word("all") {
                        self.next()?;
                        let v = self.parse_float()?;
                        if w == "filter" {
                            map.filter_all = v;
                        } else {
                            map.transmit_all = v;
                        }
                    } else {
                        self.parse_float()?;
                        self.accept_sym_raw(Sym::Comma)?;
                        self.parse_float()?;
                        self.warn(&item, format!("per-palette-index `{w}` is ignored by spotray"));
                    }
                }
                Some("use_color" | "use_colour" | "use_index" | "use_alpha") => {}
                Some("gamma") => {
                    self.parse_float()?;
                    self.warn(
                        &item,
                        "image `gamma` is ignored; the file is decoded as sRGB by the renderer",
                    );
                }
                Some("premultiplied") => {
                    self.parse_optional_bool()?;
                }
                _ => return Err(self.expected(
                    "an image_map option (`map_type`, `once`, `interpolate`, `filter`, `transmit`) or `}`",
                    &item,
                )),
            }
        }
    }

    fn load_png(&mut self, at: &Token, name: &str) -> PResult<Arc<ImageData>> {
        let Some(path) = self.find_file(at, name) else {
            return Err(self.missing_file(at, "image", name));
        };
        if let Some(img) = self.image_cache.get(&path) {
            return Ok(img.clone());
        }
        let img =
            decode_png(&path, self.opts.limits.max_image_pixels, self.opts.memory).map_err(|(kind, e)| {
                self.error(at, kind, format!("cannot decode PNG `{}`: {e}", path.display()))
            })?;
        let img = Arc::new(img);
        self.image_cache.insert(path, img.clone());
        Ok(img)
    }
}

/// Decodes a PNG file for `material_map`: a paletted image's palette indices, any
/// other image's red channel as POV-Ray turns it into an index (its value in single
/// precision times 255, truncated). Bounded as [`decode_png`] is.
pub fn decode_png_indices(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
) -> Result<IndexImage, DecodeError> {
    let file = std::fs::File::open(path).map_err(|e| (SceneErrorKind::Io, e.to_string()))?;
    let mut decoder = png::Decoder::new_with_limits(
        BufReader::new(file),
        png::Limits {
            bytes: usize::try_from(max_pixels.saturating_mul(8)).unwrap_or(usize::MAX),
        },
    );
    decoder.set_transformations(png::Transformations::IDENTITY);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let info = reader.info();
    let (width, height, indexed) = (
        info.width,
        info.height,
        info.color_type == png::ColorType::Indexed,
    );
    if !indexed {
        let colours = decode_png(path, max_pixels, memory)?;
        let red = |c: &Colour| ((c.rgb.x as f32) as f64 * 255.0) as u16;
        return Ok(IndexImage {
            width: colours.width,
            height: colours.height,
            indices: colours.texels.iter().map(red).collect(),
        });
    }
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
    let bytes = reader.output_buffer_size() as u64 + pixels * 2;
    memory.reserve(bytes).map_err(|over| {
        (
            SceneErrorKind::Limit,
            format!("{over}: the {width}x{height} image needs {}", format_bytes(bytes)),
        )
    })?;
    let mut buf = vec![0u8; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    let depth = frame.bit_depth as usize;
    let line = frame.line_size;
    let mut indices = Vec::with_capacity(pixels as usize);
    for y in 0..height as usize {
        let row = buf
            .get(y * line..(y + 1) * line)
            .ok_or_else(|| damaged("truncated image data"))?;
        for x in 0..width as usize {
            // Indices of fewer than 8 bits are packed from each byte's high bits.
            let bit = x * depth;
            let byte = *row.get(bit / 8).ok_or_else(|| damaged("truncated image data"))?;
            let shift = 8 - depth - bit % 8;
            indices.push(u16::from((byte >> shift) & ((1u16 << depth) - 1) as u8));
        }
    }
    Ok(IndexImage {
        width,
        height,
        indices,
    })
}
