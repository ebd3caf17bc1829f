//! Primary rays from the camera's final vectors.

use glam::DVec3;

use crate::render::focal_blur::BlurLens;
use crate::render::lens::Lens;
use crate::render::mesh_lens::MeshLens;
use crate::render::ray::Ray;
use crate::render::texture::normal::CompiledNormal;
use crate::scene::{Camera, Projection};

#[derive(Clone, Debug)]
pub struct CameraRays {
    projection: Projection,
    location: DVec3,
    direction: DVec3,
    right: DVec3,
    up: DVec3,
    lens: Lens,
    /// The mesh camera's faces, for `mesh_camera` only.
    mesh: Option<Box<MeshLens>>,
    /// Focal blur's aperture and focal plane.
    blur: Option<Box<BlurLens>>,
    /// The camera's `normal`, tilting every ray.
    bumps: Option<Box<CompiledNormal>>,
    /// The image size in pixels (the mesh camera addresses faces by pixel).
    width: u32,
    height: u32,
}

impl CameraRays {
    pub fn new(camera: &Camera, width: u32, height: u32) -> CameraRays {
        CameraRays {
            projection: camera.projection,
            location: camera.location,
            direction: camera.direction,
            right: camera.right,
            up: camera.up,
            lens: Lens::new(camera),
            mesh: MeshLens::new(camera).map(Box::new),
            bumps: None,
            blur: BlurLens::new(camera)
                .filter(|_| camera.projection != Projection::Mesh)
                .map(Box::new),
            width,
            height,
        }
    }

    /// The ray through image position `(x, y)`, both in [0, 1] from the top-left
    /// corner, or `None` where the projection shows nothing (outside a fisheye's circle).
    pub fn ray(&self, x: f64, y: f64) -> Option<Ray> {
        self.numbered_ray(x, y, 0)
    }

    /// Tilts every ray by `bumps` (the camera's compiled `normal`).
    pub fn with_normal(mut self, bumps: Option<CompiledNormal>) -> CameraRays {
        self.bumps = bumps.map(Box::new);
        self
    }

    /// How many rays each sample traces and averages (the mesh camera's rays per
    /// pixel; 1 for every other camera).
    pub fn rays_per_sample(&self) -> u32 {
        self.mesh.as_ref().map_or(1, |m| m.rays_per_pixel())
    }

    /// Primary rays see nothing farther than this.
    pub fn reach(&self) -> f64 {
        self.mesh.as_ref().map_or(f64::INFINITY, |m| m.reach())
    }

    /// Ray `number` (below [`Self::rays_per_sample`]) of the sample at `(x, y)`.
    pub fn numbered_ray(&self, x: f64, y: f64, number: u32) -> Option<Ray> {
        if let Some(mesh) = &self.mesh {
            let (w, h) = (f64::from(self.width), f64::from(self.height));
            return mesh.ray(x * w, y * h, self.width, self.height, number);
        }
        let (origin, direction) = self.projected(x, y)?;
        self.finish(origin, direction, x, y)
    }

    /// The focal blur lens, if the camera has one.
    pub fn blur(&self) -> Option<&BlurLens> {
        self.blur.as_deref()
    }

    /// Focal blur ray `number` for the image position `(x, y)` (already moved within
    /// its pixel); `sample` names the image sample it belongs to, for its jitter.
    pub fn blurred_ray(&self, x: f64, y: f64, sample: (f64, f64), number: u32) -> Option<Ray> {
        let lens = self.blur.as_deref()?;
        let (origin, direction) = self.projected(x, y)?;
        let blurred = lens.blur(direction, sample.0, sample.1, number)?;
        let shift = origin - self.location;
        self.finish(blurred.origin + shift, blurred.direction, x, y)
    }

    /// Origin and (unnormalised) direction of the projection's ray through `(x, y)`.
    fn projected(&self, x: f64, y: f64) -> Option<(DVec3, DVec3)> {
        let (u, v) = (x - 0.5, 0.5 - y);
        let offset = self.right * u + self.up * v;
        match self.projection {
            Projection::Perspective => Some((self.location, self.direction + offset)),
            Projection::Orthographic => Some((self.location + offset, self.direction)),
            _ => self.lens.ray(x, u, v),
        }
    }

    /// The ray with its direction normalised and tilted by the camera's normal.
    fn finish(&self, origin: DVec3, direction: DVec3, x: f64, y: f64) -> Option<Ray> {
        let mut direction = direction.try_normalize()?;
        if let Some(bumps) = &self.bumps {
            // POV-Ray evaluates the camera's normal at the image point (u, v, 0).
            direction = bumps
                .perturb(DVec3::new(x - 0.5, 0.5 - y, 0.0), direction)
                .try_normalize()?;
        }
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
