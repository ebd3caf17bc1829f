//! `mesh_camera`: rays shot from the faces of meshes, as POV-Ray 3.7 shoots them.

use std::sync::Arc;

use glam::DMat4;

use super::MeshTriangle;

/// A camera whose rays leave mesh faces along their normals.
#[derive(Clone, Debug)]
pub struct MeshCamera {
    /// Rays traced (and averaged) for each pixel; at least 1.
    pub rays_per_pixel: u32,
    /// How pixels are assigned to faces, 0 to 3 (POV-Ray's distribution types).
    pub distribution: u8,
    /// Rays see nothing farther than this; 0 for no limit.
    pub max_distance: f64,
    /// The meshes in the order given.
    pub meshes: Vec<CameraMesh>,
    /// `smooth`: distribution 3 interpolates the vertex normals.
    pub smooth: bool,
}

/// One mesh of a mesh camera: its triangles in the order they were given, and its
/// transformation (object space to world space).
#[derive(Clone, Debug)]
pub struct CameraMesh {
    pub triangles: Arc<Vec<MeshTriangle>>,
    pub transform: Option<DMat4>,
}

impl PartialEq for MeshCamera {
    /// Two mesh cameras are the same camera when they shoot from the same meshes.
    fn eq(&self, other: &Self) -> bool {
        let same_meshes = self.meshes.len() == other.meshes.len()
            && self
                .meshes
                .iter()
                .zip(&other.meshes)
                .all(|(a, b)| Arc::ptr_eq(&a.triangles, &b.triangles) && a.transform == b.transform);
        same_meshes
            && (self.rays_per_pixel, self.distribution, self.smooth)
                == (other.rays_per_pixel, other.distribution, other.smooth)
            && self.max_distance == other.max_distance
    }
}
