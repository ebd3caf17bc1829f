//! Images read as data rather than light: `image_pattern`'s value and `bump_map`'s
//! heights, as POV-Ray 3.7.0 reads them (imageutil.cpp's image_pattern and bump_map,
//! read for their formulas).
//!
//! Their texels are used as stored, not gamma-decoded, unless the scene names a
//! `gamma` for the file; heights are the texels' greyscale.

use glam::DVec3;

use crate::render::film::output::decode_channel;
use crate::render::texture::image_mapping::ImageGrid;
use crate::scene::pattern::ImageValue;
use crate::scene::{stored_grey_level, Colour, FileGamma};

/// POV-Ray's greyscale weights (its RED2GRAY, GREEN2GRAY, BLUE2GRAY).
const GREY: DVec3 = DVec3::new(0.297, 0.589, 0.114);

/// Below this, a normal is taken as parallel to y when the bump frame is built
/// (POV-Ray's EPSILON).
const PARALLEL: f64 = 1e-10;

fn decoded(v: f64, gamma: Option<FileGamma>) -> f64 {
    match gamma {
        None => v,
        Some(FileGamma::Srgb) => decode_channel(v),
        Some(FileGamma::Power(g)) => v.clamp(0.0, 1.0).powf(g),
    }
}

/// What one texel counts for: its greyscale, or its transparency for `use_alpha`.
fn texel_value(image: &ImageValue, texel: &Colour, alpha_channel: bool) -> f64 {
    let gamma = image.map.gamma;
    let decoded = |v: f64| {
        let v = decoded(v, gamma);
        if image.map.image.grey_levels {
            stored_grey_level(v)
        } else {
            v
        }
    };
    if image.use_alpha {
        if alpha_channel {
            texel.transmit
        } else {
            decoded(texel.rgb.x)
        }
    } else {
        let rgb = DVec3::new(decoded(texel.rgb.x), decoded(texel.rgb.y), decoded(texel.rgb.z));
        rgb.dot(GREY)
    }
}

/// A `bump_map`'s height at texel coordinates (`x`, `y`) before its `bump_size`: the
/// palette index where it asks for indices (interpolated, then truncated, as POV-Ray
/// keeps an index whole), else the grey.
fn height(image: &ImageValue, grid: &ImageGrid, x: f64, y: f64) -> f64 {
    match &image.indices {
        Some(palette) => grid
            .taps(x, y)
            .iter()
            .map(|(at, weight)| f64::from(palette.indices[at]) * weight)
            .sum::<f64>()
            .trunc(),
        None => sample(image, grid, x, y),
    }
}

/// The image's value at texel coordinates (`x`, `y`), interpolated as it asks.
fn sample(image: &ImageValue, grid: &ImageGrid, x: f64, y: f64) -> f64 {
    let texels = &image.map.image.texels;
    let alpha_channel = image.use_alpha && texels.iter().any(|t| t.transmit != 0.0);
    grid.taps(x, y)
        .iter()
        .map(|(at, weight)| texel_value(image, &texels[at], alpha_channel) * weight)
        .sum()
}

/// `image_pattern`'s value at `p`: within [0, 1], 0 off a `once` image.
pub fn value(image: &ImageValue, p: DVec3) -> f64 {
    let grid = ImageGrid::of_map(&image.map);
    match grid.locate(p) {
        Some((x, y)) => sample(image, &grid, x, y).clamp(0.0, 1.0),
        None => 0.0,
    }
}

/// The normal `n` at `p` tilted by `bump_map`'s heights scaled by `amount`, both in
/// the pattern's space. The surface is taken as the triangle through the heights at
/// the point and at the texels one down and one to each side; its slope is laid on
/// a frame around `n`. Off a `once` image `n` is left as it is.
pub fn bump(image: &ImageValue, amount: f64, p: DVec3, n: DVec3) -> DVec3 {
    let grid = ImageGrid::of_map(&image.map);
    let Some((x, y)) = grid.locate(p) else {
        return n;
    };
    let (w, h) = (grid.width as f64, grid.height as f64);
    let wrap_once = |v: f64, size: f64| {
        if v < 0.0 {
            v + size
        } else if v >= size {
            v - size
        } else {
            v
        }
    };
    let below = wrap_once(y + 1.0, h);
    let left = wrap_once(x - 1.0, w);
    let right = wrap_once(left + 2.0, w);
    let here = amount * height(image, &grid, x, y);
    let down_left = amount * height(image, &grid, left, below);
    let down_right = amount * height(image, &grid, right, below);
    // The triangle (0, here, 0), (-1, down_left, 1), (1, down_right, 1).
    let across = DVec3::new(2.0, down_right - down_left, 0.0);
    let back = DVec3::new(1.0, here - down_left, -1.0);
    let tilt = across.cross(back).normalize_or(DVec3::Y);

    let (mut up, mut side) = (n, n.cross(DVec3::Y));
    let len = side.length();
    if len < PARALLEL {
        up = if (n.y - 1.0).abs() < PARALLEL {
            DVec3::Y
        } else {
            DVec3::NEG_Y
        };
        side = DVec3::X;
    } else {
        side /= len;
    }
    let forward = side.cross(up).normalize_or(DVec3::Z);
    side * tilt.x + up * tilt.y - forward * tilt.z
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::scene::{ImageData, ImageMap};

    fn grey_image(values: &[f64], width: u32) -> ImageValue {
        let texels = values
            .iter()
            .map(|&v| Colour {
                rgb: DVec3::splat(v),
                filter: 0.0,
                transmit: 0.0,
            })
            .collect();
        ImageValue {
            map: ImageMap {
                image: Arc::new(ImageData {
                    width,
                    height: values.len() as u32 / width,
                    texels,
                    grey_levels: false,
                }),
                map_type: 0,
                once: false,
                interpolate: 0,
                filter_all: 0.0,
                transmit_all: 0.0,
                gamma: None,
            },
            use_alpha: false,
            indices: None,
        }
    }

    #[test]
    fn pattern_values_are_stored_greys_unless_a_gamma_is_named() {
        let mut image = grey_image(&[0.5, 0.25, 1.0, 0.0], 2);
        // Bottom-left quarter of the unit square is the bottom row's first texel.
        let p = DVec3::new(0.25, 0.25, 0.0);
        assert!((value(&image, p) - 1.0 * (0.297 + 0.589 + 0.114)).abs() < 1e-12);
        let top_right = DVec3::new(0.75, 0.75, 0.0);
        assert!((value(&image, top_right) - 0.25).abs() < 1e-12);
        image.map.gamma = Some(FileGamma::Power(2.0));
        assert!((value(&image, top_right) - 0.0625).abs() < 1e-12);
    }

    #[test]
    fn a_flat_image_leaves_the_normal_alone_and_a_slope_tilts_it() {
        let flat = grey_image(&[0.5; 16], 4);
        let n = DVec3::new(0.0, 0.0, -1.0);
        let p = DVec3::new(0.4, 0.6, 0.0);
        let out = bump(&flat, 2.0, p, n);
        assert!((out - n).length() < 1e-12, "{out}");
        // Heights rising to the right: the normal leans away from the rise.
        let ramp = grey_image(
            &[
                0.0, 0.25, 0.5, 0.75, 0.0, 0.25, 0.5, 0.75, 0.0, 0.25, 0.5, 0.75, 0.0, 0.25, 0.5, 0.75,
            ],
            4,
        );
        let out = bump(&ramp, 1.0, DVec3::new(0.4, 0.6, 0.0), n);
        assert!((out.length() - 1.0).abs() < 1e-9);
        assert!(out.dot(n) < 0.999, "{out}");
    }
}
