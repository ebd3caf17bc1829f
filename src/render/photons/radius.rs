//! The gather radius POV-Ray 3.7 picks when the scene does not give one: the radius
//! that holds `gather max` photons at the map's mean density, grown where much of the
//! map is sparser than that.

use std::f64::consts::PI;

use glam::DVec3;

use super::store::{Found, PhotonTree};

/// What photons are spread over: their density is per area or per volume.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    Surface,
    Volume,
}

impl Spread {
    /// The density of `n` photons within `r`: over the disc, or the ball.
    pub fn density(self, n: usize, r: f64) -> f64 {
        match self {
            Spread::Surface => n as f64 / (PI * r * r),
            Spread::Volume => 3.0 * n as f64 / (4.0 * PI * r * r * r),
        }
    }

    /// The radius that holds `n` photons at `density`.
    fn radius(self, n: usize, density: f64) -> f64 {
        match self {
            Spread::Surface => (n as f64 / (PI * density)).sqrt(),
            Spread::Volume => (3.0 * n as f64 / (4.0 * PI * density)).cbrt(),
        }
    }
}

/// The radius for a map of photons gathered `most` at a time.
pub fn automatic(tree: &PhotonTree, most: usize, spread: Spread) -> f64 {
    let n = tree.len();
    // POV-Ray samples a twentieth of the photons, at least 100 and at most 1000.
    let samples = (n / 20).clamp(100, 1000);
    let at = |k: usize, offset: usize| {
        let index = ((k * 2 + offset) * n / (samples * 2)).min(n - 1);
        tree.get(index as u32).position.as_dvec3()
    };
    let mut found = Found::default();
    let (mut total, mut counted) = (0.0, 0usize);
    for k in 0..samples {
        let r = tree.search(at(k, 0), None::<DVec3>, f64::INFINITY, most, &mut found);
        if r > 0.0 && r.is_finite() {
            total += spread.density(found.len(), r);
            counted += 1;
        }
    }
    if counted == 0 || total <= 0.0 {
        return 1.0;
    }
    let mean = total / counted as f64;
    let mut radius = spread.radius(most, mean);
    let mut sparse = 0usize;
    for k in 0..samples {
        let r = tree.search(at(k, 1), None::<DVec3>, radius, most, &mut found);
        let density = spread.density(found.len(), r);
        if density > 0.05 * mean && density < 0.7 * mean {
            sparse += 1;
        }
    }
    radius *= 1.0 + 20.0 * sparse as f64 / samples as f64;
    radius
}
