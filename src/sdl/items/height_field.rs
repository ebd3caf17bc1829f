//! `height_field { png|gif|pot|jpeg|pgm|ppm "file" | function W, H { ... } [water_level L] [smooth] ... }`:
//! the grid of heights, converted from the image as POV-Ray 3.7 converts it.

use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use glam::DVec3;

use crate::budget::{format_bytes, MemoryBudget};
use crate::scene::{HeightField, HeightGrid, Shape};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::function::pigment::colour;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

use super::image::decode_png_indices;
use super::image_budget::{admit_image, damaged, DecodeError};
use super::jpeg::decode_jpeg;

/// A grey level of `max` steps as POV-Ray turns it into a height: decoded to a single
/// precision fraction, then scaled to 65535 and truncated.
fn grey_height(v: u16, max: f32) -> u16 {
    ((f32::from(v) / max) * 65535.0) as u16
}

/// A grey level of 8 bits or fewer as POV-Ray 3.7 keeps it: read through a grey
/// palette, weighted back to grey with its single precision weights (which sum to a
/// little under 1) and truncated to 8 bits, so that many levels lose one step.
fn small_grey_height(v: u8) -> u16 {
    let g = f32::from(v) / 255.0;
    let grey = g * 0.297 + g * 0.589 + g * 0.114;
    let kept = (grey * 255.0) as u8;
    grey_height(u16::from(kept), 255.0)
}

/// An 8-bit colour's height: red the high byte, green the low one, through POV-Ray's
/// single precision fractions (so that it truncates as POV-Ray does).
fn red_green_height(r: u8, g: u8) -> u16 {
    let (r, g) = (f64::from(f32::from(r) / 255.0), f64::from(f32::from(g) / 255.0));
    ((r * 256.0 + g) * 255.0) as u16
}

/// A 16-bit colour's height: its grey (POV-Ray's weights 0.297, 0.589, 0.114).
fn colour_height(r: u16, g: u16, b: u16) -> u16 {
    let f = |v: u16| f64::from(f32::from(v) / 65535.0);
    ((0.297 * f(r) + 0.589 * f(g) + 0.114 * f(b)) * 65535.0) as u16
}

/// Decodes a PNG into heights, image rows bottom first. `max_pixels` and `memory` bound
/// it before any pixel memory is allocated.
pub fn decode_png_heights(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
) -> Result<HeightGrid, DecodeError> {
    let open = || -> Result<_, DecodeError> {
        let file = std::fs::File::open(path).map_err(|e| (SceneErrorKind::Io, e.to_string()))?;
        Ok(png::Decoder::new_with_limits(
            BufReader::new(file),
            png::Limits {
                bytes: usize::try_from(max_pixels.saturating_mul(8)).unwrap_or(usize::MAX),
            },
        ))
    };
    let indexed = open()?.read_info().map_err(damaged)?.info().color_type == png::ColorType::Indexed;
    if indexed {
        // A paletted image gives its index times 256 (POV-Ray keeps 3.6's factor, so
        // the highest height is 65280).
        let image = decode_png_indices(path, max_pixels, memory)?;
        let heights = image.indices.iter().map(|&i| (i & 0xff) * 256).collect();
        return Ok(flipped(image.width, image.height, heights));
    }
    let mut decoder = open()?;
    // Low bit depths expand to 8 bits by replication, as POV-Ray's grey map scales them.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (width, height) = (reader.info().width, reader.info().height);
    let buffer = reader.output_buffer_size();
    let pixels = admit_image(width, height, max_pixels, memory, |pixels| {
        buffer as u64 + pixels * 2
    })?;
    let mut buf = vec![0u8; buffer];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    let channels = frame.color_type.samples();
    let sixteen = frame.bit_depth == png::BitDepth::Sixteen;
    let grey = matches!(
        frame.color_type,
        png::ColorType::Grayscale | png::ColorType::GrayscaleAlpha
    );
    let size = if sixteen { 2 } else { 1 };
    let mut heights = Vec::with_capacity(pixels as usize);
    for y in 0..height as usize {
        let row = buf
            .get(y * frame.line_size..y * frame.line_size + width as usize * channels * size)
            .ok_or_else(|| damaged("truncated image data"))?;
        let sample = |i: usize| {
            if sixteen {
                u16::from_be_bytes([row[2 * i], row[2 * i + 1]])
            } else {
                u16::from(row[i])
            }
        };
        for x in 0..width as usize {
            let base = x * channels;
            heights.push(match (grey, sixteen) {
                (true, true) => grey_height(sample(base), 65535.0),
                (true, false) => small_grey_height(row[base]),
                (false, true) => colour_height(sample(base), sample(base + 1), sample(base + 2)),
                (false, false) => red_green_height(row[base], row[base + 1]),
            });
        }
    }
    Ok(flipped(width, height, heights))
}

