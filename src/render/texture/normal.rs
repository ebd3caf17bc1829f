//! Normal perturbation (`normal { bumps 0.5 }` and friends): tilts the shading normal
//! as POV-Ray 3.7.0 does, leaving the geometry alone.
//!
//! The normal is taken into the pattern's space (through the transposes of the
//! pattern's transforms, as normals transform), a displacement worked out there is
//! added, and the sum is taken back out. Bumps, dents, wrinkles, quilted, ripples and
//! waves displace by formulas of their own; every other pattern by its slope,
//! estimated from four values around the point (a tetrahedron of radius `accuracy`),
//! through a `slope_map` when there is one.

use glam::{DMat3, DMat4, DVec3};

use crate::budget::OverBudget;
use crate::render::pattern::{bracket, quilt_cubic, quilt_offset, CompiledPattern};
use crate::render::texture::image_value;
use crate::render::texture::pigment::ImageTexels;
use crate::render::texture::povray_noise::{dnoise, noise, NoiseGenerator};
use crate::scene::pattern::PatternKind;
use crate::scene::{Normal, NormalMap};

/// How normals go into a pattern's space and back: per transform of the pattern,
/// outermost first, the transpose of the forward matrix (in) and of the inverse (out).
#[derive(Clone, Debug, Default)]
pub struct NormalFrame {
    into: Vec<DMat3>,
    out: Vec<DMat3>,
}

impl NormalFrame {
    /// `inverses` take points towards the pattern's space, outermost first.
    pub fn new<'m>(inverses: impl Iterator<Item = &'m DMat4>) -> NormalFrame {
        let mut frame = NormalFrame::default();
        for inverse in inverses {
            let inverse = DMat3::from_mat4(*inverse);
            let forward = if inverse.determinant().abs() > 1e-300 {
                inverse.inverse()
            } else {
                DMat3::IDENTITY
            };
            frame.into.push(forward.transpose());
            frame.out.push(inverse.transpose());
        }
        frame
    }

    /// `n` taken into the pattern's space; unit length in and out when `unit`
    /// (POV-Ray's Warp_Normal, which leaves them alone under `no_bump_scale`).
    pub fn normal_in(&self, n: DVec3, unit: bool) -> DVec3 {
        let mut m = if unit { n.normalize_or(n) } else { n };
        for t in &self.into {
            m = *t * m;
        }
        if unit {
            m.normalize_or(m)
        } else {
            m
        }
    }

    /// `m` taken back out of the pattern's space (POV-Ray's UnWarp_Normal).
    pub fn normal_out(&self, m: DVec3, unit: bool) -> DVec3 {
        let mut n = if unit { m.normalize_or(m) } else { m };
        for t in self.out.iter().rev() {
            n = *t * n;
        }
        if unit {
            n.normalize_or(n)
        } else {
            n
        }
    }
}

#[derive(Clone, Debug)]
pub struct CompiledNormal {
    pattern: CompiledPattern,
    frame: NormalFrame,
    amount: f64,
    accuracy: f64,
    scale_bumps: bool,
    map: Map,
    /// `uv_mapping`: evaluated at the surface coordinates `(u, v, 0)`.
    pub uv: bool,
}

#[derive(Clone, Debug)]
enum Map {
    None,
    Slopes(Vec<(f64, f64, f64)>),
    Normals(Vec<(f64, CompiledNormal)>),
}

/// The corners of a regular tetrahedron around the origin, at distance 1: where the
/// slope of a pattern is sampled (POV-Ray's `Pyramid_Vect`, to its 9 digits).
const PYRAMID: [DVec3; 4] = [
    DVec3::new(0.942809041, -0.333333333, 0.0),
    DVec3::new(-0.471404521, -0.333333333, 0.816496581),
    DVec3::new(-0.471404521, -0.333333333, -0.816496581),
    DVec3::new(0.0, 1.0, 0.0),
];

/// Scales a pattern's slope to a tilt: POV-Ray's -5 ("fudge factor") at its default
/// accuracy 0.02; a finer accuracy scales it up so that the tilt stays the same.
const SLOPE_SCALE: f64 = -5.0;
const DEFAULT_ACCURACY: f64 = 0.02;

/// Wrinkles sums this many octaves of vector noise (POV-Ray's count).
const WRINKLE_OCTAVES: u32 = 10;

