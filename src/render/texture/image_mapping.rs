//! Where a point falls on an image (`map_type` 0, 1, 2 and 5) and which texels, with
//! what weights, give its value (`interpolate` 0, 2, 3 and 4), as POV-Ray 3.7.0 maps
//! `image_map`, `bump_map`, `image_pattern` and `material_map` images.
//!
//! The mappings, the small offset added before wrapping, the edge clamping of `once`
//! images and the three interpolation kernels follow POV-Ray's imageutil.cpp (read for
//! its formulas; the code is ours).

use std::f64::consts::TAU;

use glam::DVec3;

use crate::scene::ImageMap;

/// POV-Ray's EPSILON, added to image coordinates before they are wrapped so that a
/// point exactly on a texel's edge picks the texel after it.
const EDGE_NUDGE: f64 = 1e-10;

/// The major radius the torus mapping assumes (POV-Ray's, which no syntax changes).
const TORUS_MAJOR_RADIUS: f64 = 1.0;

/// How texels are blended between their centres.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpolation {
    Nearest,
    Bilinear,
    Bicubic,
    NormalisedDistance,
}

impl Interpolation {
    /// The `interpolate` value's kernel; `None` for a value POV-Ray 3.7 has no kernel
    /// for.
    pub fn from_setting(n: u32) -> Option<Interpolation> {
        match n {
            0 => Some(Interpolation::Nearest),
            2 => Some(Interpolation::Bilinear),
            3 => Some(Interpolation::Bicubic),
            4 => Some(Interpolation::NormalisedDistance),
            _ => None,
        }
    }
}

/// An image's size and how it is laid on space.
#[derive(Clone, Copy, Debug)]
pub struct ImageGrid {
    pub width: usize,
    pub height: usize,
    pub map_type: u32,
    pub once: bool,
    pub interpolation: Interpolation,
}

/// At most sixteen texels (bicubic) and their weights.
pub struct Taps {
    taps: [(usize, f64); 16],
    len: usize,
}

impl Taps {
    fn push(&mut self, index: usize, weight: f64) {
        self.taps[self.len] = (index, weight);
        self.len += 1;
    }

    /// (texel index, weight) pairs; the index is `row * width + column`.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.taps[..self.len].iter().copied()
    }
}

impl ImageGrid {
    /// How `map` lays its image on space.
    pub fn of_map(map: &ImageMap) -> ImageGrid {
        ImageGrid {
            width: map.image.width as usize,
            height: map.image.height as usize,
            map_type: map.map_type,
            once: map.once,
            interpolation: Interpolation::from_setting(map.interpolate).unwrap_or(Interpolation::Nearest),
        }
    }

    /// `p` in texel coordinates (x from the left edge, y from the top, both within the
    /// image); `None` where nothing of the image lies (off a `once` image, or where the
    /// mapping has no direction, as at the centre of a spherical map).
    pub fn locate(&self, p: DVec3) -> Option<(f64, f64)> {
        if self.width == 0 || self.height == 0 {
            return None;
        }
        let (w, h) = (self.width as f64, self.height as f64);
        let (u, v) = match self.map_type {
            1 => spherical(p, w, h)?,
            2 => cylindrical(p, w, h, self.once)?,
            5 => torus(p, w, h)?,
            _ => planar(p, w, h, self.once)?,
        };
        let (x, y) = (u + EDGE_NUDGE, v + EDGE_NUDGE);
        if self.once && (!(0.0..w).contains(&x) || !(0.0..h).contains(&y)) {
            return None;
        }
        // Image rows run downwards, so v is turned over.
        Some((wrap(x, w), wrap(-y, h)))
    }

    /// The texels and weights that give the image's value at (`x`, `y`) from
    /// [`ImageGrid::locate`].
    pub fn taps(&self, x: f64, y: f64) -> Taps {
        let mut taps = Taps {
            taps: [(0, 0.0); 16],
            len: 0,
        };
        if self.interpolation == Interpolation::Nearest {
            taps.push(self.texel(x, y), 1.0);
            return taps;
        }
        // Kernels are centred on texel centres, half a texel in.
        let (x, y) = (x + 0.5, y + 0.5);
        let (ix, iy) = (x.floor(), y.floor());
        let (p, q) = (x - ix, y - iy);
        match self.interpolation {
            Interpolation::Bicubic => {
                let (fx, fy) = (cubic_weights(p), cubic_weights(q));
                for (i, wx) in fx.iter().enumerate() {
                    for (j, wy) in fy.iter().enumerate() {
                        let at = self.texel(ix + i as f64 - 2.0, iy + j as f64 - 2.0);
                        taps.push(at, wx * wy);
                    }
                }
            }
            _ => {
                // The corners (ix, iy), (ix-1, iy), (ix, iy-1), (ix-1, iy-1).
                let weights = if self.interpolation == Interpolation::Bilinear {
                    [p * q, (1.0 - p) * q, p * (1.0 - q), (1.0 - p) * (1.0 - q)]
                } else {
                    normalised_distance_weights(p, q)
                };
                let corners = [(ix, iy), (ix - 1.0, iy), (ix, iy - 1.0), (ix - 1.0, iy - 1.0)];
                for ((cx, cy), weight) in corners.into_iter().zip(weights) {
                    taps.push(self.texel(cx, cy), weight);
                }
            }
        }
        taps
    }

