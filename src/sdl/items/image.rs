//! `image_map { ... }` and PNG decoding into [`ImageData`] (raw encoded values in [0, 1],
//! transmit = 1 - alpha).

use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use crate::budget::MemoryBudget;
use crate::scene::{Colour, FileGamma, ImageData, ImageMap, IndexImage};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

use super::image_budget::{admit_image, damaged, DecodeError};
use super::jpeg::decode_jpeg;

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
    let (width, height, grey_levels) = {
        let info = reader.info();
        let small = matches!(
            info.bit_depth,
            png::BitDepth::One | png::BitDepth::Two | png::BitDepth::Four | png::BitDepth::Eight
        );
        (
            info.width,
            info.height,
            small && info.color_type == png::ColorType::Grayscale,
        )
    };
    let buffer = reader.output_buffer_size();
    let pixels = admit_image(width, height, max_pixels, memory, |pixels| {
        buffer as u64 + pixels * std::mem::size_of::<Colour>() as u64
    })?;
    let mut buf = vec![0u8; buffer];
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
        grey_levels,
    })
}

/// What an image block is read for: which options it takes, and whether its colours
/// are light (gamma-decoded) or data (used as stored unless the scene names a gamma).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageUse {
    Pigment,
    Bumps,
    Pattern,
}

/// An image block as read.
pub struct ImageBlock {
    pub map: ImageMap,
    /// `bump_size` given inside a `bump_map`.
    pub bump_size: Option<f64>,
    /// `use_alpha`: an `image_pattern`'s value is its transparency.
    pub use_alpha: bool,
    /// A paletted PNG's palette indices, for a `bump_map` with `use_index`: its heights
    /// are then the indices, not the colours' greys.
    pub indices: Option<Arc<IndexImage>>,
}

