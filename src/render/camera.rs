//! Primary rays from the camera's final vectors.

use glam::DVec3;

use crate::render::lens::Lens;
use crate::render::ray::Ray;
use crate::scene::{Camera, Projection};

#[derive(Clone, Debug)]
pub struct CameraRays {
    projection: Projection,
    location: DVec3,
    direction: DVec3,
    right: DVec3,
    up: DVec3,
    lens: Lens,
}

impl CameraRays {
    pub fn new(camera: &Camera) -> CameraRays {
        CameraRays {
            projection: camera.projection,
            location: camera.location,
            direction: camera.direction,
            right: camera.right,
            up: camera.up,
            lens: Lens::new(camera),
        }
    }

    /// The ray through image position `(x, y)`, both in [0, 1] from the top-left
    /// corner, or `None` where the projection shows nothing (outside a fisheye's circle).
    pub fn ray(&self, x: f64, y: f64) -> Option<Ray> {
        let (u, v) = (x - 0.5, 0.5 - y);
        let offset = self.right * u + self.up * v;
        let (origin, direction) = match self.projection {
            Projection::Perspective => (self.location, self.direction + offset),
            Projection::Orthographic => (self.location + offset, self.direction),
            _ => self.lens.ray(x, u, v)?,
        };
        let direction = direction.try_normalize()?;
        origin.is_finite().then(|| Ray::new(origin, direction))
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
