//! Rays and the small numeric tolerances every intersection routine shares.

use glam::DVec3;

/// Hits closer than this to a ray's origin are ignored, so secondary rays do not
/// find the surface they start on.
pub const EPSILON: f64 = 1e-6;

#[derive(Clone, Copy, Debug)]
pub struct Ray {
    pub origin: DVec3,
    /// Not necessarily unit length: transformed rays keep the world-space `t`.
    pub direction: DVec3,
}

impl Ray {
    pub fn new(origin: DVec3, direction: DVec3) -> Ray {
        Ray { origin, direction }
    }

    pub fn at(&self, t: f64) -> DVec3 {
        self.origin + self.direction * t
    }
}
