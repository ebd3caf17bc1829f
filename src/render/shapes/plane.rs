//! Infinite plane `normal . p = distance`; the inside is the side the normal points away from.

use glam::DVec3;

use super::Crossing;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Plane {
    pub normal: DVec3,
    pub distance: f64,
}

/// POV-Ray's limits for a plane crossing (its `MAX_DISTANCE` and `EPSILON`): a ray
/// nearly parallel to the plane, or meeting it farther than ten million units away,
/// misses it. Near the horizon that decides between plane and sky, and `trace` answers
/// depend on it.
const MAX_DISTANCE: f64 = 1.0e7;
const PARALLEL: f64 = 1.0e-10;

impl Plane {
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let denom = self.normal.dot(ray.direction);
        if denom.abs() < PARALLEL {
            return;
        }
        let t = (self.distance - self.normal.dot(ray.origin)) / denom;
        if t > t_min && t <= MAX_DISTANCE {
            out.push(Crossing::new(t, self.normal));
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.normal.dot(p) < self.distance
    }
}