impl Parser<'_> {
    /// `image_map { [type] "file" [options] }` after keyword `t`.
    pub fn parse_image_map(&mut self, t: &Token) -> PResult<ImageMap> {
        Ok(self.parse_image_block(t, ImageUse::Pigment)?.map)
    }

    /// `bump_map { ... }`, `image_pattern { ... }` or `image_map { ... }` after keyword
    /// `t`: the image, how it is mapped, and the options of its kind of block.
    pub fn parse_image_block(&mut self, t: &Token, usage: ImageUse) -> PResult<ImageBlock> {
        let keyword = t.word().unwrap_or("image_map").to_string();
        self.expect_sym(Sym::LBrace, &format!("after `{keyword}`"))?;
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
        let image = if matches!(kind.as_str(), "png" | "jpeg" | "jpg") {
            self.load_image(&name_at, &name, &kind)?
        } else {
            let what = if kind.is_empty() {
                format!("{keyword} without a file type")
            } else {
                format!("{kind} {keyword}")
            };
            self.unsupported_here(&name_at, &what)?;
            Arc::new(ImageData {
                width: 1,
                height: 1,
                texels: vec![Colour::WHITE],
                grey_levels: false,
            })
        };
        let mut map = ImageMap {
            image,
            map_type: 0,
            once: false,
            interpolate: 0,
            filter_all: 0.0,
            transmit_all: 0.0,
            gamma: None,
        };
        let mut block_bump_size = None;
        let mut use_alpha = false;
        let mut use_index = false;
        // `filter INDEX, AMOUNT` and `transmit INDEX, AMOUNT`, in order.
        let mut per_index: Vec<(Token, bool, f64, f64)> = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                if !per_index.is_empty() {
                    self.apply_per_index(&mut map, &per_index, &name_at, &name, &kind)?;
                }
                let indices = if use_index && kind == "png" {
                    self.palette_indices(&name_at, &name)?
                } else {
                    None
                };
                return Ok(ImageBlock {
                    map,
                    bump_size: block_bump_size,
                    use_alpha,
                    indices,
                });
            }
            match item.word() {
                Some("bump_size") if usage == ImageUse::Bumps => {
                    block_bump_size = Some(self.parse_float()?);
                }
                Some("use_alpha") if usage != ImageUse::Pigment => use_alpha = true,
                // POV-Ray 3.7 reads an image_pattern's colours whatever it says.
                Some("use_index") if usage == ImageUse::Bumps => use_index = true,
                Some("use_color" | "use_colour") if usage == ImageUse::Bumps => use_index = false,
                Some("map_type") => {
                    let v = self.parse_float()?;
                    let m = self.float_to_u32(&item, v.trunc(), "map_type")?;
                    if matches!(m, 0 | 1 | 2 | 5) {
                        map.map_type = m;
                    } else {
                        self.unsupported_here(&item, &format!("map_type {m}"))?;
                    }
                }
                Some("once") => map.once = true,
                Some("interpolate") => {
                    let v = self.parse_float()?;
                    map.interpolate = self.float_to_u32(&item, v.trunc(), "interpolate")?;
                    if !matches!(map.interpolate, 0 | 2 | 3 | 4) {
                        let setting = format!("interpolate {}", map.interpolate);
                        self.not_rendered(&item, &setting, "the image is not interpolated");
                    }
                }
                Some(w @ ("filter" | "transmit")) if usage == ImageUse::Pigment => {
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
                        let index = self.parse_float()?;
                        self.accept_sym_raw(Sym::Comma)?;
                        let amount = self.parse_float()?;
                        per_index.push((item.clone(), w == "filter", index, amount));
                    }
                }
                Some("use_color" | "use_colour" | "use_index" | "use_alpha") => {}
                Some("gamma") => map.gamma = Some(self.parse_file_gamma(&item)?),
                Some("premultiplied") => {
                    self.parse_optional_bool()?;
                }
                _ => {
                    let wanted = format!(
                        "an {keyword} option (`map_type`, `once`, `interpolate`, {}) or `}}`",
                        match usage {
                            ImageUse::Pigment => "`filter`, `transmit`",
                            ImageUse::Bumps => "`bump_size`, `use_colour`, `use_index`",
                            ImageUse::Pattern => "`use_colour`, `use_index`, `use_alpha`",
                        }
                    );
                    return Err(self.expected(&wanted, &item));
                }
            }
        }
    }

    /// The curve after an image's `gamma` keyword `at`: `srgb` or a decoding exponent.
    fn parse_file_gamma(&mut self, at: &Token) -> PResult<FileGamma> {
        if self.peek_raw_is_word("srgb") {
            self.next()?;
            return Ok(FileGamma::Srgb);
        }
        let g = self.parse_float()?;
        if g.is_nan() || g <= 0.0 || g.is_infinite() {
            return Err(self.semantic(
                at,
                format!("an image's `gamma` must be a positive number, not {g}"),
            ));
        }
        if g < 1.0 {
            self.warn(
                at,
                format!("image `gamma {g}` is unusual: did you mean {}?", 1.0 / g),
            );
        }
        Ok(FileGamma::Power(g))
    }

    /// Sets the filter or transmit of the texels of each palette index `per_index`
    /// names, as POV-Ray 3.7 sets its palette entries'; an image without a palette has
    /// no indices to name, and is left as it is, with a warning.
    fn apply_per_index(
        &mut self,
        map: &mut ImageMap,
        per_index: &[(Token, bool, f64, f64)],
        name_at: &Token,
        name: &str,
        kind: &str,
    ) -> PResult<()> {
        let indices = if kind == "png" {
            self.palette_indices(name_at, name)?
        } else {
            None
        };
        let Some(indices) = indices else {
            for (at, filter, _, _) in per_index {
                let w = if *filter { "filter" } else { "transmit" };
                self.warn(
                    at,
                    format!("`{w} INDEX, AMOUNT` needs an image with a palette; this one has none, so it is ignored"),
                );
            }
            return Ok(());
        };
        let mut image = (*map.image).clone();
        for (_, filter, index, amount) in per_index {
            let index = *index as i64;
            for (texel, &at) in image.texels.iter_mut().zip(&indices.indices) {
                if i64::from(at) == index {
                    if *filter {
                        texel.filter = *amount;
                    } else {
                        texel.transmit = *amount;
                    }
                }
            }
        }
        map.image = Arc::new(image);
        Ok(())
    }

    /// The palette indices of the PNG `name` when it is paletted; `None` for any other
    /// PNG, whose colours stand in for indices.
    fn palette_indices(&mut self, at: &Token, name: &str) -> PResult<Option<Arc<IndexImage>>> {
        let Some(path) = self.find_file(at, name) else {
            return Err(self.missing_file(at, "image", name));
        };
        let paletted = std::fs::File::open(&path)
            .ok()
            .and_then(|f| png::Decoder::new(BufReader::new(f)).read_info().ok())
            .is_some_and(|r| r.info().color_type == png::ColorType::Indexed);
        if !paletted {
            return Ok(None);
        }
        let image = decode_png_indices(&path, self.opts.limits.max_image_pixels, self.opts.memory).map_err(
            |(kind, e)| self.error(at, kind, format!("cannot decode PNG `{}`: {e}", path.display())),
        )?;
        Ok(Some(Arc::new(image)))
    }

    /// A PNG or JPEG (`kind` "png", "jpeg" or "jpg") image file, decoded once per job.
    fn load_image(&mut self, at: &Token, name: &str, kind: &str) -> PResult<Arc<ImageData>> {
        let Some(path) = self.find_file(at, name) else {
            return Err(self.missing_file(at, "image", name));
        };
        if let Some(img) = self.image_cache.get(&path) {
            return Ok(img.clone());
        }
        let (max_pixels, memory) = (self.opts.limits.max_image_pixels, self.opts.memory);
        let decoded = if kind == "png" {
            decode_png(&path, max_pixels, memory)
        } else {
            decode_jpeg_colours(&path, max_pixels, memory)
        };
        let format = if kind == "png" { "PNG" } else { "JPEG" };
        let img = decoded.map_err(|(kind, e)| {
            self.error(
                at,
                kind,
                format!("cannot decode {format} `{}`: {e}", path.display()),
            )
        })?;
        let img = Arc::new(img);
        self.image_cache.insert(path, img.clone());
        Ok(img)
    }
}

/// Decodes a JPEG file into colours, bounded as [`decode_png`] is.
fn decode_jpeg_colours(path: &Path, max_pixels: u64, memory: MemoryBudget) -> Result<ImageData, DecodeError> {
    let jpeg = decode_jpeg(path, max_pixels, memory, std::mem::size_of::<Colour>() as u64)?;
    let unit = |v: u8| f64::from(v) / 255.0;
    let texels = jpeg
        .samples
        .chunks_exact(jpeg.channels)
        .map(|px| match px {
            [v] => Colour::rgb(unit(*v), unit(*v), unit(*v)),
            _ => Colour::rgb(unit(px[0]), unit(px[1]), unit(px[2])),
        })
        .collect();
    Ok(ImageData {
        width: jpeg.width,
        height: jpeg.height,
        texels,
        grey_levels: false,
    })
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
    let buffer = reader.output_buffer_size();
    let pixels = admit_image(width, height, max_pixels, memory, |pixels| {
        buffer as u64 + pixels * 2
    })?;
    let mut buf = vec![0u8; buffer];
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