impl CompiledNormal {
    /// `outer` takes the normal's space to world space (the object's and texture's
    /// transforms); `scene_generator` is the scene's `noise_generator`.
    pub fn compile_in(
        normal: &Normal,
        outer: Option<DMat4>,
        scene_generator: u8,
        images: &mut ImageTexels,
    ) -> Result<CompiledNormal, OverBudget> {
        let mut pattern = CompiledPattern::compile_in(&normal.pattern, outer, scene_generator);
        pattern.compile_pigments(images, scene_generator)?;
        let frame = NormalFrame::new(pattern.inverse_transforms());
        let map = match &normal.map {
            NormalMap::None => Map::None,
            NormalMap::Slopes(s) if !s.is_empty() => Map::Slopes(s.clone()),
            NormalMap::Normals(entries) if entries.is_empty() => Map::None,
            NormalMap::Slopes(_) => Map::None,
            NormalMap::Normals(entries) => Map::Normals(
                entries
                    .iter()
                    .map(|(v, n)| -> Result<(f64, CompiledNormal), OverBudget> {
                        // Entries follow their map's `no_bump_scale`, as in POV-Ray; one
                        // without a pattern tilts nothing.
                        let mut n = n.clone();
                        n.scale_bumps &= normal.scale_bumps;
                        if !n.pattern_given {
                            n.pattern.kind = PatternKind::Bumps;
                            n.amount = 0.0;
                        }
                        Ok((*v, CompiledNormal::compile_in(&n, None, scene_generator, images)?))
                    })
                    .collect::<Result<_, _>>()?,
            ),
        };
        // POV-Ray keeps the amount and the accuracy in single precision.
        let accuracy = normal.accuracy as f32 as f64;
        Ok(CompiledNormal {
            pattern,
            frame,
            amount: normal.amount as f32 as f64,
            accuracy: if accuracy > 0.0 {
                accuracy
            } else {
                DEFAULT_ACCURACY
            },
            scale_bumps: normal.scale_bumps,
            map,
            uv: normal.uv,
        })
    }

    /// The shading normal at `p` for the normal `n`, both in the space outside the
    /// normal (world space for a surface's normal); a unit vector.
    pub fn perturb(&self, p: DVec3, n: DVec3) -> DVec3 {
        let tilted = self.tilt(p, n);
        if self.scale_bumps {
            tilted
        } else {
            tilted.normalize_or(n)
        }
    }

    /// POV-Ray's perturbation of one normal, entries of a map included: in, tilt, out.
    fn tilt(&self, p: DVec3, n: DVec3) -> DVec3 {
        let q = self.pattern.warp(p);
        let mut m = self.normal_in(n);
        match &self.map {
            Map::Normals(entries) if matches!(self.pattern.kind(), PatternKind::Average) => {
                // POV-Ray sums the weights in single precision.
                let mut sum = DVec3::ZERO;
                let mut total = 0.0f32;
                for (weight, entry) in entries {
                    sum += (*weight as f32 as f64) * entry.tilt(q, m);
                    total += *weight as f32;
                }
                if total != 0.0 {
                    m = sum / total as f64;
                }
            }
            Map::Normals(entries) => {
                let value = self.pattern.evaluate(q);
                let ((a, b), t) = bracket(entries, value, |e| e.0);
                let cur = entries[b].1.tilt(q, m);
                m = if a == b {
                    cur
                } else {
                    let prev = entries[a].1.tilt(q, m);
                    prev * (1.0 - t) + cur * t
                };
                let n = self.normal_out(m);
                return n.normalize_or(n);
            }
            _ => match self.pattern.kind() {
                PatternKind::BumpMap(image) => m = image_value::bump(image, self.amount, q, m),
                _ => m += self.displacement(q),
            },
        }
        self.normal_out(m)
    }

    /// What the pattern adds to the normal at `q`, in pattern space.
    fn displacement(&self, q: DVec3) -> DVec3 {
        let amount = self.amount;
        match self.pattern.kind() {
            PatternKind::Bumps => amount * dnoise(q, NoiseGenerator::default()),
            PatternKind::Dents => {
                let n = noise(q, self.pattern.generator());
                n * n * n * amount * dnoise(q, NoiseGenerator::default())
            }
            PatternKind::Wrinkles => {
                let mut sum = DVec3::ZERO;
                let mut scale = 1.0;
                for _ in 0..WRINKLE_OCTAVES {
                    sum += (dnoise(q * scale, NoiseGenerator::default()) / scale).abs();
                    scale *= 2.0;
                }
                amount * sum
            }
            PatternKind::Ripples | PatternKind::Waves => amount * self.pattern.wave_slope(q),
            PatternKind::Quilted { control0, control1 } => {
                let v = quilt_offset(q);
                amount * v * quilt_cubic(v.length(), *control0, *control1)
            }
            _ => {
                let scale = amount * SLOPE_SCALE * (DEFAULT_ACCURACY / self.accuracy);
                PYRAMID.iter().fold(DVec3::ZERO, |sum, v| {
                    let height = self.height(self.pattern.evaluate(q + self.accuracy * *v));
                    sum + height * scale * *v
                })
            }
        }
    }

    /// The pattern's value through the slope map, if any.
    fn height(&self, value: f64) -> f64 {
        let Map::Slopes(entries) = &self.map else {
            return value;
        };
        if entries.is_empty() {
            return value;
        }
        let ((a, b), t) = bracket(entries, value, |e| e.0);
        let (_, h0, s0) = entries[a];
        if a == b {
            return h0;
        }
        let (_, h1, s1) = entries[b];
        // POV-Ray's Hermite cubic, slopes taken per unit of t (not scaled by the
        // width of the interval).
        let (tt, ttt) = (t * t, t * t * t);
        ttt * (s0 + s1 + 2.0 * (h0 - h1)) - tt * (2.0 * s0 + s1 + 3.0 * (h0 - h1)) + t * s0 + h0
    }

    fn normal_in(&self, n: DVec3) -> DVec3 {
        self.frame.normal_in(n, self.scale_bumps)
    }

    fn normal_out(&self, m: DVec3) -> DVec3 {
        self.frame.normal_out(m, self.scale_bumps)
    }
}

#[cfg(test)]
mod tests;
