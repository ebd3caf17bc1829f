//! Sphere: centre and radius.

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Sphere {
    pub center: DVec3,
    pub radius: f64,
}

impl Sphere {
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let oc = ray.origin - self.center;
        let a = ray.direction.length_squared();
        let half_b = oc.dot(ray.direction);
        let c = oc.length_squared() - self.radius * self.radius;
        let disc = half_b * half_b - a * c;
        if disc < 0.0 || a == 0.0 {
            return;
        }
        let root = disc.sqrt();
        for t in [(-half_b - root) / a, (-half_b + root) / a] {
            if t > t_min {
                out.push(Crossing::new(t, ray.at(t) - self.center));
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        (p - self.center).length_squared() < self.radius * self.radius
    }

    pub fn bounds(&self) -> Aabb {
        Aabb::new(
            self.center - DVec3::splat(self.radius),
            self.center + DVec3::splat(self.radius),
        )
    }
}
