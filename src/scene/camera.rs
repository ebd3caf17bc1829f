//! The camera after all its modifiers have been applied.

use std::sync::Arc;

use glam::DVec3;

use super::{MeshCamera, Normal};

/// The camera after all its modifiers have been applied.
///
/// A primary ray for normalised screen coordinates `(u, v)` in `[-0.5, 0.5]`
/// (u to the right, v up) has direction `direction + u * right + v * up` from
/// `location` (perspective), or starts at `location + u * right + v * up` with
/// direction `direction` (orthographic). The other projections map `(u, v)` to
/// angles around these vectors, as in POV-Ray 3.7 (see `render::lens`).
#[derive(Clone, Debug, PartialEq)]
pub struct Camera {
    pub projection: Projection,
    pub location: DVec3,
    pub direction: DVec3,
    pub right: DVec3,
    pub up: DVec3,
    /// The `angle` in degrees of the fisheye, ultra-wide-angle and cylinder
    /// projections: POV-Ray's 90 unless given.
    pub angle: f64,
    /// The spherical projection's horizontal and vertical fields of view in degrees.
    pub spherical: (f64, f64),
    /// The `mesh_camera`'s meshes and settings (projection `Mesh` only).
    pub mesh: Option<Arc<MeshCamera>>,
    /// `normal { ... }`: the rays tilted as a surface normal is, by the pattern at the
    /// point `(u, v, 0)` of the image (u and v from -0.5 to 0.5).
    pub normal: Option<Box<Normal>>,
    /// Focal blur: on when `aperture` is not 0 and `blur_samples` is given.
    pub blur: Option<FocalBlur>,
}

/// Depth of field: rays from across the aperture, meeting at the focal plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FocalBlur {
    /// The aperture's diameter, in scene units.
    pub aperture: f64,
    /// Rays for each sample at most, and before the confidence test may stop early.
    pub samples: u32,
    pub min_samples: u32,
    /// How far from the camera the sharp plane lies.
    pub focal_distance: f64,
    /// The adaptive stop: the chance that the mean is within `variance` of the truth.
    pub confidence: f64,
    pub variance: f64,
}

impl Camera {
    pub const DEFAULT_ANGLE: f64 = 90.0;
    pub const DEFAULT_SPHERICAL: (f64, f64) = (360.0, 180.0);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Projection {
    Perspective,
    Orthographic,
    Fisheye,
    UltraWideAngle,
    Omnimax,
    Panoramic,
    /// POV-Ray's `cylinder 1..4`: the cylinder's axis is `up` (1, 3) or `right`
    /// (2, 4); types 3 and 4 are orthographic along the axis.
    Cylinder(u8),
    Spherical,
    /// `mesh_camera`: rays leave the faces of meshes (see [`MeshCamera`]).
    Mesh,
}

impl Projection {
    /// The keyword(s) that select this projection, for messages.
    pub fn name(self) -> String {
        match self {
            Projection::Perspective => "perspective".into(),
            Projection::Orthographic => "orthographic".into(),
            Projection::Fisheye => "fisheye".into(),
            Projection::UltraWideAngle => "ultra_wide_angle".into(),
            Projection::Omnimax => "omnimax".into(),
            Projection::Panoramic => "panoramic".into(),
            Projection::Cylinder(n) => format!("cylinder {n}"),
            Projection::Spherical => "spherical".into(),
            Projection::Mesh => "mesh_camera".into(),
        }
    }
}