    /// The texel holding (`x`, `y`): the nearest edge texel off a `once` image, the
    /// image repeated otherwise.
    fn texel(&self, x: f64, y: f64) -> usize {
        let (w, h) = (self.width, self.height);
        let (column, row) = if self.once {
            ((x.max(0.0) as usize).min(w - 1), (y.max(0.0) as usize).min(h - 1))
        } else {
            (
                (wrap(x, w as f64) as usize).min(w - 1),
                (wrap(y, h as f64) as usize).min(h - 1),
            )
        };
        row * w + column
    }
}

/// `value` wrapped into [0, `upper`).
fn wrap(value: f64, upper: f64) -> f64 {
    let r = value.rem_euclid(upper);
    if r < upper {
        r
    } else {
        0.0
    }
}

/// The angle of (x, z) from +x towards +z, as a fraction of a turn in [0, 1).
fn turn_about_y(x: f64, z: f64) -> f64 {
    let a = z.atan2(x);
    if a < 0.0 {
        (a + TAU) / TAU
    } else {
        a / TAU
    }
}

/// POV-Ray reads the x and y of a planar map from the point's x and y, each within
/// [0, 1] when the map is `once`.
fn planar(p: DVec3, w: f64, h: f64, once: bool) -> Option<(f64, f64)> {
    if once && (!(0.0..=1.0).contains(&p.x) || !(0.0..=1.0).contains(&p.y)) {
        return None;
    }
    Some(((p.x * w) % w, (p.y * h) % h))
}

fn spherical(p: DVec3, w: f64, h: f64) -> Option<(f64, f64)> {
    let len = p.length();
    if len == 0.0 {
        return None;
    }
    let d = p / len;
    let v = 0.5 + d.y.clamp(-1.0, 1.0).asin() / std::f64::consts::PI;
    let u = if d.x * d.x + d.z * d.z == 0.0 {
        0.0
    } else {
        turn_about_y(d.x, d.z)
    };
    Some((u * w, v * h))
}

fn cylindrical(p: DVec3, w: f64, h: f64, once: bool) -> Option<(f64, f64)> {
    if once && !(0.0..=1.0).contains(&p.y) {
        return None;
    }
    if p.x * p.x + p.z * p.z == 0.0 {
        return None;
    }
    Some((turn_about_y(p.x, p.z) * w, (p.y * h) % h))
}

/// Around a torus of major radius 1 in the x-z plane: x runs round the y axis, y
/// round the tube, starting on its inner side.
fn torus(p: DVec3, w: f64, h: f64) -> Option<(f64, f64)> {
    let ring = (p.x * p.x + p.z * p.z).sqrt();
    if ring == 0.0 {
        return None;
    }
    let around = turn_about_y(p.x, p.z);
    let (dx, dy) = (ring - TORUS_MAJOR_RADIUS, p.y);
    let tube = (dx * dx + dy * dy).sqrt();
    let mut phi = if tube == 0.0 {
        f64::NAN
    } else {
        (-dx / tube).clamp(-1.0, 1.0).acos()
    };
    if dy > 0.0 {
        phi = TAU - phi;
    }
    if phi.is_nan() {
        return None;
    }
    Some((around * w, phi / TAU * h))
}

/// Catmull-Rom weights of the four texels around a point `p` of the way between the
/// middle two.
fn cubic_weights(p: f64) -> [f64; 4] {
    let q = 1.0 - p;
    [
        -0.5 * p * q * q,
        0.5 * q * (q * (3.0 * p + 1.0) + 1.0),
        0.5 * p * (p * (3.0 * q + 1.0) + 1.0),
        -0.5 * q * p * p,
    ]
}

