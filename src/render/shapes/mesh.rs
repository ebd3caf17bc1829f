//! Triangle meshes with their own BVH.

use glam::DVec2;

use super::triangle::Triangle;
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::accel::bvh::Bvh;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Mesh {
    pub triangles: Vec<Triangle>,
    /// Each triangle's corners' surface coordinates (`uv_vectors`), when any were given.
    pub uvs: Option<Box<[[DVec2; 3]]>>,
    bvh: Bvh,
}

impl Mesh {
    pub fn new(triangles: Vec<Triangle>) -> Mesh {
        let bounds: Vec<Aabb> = triangles.iter().map(Triangle::bounds).collect();
        let bvh = Bvh::build(&bounds);
        Mesh {
            triangles,
            uvs: None,
            bvh,
        }
    }

    pub fn bounds(&self) -> Aabb {
        self.bvh.bounds()
    }

    pub fn nearest(&self, ray: &Ray, t_min: f64, t_max: f64) -> Option<Crossing> {
        let mut best = None;
        self.bvh.traverse(ray, t_min, t_max, |i, t_max| {
            let tri = &self.triangles[i as usize];
            if let Some((t, u, v)) = tri.hit(ray, t_min, *t_max) {
                *t_max = t;
                best = Some(Crossing {
                    t,
                    normal: tri.normal_at(u, v),
                    triangle: i,
                });
            }
            false
        });
        best
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        self.bvh.traverse(ray, t_min, f64::INFINITY, |i, _| {
            let tri = &self.triangles[i as usize];
            if let Some((t, u, v)) = tri.hit(ray, t_min, f64::INFINITY) {
                out.push(Crossing {
                    t,
                    normal: tri.normal_at(u, v),
                    triangle: i,
                });
            }
            false
        });
    }
}
