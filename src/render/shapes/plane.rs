//! Infinite plane `normal . p = distance`; the inside is the side the normal points away from.

use glam::DVec3;

use super::Crossing;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Plane {
    pub normal: DVec3,
    pub distance: f64,
}

impl Plane {
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let denom = self.normal.dot(ray.direction);
        if denom == 0.0 {
            return;
        }
        let t = (self.distance - self.normal.dot(ray.origin)) / denom;
        if t > t_min {
            out.push(Crossing::new(t, self.normal));
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.normal.dot(p) < self.distance
    }
}
