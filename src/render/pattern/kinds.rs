//! What each kind of pattern computes at a point of pattern space.

use std::f64::consts::TAU;

use glam::DVec3;

use crate::render::texture::noise::{noise, turbulence};
use crate::scene::pattern::{PatternKind, Turbulence};

fn wrap(v: f64) -> f64 {
    v - v.floor()
}

/// Folds a ramp into a triangle: 0 to 1 and back over two units.
fn fold(v: f64) -> f64 {
    let t = wrap(v * 0.5) * 2.0;
    if t > 1.0 {
        2.0 - t
    } else {
        t
    }
}

/// `turbulence` is the pattern's own, which marble and wood fold in; `generator` the
/// noise generator the pattern asks for.
/// POV-Ray 3.7.0 keeps a gradient's or a function's value above 1 to its fraction and
/// leaves the rest, negative values included, to the wave step (matched against its
/// pattern functions at x = -1.3 ... 2.6).
fn fraction_above_one(v: f64) -> f64 {
    if v > 1.0 {
        v % 1.0
    } else {
        v
    }
}

pub fn value(
    kind: &PatternKind,
    p: DVec3,
    _turbulence: Option<&Turbulence>,
    _generator: Option<u8>,
) -> f64 {
    match kind {
        // POV-Ray normalises the gradient's vector (a zero one gives 0 here, NaN there)
        // and keeps values above 1 to their fraction, as for functions.
        PatternKind::Gradient(axis) => fraction_above_one(p.dot(axis.normalize_or_zero())),
        // Matched against POV-Ray 3.7.0's radial at 16 points: 0.25 on the y axis (within
        // 0.001 of it), else 0.25 + (atan2(x, z) + pi) / 2pi, in [0.25, 1.25]; the wave
        // step wraps the top quarter.
        PatternKind::Radial => {
            if p.x.abs() < 0.001 && p.z.abs() < 0.001 {
                0.25
            } else {
                0.25 + (p.x.atan2(p.z) + std::f64::consts::PI) / TAU
            }
        }
        PatternKind::Onion => wrap(p.length()),
        PatternKind::Bozo | PatternKind::Spotted => noise(p),
        PatternKind::Leopard => {
            let s = (p.x.sin() + p.y.sin() + p.z.sin()) / 3.0;
            s * s
        }
        PatternKind::Marble => fold(p.x + 5.0 * turbulence(p, 6)),
        PatternKind::Wood => fold(((p.x * p.x + p.y * p.y).sqrt() + turbulence(p, 3) * 0.1) * 2.0),
        PatternKind::Agate { .. } => wrap((p.z + 2.0 * turbulence(p, 7)).sin() * 0.5 + 0.5),
        PatternKind::Granite => (turbulence(p * 4.0, 6) * 1.5).min(1.0),
        PatternKind::Function(f) => fraction_above_one(f.0.call(&[p.x, p.y, p.z]).unwrap_or(0.0)),
    }
}
