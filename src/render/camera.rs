//! Primary rays from the camera's final vectors.

use glam::DVec3;

use crate::render::ray::Ray;
use crate::scene::{Camera, Projection};

#[derive(Clone, Debug)]
pub struct CameraRays {
    projection: Projection,
    location: DVec3,
    direction: DVec3,
    right: DVec3,
    up: DVec3,
}

impl CameraRays {
    pub fn new(camera: &Camera) -> CameraRays {
        CameraRays {
            projection: camera.projection,
            location: camera.location,
            direction: camera.direction,
            right: camera.right,
            up: camera.up,
        }
    }

    /// The ray through image position `(x, y)`, both in [0, 1] from the top-left corner.
    pub fn ray(&self, x: f64, y: f64) -> Ray {
        let (u, v) = (x - 0.5, 0.5 - y);
        let offset = self.right * u + self.up * v;
        match self.projection {
            Projection::Perspective => Ray::new(self.location, (self.direction + offset).normalize()),
            Projection::Orthographic => Ray::new(self.location + offset, self.direction.normalize()),
        }
    }

    pub fn location(&self) -> DVec3 {
        self.location
    }

    /// How wide the view is per unit of distance from the camera.
    pub fn view_width(&self) -> f64 {
        let d = self.direction.length();
        if d > 0.0 {
            self.right.length() / d
        } else {
            1.0
        }
    }
}
