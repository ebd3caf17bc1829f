//! Warps: the steps that take a point from outside a pattern to pattern space.

use glam::DVec3;

use crate::render::texture::povray_noise::{self, NoiseGenerator};
use crate::scene::pattern::Turbulence;

/// Coordinates beyond this are pulled back to it once all warps are done (POV-Ray's
/// limit, which keeps later integer conversions finite).
pub const COORDINATE_LIMIT: f64 = 1.0e17;

/// The fractal-sum settings of a turbulence, as the noise functions take them.
pub fn octaves(t: &Turbulence) -> povray_noise::Turbulence {
    povray_noise::Turbulence {
        octaves: t.octaves,
        omega: t.omega,
        lambda: t.lambda,
    }
}

/// `p` displaced by turbulence: POV-Ray's vector turbulence at `p`, scaled axis by
/// axis by the amount. The vector noise has no generator variants.
pub fn turbulent(t: &Turbulence, p: DVec3) -> DVec3 {
    if t.amount == DVec3::ZERO {
        return p;
    }
    let d = povray_noise::dturbulence(p, &octaves(t), NoiseGenerator::default());
    DVec3::new(
        p.x + d.x * t.amount.x,
        p.y + d.y * t.amount.y,
        p.z + d.z * t.amount.z,
    )
}

/// The point clamped to [`COORDINATE_LIMIT`] on each axis (NaN stays NaN).
pub fn limit(p: DVec3) -> DVec3 {
    let c = |v: f64| v.clamp(-COORDINATE_LIMIT, COORDINATE_LIMIT);
    DVec3::new(c(p.x), c(p.y), c(p.z))
}
