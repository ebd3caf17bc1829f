//! Disc in canonical form: unit radius in the z = 0 plane, normal +z, optional hole.

use glam::DVec3;

use super::Crossing;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Disc {
    /// Hole radius relative to the outer radius.
    pub hole: f64,
}

impl Disc {
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        if ray.direction.z == 0.0 {
            return;
        }
        let t = -ray.origin.z / ray.direction.z;
        if t <= t_min {
            return;
        }
        let p = ray.at(t);
        let r2 = p.x * p.x + p.y * p.y;
        if r2 <= 1.0 && r2 >= self.hole * self.hole {
            out.push(Crossing::new(t, DVec3::Z));
        }
    }
}
