//! The black hole warp: points within its radius pulled towards its centre (or pushed
//! away), optionally repeated on a grid with randomly moved centres, as POV-Ray 3.7.0
//! warps them.

use glam::DVec3;

use super::cells::{hash3d, random, trunc_i32};
use crate::scene::pattern::BlackHole;

/// POV-Ray's `EPSILON`: repeat components below it do not repeat.
const EPSILON: f64 = 1e-10;

/// `p` moved by the black hole `h`.
pub fn warp(h: &BlackHole, p: DVec3) -> DVec3 {
    let mut centre = h.centre;
    if let Some(repeat) = h.repeat {
        // The grid cell of p on each repeated axis (0 on the others).
        let cell = |v: f64, r: f64| {
            if r >= EPSILON {
                trunc_i32((v / r).floor())
            } else {
                0
            }
        };
        let (bx, by, bz) = (cell(p.x, repeat.x), cell(p.y, repeat.y), cell(p.z, repeat.z));
        if let Some(u) = h.uncertainty {
            // The same cell always draws the same offsets.
            let seed = hash3d(bx, by, bz);
            centre.x += random(seed) * u.x;
            centre.y += random(seed + 1) * u.y;
            centre.z += random(seed + 2) * u.z;
        }
        centre.x += repeat.x * bx as f64;
        centre.y += repeat.y * by as f64;
        centre.z += repeat.z * bz as f64;
    }
    let delta = p - centre;
    let length = (delta.x * delta.x + delta.y * delta.y + delta.z * delta.z).sqrt();
    // Only type 0 moves points, and only those inside the radius (NaN distances
    // leave them too).
    let inside = length < h.radius;
    if !inside || h.kind != 0 {
        return p;
    }
    // 0 on the rim, 1 at the centre; its falloff power scaled by the strength, at most 1
    // so that no point moves past the centre.
    let depth = (h.radius - length) / h.radius;
    let strength = (depth.powf(h.falloff) * h.strength).min(1.0);
    let s = if h.inverse { -strength } else { strength };
    p + delta * s
}

/// POV-Ray's checks of a repeated black hole, made when `repeat` or `turbulence` is
/// read: on each axis with a positive repeat the centre is at least the radius, and
/// the repeat at least centre + radius + uncertainty (raised, with a warning, if
/// not); a repeat below 1e-10 is dropped. Returns the warnings.
pub fn check(h: &mut BlackHole) -> Vec<String> {
    let mut warnings = Vec::new();
    let Some(mut repeat) = h.repeat else {
        return warnings;
    };
    let uncertainty = h.uncertainty.unwrap_or(DVec3::ZERO);
    for (axis, name) in ["x", "y", "z"].iter().enumerate() {
        if repeat[axis] > 0.0 {
            if h.centre[axis] < h.radius {
                h.centre[axis] = h.radius;
            }
            let least = h.centre[axis] + h.radius + uncertainty[axis];
            if repeat[axis] < least {
                repeat[axis] = least;
                warnings.push(format!(
                    "black hole repeat {name} too small; increased to {least}"
                ));
            }
            if repeat[axis] < EPSILON {
                warnings.push(format!("black hole repeat {name} is less than 1e-10; ignored"));
                repeat[axis] = 0.0;
            }
        }
    }
    h.repeat = Some(repeat);
    warnings
}
