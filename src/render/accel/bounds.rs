//! Axis-aligned bounding boxes and their slab test.

use glam::{DMat4, DVec3};

use crate::render::ray::Ray;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Aabb {
    pub min: DVec3,
    pub max: DVec3,
}

impl Aabb {
    pub const EMPTY: Aabb = Aabb {
        min: DVec3::splat(f64::INFINITY),
        max: DVec3::splat(f64::NEG_INFINITY),
    };

    pub const EVERYTHING: Aabb = Aabb {
        min: DVec3::splat(f64::NEG_INFINITY),
        max: DVec3::splat(f64::INFINITY),
    };

    pub fn new(a: DVec3, b: DVec3) -> Aabb {
        Aabb {
            min: a.min(b),
            max: a.max(b),
        }
    }

    pub fn union(&self, other: &Aabb) -> Aabb {
        Aabb {
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }

    pub fn intersection(&self, other: &Aabb) -> Aabb {
        Aabb {
            min: self.min.max(other.min),
            max: self.max.min(other.max),
        }
    }

    pub fn grow(&self, p: DVec3) -> Aabb {
        Aabb {
            min: self.min.min(p),
            max: self.max.max(p),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.min.x > self.max.x || self.min.y > self.max.y || self.min.z > self.max.z
    }

    pub fn is_finite(&self) -> bool {
        self.min.is_finite() && self.max.is_finite()
    }

    pub fn center(&self) -> DVec3 {
        (self.min + self.max) * 0.5
    }

    pub fn surface_area(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        let d = self.max - self.min;
        2.0 * (d.x * d.y + d.y * d.z + d.z * d.x)
    }

    /// The box that holds this one after `m` maps it (all eight corners).
    pub fn transformed(&self, m: &DMat4) -> Aabb {
        if !self.is_finite() {
            return Aabb::EVERYTHING;
        }
        let mut out = Aabb::EMPTY;
        for i in 0..8 {
            let corner = DVec3::new(
                if i & 1 == 0 { self.min.x } else { self.max.x },
                if i & 2 == 0 { self.min.y } else { self.max.y },
                if i & 4 == 0 { self.min.z } else { self.max.z },
            );
            out = out.grow(m.transform_point3(corner));
        }
        out
    }

    /// Entry distance of the ray into the box if it enters within `[t_min, t_max]`.
    #[inline]
    pub fn hit(&self, ray: &Ray, inv_dir: DVec3, t_min: f64, t_max: f64) -> Option<f64> {
        let t0 = (self.min - ray.origin) * inv_dir;
        let t1 = (self.max - ray.origin) * inv_dir;
        let near = t0.min(t1);
        let far = t0.max(t1);
        let enter = near.max_element().max(t_min);
        let exit = far.min_element().min(t_max);
        if enter <= exit {
            Some(enter)
        } else {
            None
        }
    }

    pub fn contains(&self, p: DVec3) -> bool {
        p.cmpge(self.min).all() && p.cmple(self.max).all()
    }
}