/// Image rows top first become grid rows nearest first: the image's top row is the
/// field's far edge (z = 1).
/// Decodes a JPEG into heights, image rows bottom first: POV-Ray keeps a JPEG's 8-bit
/// samples as they are stored, so grey ones are grey levels and colour ones take red
/// as the high byte and green as the low, as for 8-bit PNG colour.
fn decode_jpeg_heights(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
) -> Result<HeightGrid, DecodeError> {
    let jpeg = decode_jpeg(path, max_pixels, memory, 2)?;
    let heights = jpeg
        .samples
        .chunks_exact(jpeg.channels)
        .map(|px| match px {
            [v] => grey_height(u16::from(*v), 255.0),
            _ => red_green_height(px[0], px[1]),
        })
        .collect();
    Ok(flipped(jpeg.width, jpeg.height, heights))
}

pub(super) fn flipped(width: u32, depth: u32, heights: Vec<u16>) -> HeightGrid {
    let w = width as usize;
    let heights = heights.chunks_exact(w).rev().flatten().copied().collect();
    HeightGrid {
        width,
        depth,
        heights,
    }
}

impl Parser<'_> {
    /// The body of `height_field { ... }` up to its object modifiers.
    pub(crate) fn parse_height_field(&mut self, t: &Token) -> PResult<Shape> {
        let at = self.peek_at();
        let grid = if self.peek_raw_is_word("function") {
            let f = self.next()?;
            self.function_heights(&f)?
        } else {
            self.image_heights(t)?
        };
        if grid.width < 2 || grid.depth < 2 {
            return Err(self.semantic(
                &at,
                format!(
                    "a height field needs at least 2x2 heights, this one has {}x{}",
                    grid.width, grid.depth
                ),
            ));
        }
        let mut field = HeightField {
            grid: Arc::new(grid),
            water_level: 0.0,
            smooth: false,
        };
        loop {
            if self.peek_raw_is_word("water_level") {
                self.next()?;
                field.water_level = self.parse_float()?;
            } else if self.peek_raw_is_word("smooth") {
                self.next()?;
                field.smooth = true;
            } else {
                break;
            }
        }
        Ok(Shape::HeightField(Box::new(field)))
    }

    /// `[type] "file" [gamma G] [premultiplied B]`.
    fn image_heights(&mut self, t: &Token) -> PResult<HeightGrid> {
        let mut kind: Option<String> = None;
        if let Some(w) = self.peek_raw().and_then(|x| x.word()) {
            if matches!(
                w,
                "png"
                    | "gif"
                    | "tga"
                    | "iff"
                    | "ppm"
                    | "pgm"
                    | "pot"
                    | "jpeg"
                    | "tiff"
                    | "sys"
                    | "exr"
                    | "hdr"
                    | "bmp"
            ) {
                kind = Some(w.to_string());
                self.next()?;
            }
        }
        let name_at = self.peek_raw().cloned().unwrap_or_else(|| t.clone());
        if !matches!(name_at.tok, Tok::Str(_) | Tok::Word(_)) {
            let found = self.next()?;
            return Err(self.expected("an image file name or `function`", &found));
        }
        let name = self.parse_string()?;
        let kind = kind.unwrap_or_else(|| {
            Path::new(&*name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default()
        });
        loop {
            if self.peek_raw_is_word("gamma") {
                let g = self.next()?;
                let v = self.parse_float()?;
                if v != 1.0 {
                    self.warn(
                        &g,
                        "height_field image `gamma` is ignored; heights are read linearly",
                    );
                }
            } else if self.peek_raw_is_word("premultiplied") {
                self.next()?;
                self.parse_float()?;
            } else {
                break;
            }
        }
        if kind == "pgm" || kind == "ppm" {
            let path = self.find_image(&name_at, &name)?;
            return super::netpbm::decode_netpbm_heights(
                &path,
                self.opts.limits.max_image_pixels,
                self.opts.memory,
            )
            .map_err(|(kind, e)| {
                self.error(&name_at, kind, format!("cannot decode `{}`: {e}", path.display()))
            });
        }
        if kind == "jpeg" || kind == "jpg" {
            let path = self.find_image(&name_at, &name)?;
            return decode_jpeg_heights(&path, self.opts.limits.max_image_pixels, self.opts.memory).map_err(
                |(kind, e)| {
                    self.error(
                        &name_at,
                        kind,
                        format!("cannot decode JPEG `{}`: {e}", path.display()),
                    )
                },
            );
        }
        if kind == "gif" || kind == "pot" {
            let path = self.find_image(&name_at, &name)?;
            let decode = if kind == "gif" {
                super::gif::decode_gif_heights
            } else {
                super::gif::decode_pot_heights
            };
            return decode(&path, self.opts.limits.max_image_pixels, self.opts.memory).map_err(
                |(kind, e)| self.error(&name_at, kind, format!("cannot decode `{}`: {e}", path.display())),
            );
        }
        if kind != "png" {
            let what = if kind.is_empty() {
                "height_field image without a file type".to_string()
            } else {
                format!("{kind} height_field image")
            };
            self.unsupported_here(&name_at, &what)?;
            // Read on leniently: a flat field stands in.
            return Ok(HeightGrid {
                width: 2,
                depth: 2,
                heights: vec![0; 4],
            });
        }
        let path = self.find_image(&name_at, &name)?;
        decode_png_heights(&path, self.opts.limits.max_image_pixels, self.opts.memory).map_err(|(kind, e)| {
            self.error(
                &name_at,
                kind,
                format!("cannot decode PNG `{}`: {e}", path.display()),
            )
        })
    }

    fn find_image(&self, at: &Token, name: &str) -> PResult<std::path::PathBuf> {
        self.find_file(at, name)
            .ok_or_else(|| self.missing_file(at, "image", name))
    }

    /// `function W, H { ... }`: the function sampled at x = i / (W - 1), y = j / (H - 1),
    /// z = 0, image row j, each value clipped to 0..1 and kept to 16 bits, as POV-Ray
    /// keeps a function image.
    fn function_heights(&mut self, f: &Token) -> PResult<HeightGrid> {
        let size_at = self.peek_at();
        let w = self.parse_float()?;
        self.comma("function")?;
        let h = self.parse_float()?;
        // POV-Ray rounds the sizes to the nearest whole number.
        let (w, h) = ((w + 0.5).floor(), (h + 0.5).floor());
        let count = w * h;
        let too_many = count.is_nan() || count > self.opts.limits.max_image_pixels as f64;
        if w.is_nan() || h.is_nan() || w < 0.0 || h < 0.0 || too_many {
            return Err(self.limit(
                &size_at,
                format!(
                    "a height_field function of {w}x{h} samples is outside the limit of {} samples",
                    self.opts.limits.max_image_pixels
                ),
            ));
        }
        let (w, h) = (w as u32, h as u32);
        if w < 2 || h < 2 {
            // Refused by the caller, before any sample divides by zero.
            return Ok(HeightGrid {
                width: w,
                depth: h,
                heights: Vec::new(),
            });
        }
        if !self.peek_raw_is_sym(Sym::LBrace) {
            let found = self.next()?;
            return Err(self.expected("`{` to start the height_field function", &found));
        }
        if self.peek_raw_nth(1).is_some_and(|n| n.is_word("pigment")) {
            return self.pigment_function_heights(f, w, h);
        }
        let Some(function) = self.parse_function(f)? else {
            self.unsupported_here(f, "this kind of height_field function")?;
            return Ok(HeightGrid {
                width: 2,
                depth: 2,
                heights: vec![0; 4],
            });
        };
        if function.params.len() != 3 {
            return Err(self.semantic(
                f,
                format!(
                    "a height_field function takes x, y and z, not {} parameter(s)",
                    function.params.len()
                ),
            ));
        }
        let samples = self.reserve_function_heights(f, w, h)?;
        let mut heights = Vec::with_capacity(samples as usize);
        for j in 0..h {
            let y = f64::from(j) / (f64::from(h) - 1.0);
            for i in 0..w {
                let x = f64::from(i) / (f64::from(w) - 1.0);
                let v = function
                    .call(&[x, y, 0.0])
                    .map_err(|e| self.semantic(f, e.to_string()))? as f32;
                // Kept as a 16-bit grey, then read back as POV-Ray reads a grey; NaN
                // (which POV-Ray leaves undefined) counts as 0.
                let stored = if v.is_nan() {
                    0.0
                } else {
                    (v.clamp(0.0, 1.0) * 65535.0 + 0.5).floor()
                };
                heights.push(grey_height(stored as u16, 65535.0));
            }
        }
        Ok(flipped(w, h, heights))
    }

    /// Reserves the memory of a `W` x `H` grid of 16-bit heights (the function's
    /// token `f` takes the blame), and gives its number of samples.
    fn reserve_function_heights(&self, f: &Token, w: u32, h: u32) -> PResult<u64> {
        let samples = u64::from(w) * u64::from(h);
        self.opts.memory.reserve(samples * 2).map_err(|over| {
            self.limit(
                f,
                format!(
                    "{over}: the height_field function needs {}",
                    format_bytes(samples * 2)
                ),
            )
        })?;
        Ok(samples)
    }

    /// `function W, H { pigment { ... } }`: the pigment sampled as a function image is,
    /// each colour component clipped to 0..1 and kept to 16 bits, the height then POV-Ray's
    /// grey of a 16-bit colour image (its weights, as [`colour_height`]).
    fn pigment_function_heights(&mut self, f: &Token, w: u32, h: u32) -> PResult<HeightGrid> {
        self.next()?;
        let inner = self.next()?;
        let start = self.default_texture.pigment.clone();
        let pigment = self.parse_pigment_block(&inner, start)?;
        self.expect_sym(Sym::RBrace, "to close the height_field function")?;
        let pigment = self.compile_pigment(&inner, &pigment)?;
        let samples = self.reserve_function_heights(f, w, h)?;
        let stored = |v: f64| -> u16 {
            let v = v as f32;
            if v.is_nan() {
                0
            } else {
                (v.clamp(0.0, 1.0) * 65535.0 + 0.5).floor() as u16
            }
        };
        let mut heights = Vec::with_capacity(samples as usize);
        for j in 0..h {
            let y = f64::from(j) / (f64::from(h) - 1.0);
            for i in 0..w {
                let x = f64::from(i) / (f64::from(w) - 1.0);
                let c = colour(&pigment, DVec3::new(x, y, 0.0));
                heights.push(colour_height(stored(c[0]), stored(c[1]), stored(c[2])));
            }
        }
        Ok(flipped(w, h, heights))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_truncate_as_povray_does() {
        assert_eq!(grey_height(255, 255.0), 65535);
        assert_eq!(grey_height(0, 255.0), 0);
        assert_eq!(grey_height(1, 255.0), 257);
        assert_eq!(small_grey_height(255), 65535);
        assert_eq!(small_grey_height(0), 0);
        assert_eq!(red_green_height(1, 0), 256);
        assert_eq!(red_green_height(255, 255), 65535);
        // The weights sum to a little under 1 in double precision too.
        assert_eq!(colour_height(65535, 65535, 65535), 65534);
    }
}
