//! Flat and smooth triangles (Möller–Trumbore).

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Triangle {
    pub vertices: [DVec3; 3],
    pub normals: Option<[DVec3; 3]>,
}

impl Triangle {
    /// Distance and barycentric coordinates (u for vertex 1, v for vertex 2).
    #[inline]
    pub fn hit(&self, ray: &Ray, t_min: f64, t_max: f64) -> Option<(f64, f64, f64)> {
        let [a, b, c] = self.vertices;
        let e1 = b - a;
        let e2 = c - a;
        let p = ray.direction.cross(e2);
        let det = e1.dot(p);
        if det.abs() < 1e-14 {
            return None;
        }
        let inv = 1.0 / det;
        let s = ray.origin - a;
        let u = s.dot(p) * inv;
        if !(0.0..=1.0).contains(&u) {
            return None;
        }
        let q = s.cross(e1);
        let v = ray.direction.dot(q) * inv;
        if v < 0.0 || u + v > 1.0 {
            return None;
        }
        let t = e2.dot(q) * inv;
        (t > t_min && t < t_max).then_some((t, u, v))
    }

    pub fn normal_at(&self, u: f64, v: f64) -> DVec3 {
        match self.normals {
            Some([na, nb, nc]) => na * (1.0 - u - v) + nb * u + nc * v,
            None => {
                let [a, b, c] = self.vertices;
                (b - a).cross(c - a)
            }
        }
    }

    pub fn nearest(&self, ray: &Ray, t_min: f64, t_max: f64) -> Option<Crossing> {
        self.hit(ray, t_min, t_max)
            .map(|(t, u, v)| Crossing::new(t, self.normal_at(u, v)))
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        out.extend(self.nearest(ray, t_min, f64::INFINITY));
    }

    pub fn bounds(&self) -> Aabb {
        let [a, b, c] = self.vertices;
        Aabb::new(a, b).grow(c)
    }
}
