//! Object-to-world transforms with their inverse and normal matrix precomputed.

use glam::{DMat3, DMat4, DVec3};

use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Transform {
    pub to_world: DMat4,
    pub to_local: DMat4,
    normal_to_world: DMat3,
}

impl Transform {
    /// `None` when the matrix cannot be inverted (a zero scale, say).
    pub fn new(to_world: DMat4) -> Option<Transform> {
        let det = to_world.determinant();
        if !det.is_finite() || det.abs() < 1e-300 {
            return None;
        }
        let to_local = to_world.inverse();
        Some(Transform {
            to_world,
            to_local,
            normal_to_world: DMat3::from_mat4(to_local).transpose(),
        })
    }

    pub fn ray_to_local(&self, ray: &Ray) -> Ray {
        Ray::new(
            self.to_local.transform_point3(ray.origin),
            self.to_local.transform_vector3(ray.direction),
        )
    }

    pub fn point_to_local(&self, p: DVec3) -> DVec3 {
        self.to_local.transform_point3(p)
    }

    pub fn normal_to_world(&self, n: DVec3) -> DVec3 {
        self.normal_to_world * n
    }
}
