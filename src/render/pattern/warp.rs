//! Warps: the steps that take a point from outside a pattern to pattern space.

use glam::DVec3;

use crate::render::texture::noise::turbulence;
use crate::scene::pattern::Turbulence;

/// `p` displaced by turbulence.
pub fn turbulent(t: &Turbulence, p: DVec3) -> DVec3 {
    if t.amount == DVec3::ZERO {
        return p;
    }
    // Three decorrelated scalar turbulences stand in for vector noise until POV-Ray's
    // DTurbulence replaces them.
    let offsets = [
        DVec3::ZERO,
        DVec3::new(31.4, 7.7, -12.9),
        DVec3::new(-5.3, 19.1, 3.7),
    ];
    let d = DVec3::new(
        turbulence(p + offsets[0], t.octaves) - 0.5,
        turbulence(p + offsets[1], t.octaves) - 0.5,
        turbulence(p + offsets[2], t.octaves) - 0.5,
    );
    p + d * t.amount
}