/// Weights of the corners (ix, iy), (ix-1, iy), (ix, iy-1), (ix-1, iy-1) by the
/// inverse square of their distance; a point on a corner takes that corner alone.
fn normalised_distance_weights(p: f64, q: f64) -> [f64; 4] {
    let squares = [
        (1.0 - p).powi(2) + (1.0 - q).powi(2),
        p * p + (1.0 - q).powi(2),
        (1.0 - p).powi(2) + q * q,
        p * p + q * q,
    ];
    if let Some(on) = squares.iter().position(|&d| d == 0.0) {
        let mut weights = [0.0; 4];
        weights[on] = 1.0;
        return weights;
    }
    let inverse = squares.map(|d| 1.0 / d);
    let total: f64 = inverse.iter().sum();
    inverse.map(|w| w / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(map_type: u32, once: bool, interpolation: Interpolation) -> ImageGrid {
        ImageGrid {
            width: 8,
            height: 4,
            map_type,
            once,
            interpolation,
        }
    }

    #[test]
    fn planar_maps_the_unit_square_with_rows_downwards() {
        let g = grid(0, false, Interpolation::Nearest);
        let (x, y) = g.locate(DVec3::new(0.25, 0.75, 3.0)).unwrap();
        assert!((x - 2.0).abs() < 1e-9 && (y - 1.0).abs() < 1e-9, "{x} {y}");
        // Repeated outside the square, off it when once.
        let (x, _) = g.locate(DVec3::new(1.25, 0.5, 0.0)).unwrap();
        assert!((x - 2.0).abs() < 1e-9);
        assert!(grid(0, true, Interpolation::Nearest)
            .locate(DVec3::new(1.25, 0.5, 0.0))
            .is_none());
    }

    #[test]
    fn spherical_and_cylindrical_start_on_plus_x_and_turn_towards_plus_z() {
        for map_type in [1, 2] {
            let g = grid(map_type, false, Interpolation::Nearest);
            let (x, _) = g.locate(DVec3::new(1.0, 0.0, 0.0)).unwrap();
            assert!(x.abs() < 1e-6, "map_type {map_type}: {x}");
            let (x, _) = g.locate(DVec3::new(0.0, 0.0, 1.0)).unwrap();
            assert!((x - 2.0).abs() < 1e-6, "map_type {map_type}: {x}");
            let (x, _) = g.locate(DVec3::new(0.0, 0.0, -1.0)).unwrap();
            assert!((x - 6.0).abs() < 1e-6, "map_type {map_type}: {x}");
        }
        // The sphere's north pole is the image's top row.
        let (_, y) = grid(1, false, Interpolation::Nearest)
            .locate(DVec3::new(0.0, 1.0, 1e-9))
            .unwrap();
        assert!(!(0.01..=3.99).contains(&y), "{y}");
        assert!(grid(1, false, Interpolation::Nearest)
            .locate(DVec3::ZERO)
            .is_none());
    }

    #[test]
    fn torus_starts_on_the_inner_side_of_the_tube() {
        let g = grid(5, false, Interpolation::Nearest);
        // Just inside the ring at y = 0: phi = 0, the image's bottom edge wrapped.
        let (_, y) = g.locate(DVec3::new(0.5, 0.0, 0.0)).unwrap();
        assert!(!(1e-6..=4.0 - 1e-6).contains(&y), "{y}");
        // Outside the ring: half way round the tube.
        let (_, y) = g.locate(DVec3::new(1.5, 0.0, 0.0)).unwrap();
        assert!((y - 2.0).abs() < 1e-6, "{y}");
        // Below the ring comes before above it.
        let (_, below) = g.locate(DVec3::new(1.0, -0.5, 0.0)).unwrap();
        assert!((below - 3.0).abs() < 1e-6, "{below}");
    }

    #[test]
    fn kernels_sum_to_one_and_hit_texel_centres() {
        for interpolation in [
            Interpolation::Bilinear,
            Interpolation::Bicubic,
            Interpolation::NormalisedDistance,
        ] {
            let g = grid(0, false, interpolation);
            for (x, y) in [(3.2, 1.7), (0.1, 3.9), (7.9, 0.05), (2.5, 2.5)] {
                let total: f64 = g.taps(x, y).iter().map(|(_, w)| w).sum();
                assert!((total - 1.0).abs() < 1e-12, "{interpolation:?} {x} {y}: {total}");
            }
            // At a texel's centre the texel alone counts.
            let at_centre: f64 = g
                .taps(2.5, 1.5)
                .iter()
                .filter(|(i, _)| *i == 8 + 2)
                .map(|(_, w)| w)
                .sum();
            assert!((at_centre - 1.0).abs() < 1e-12, "{interpolation:?}: {at_centre}");
        }
    }

    #[test]
    fn once_images_clamp_to_their_edge_texels_and_others_wrap() {
        let taps: Vec<_> = grid(0, true, Interpolation::Bilinear)
            .taps(0.2, 0.2)
            .iter()
            .collect();
        assert!(taps.iter().all(|(i, _)| *i == 0), "{taps:?}");
        let taps: Vec<_> = grid(0, false, Interpolation::Bilinear)
            .taps(0.2, 0.2)
            .iter()
            .collect();
        assert!(taps.iter().any(|(i, _)| *i == 3 * 8 + 7), "{taps:?}");
    }
}
