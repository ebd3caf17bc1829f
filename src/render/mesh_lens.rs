//! The mesh camera's rays: from a face's centre (distributions 0 to 2) or from the
//! point of a face at a pixel's (u, v) (distribution 3), along the face normal, as
//! POV-Ray 3.7 shoots them, its quirks of pixel addressing included.

use std::sync::Arc;

use glam::{DMat3, DMat4, DVec2, DVec3};

use crate::render::ray::Ray;
use crate::scene::{Camera, MeshCamera, MeshTriangle};

/// POV-Ray's `EPSILON`: a direction's z below minus this reverses the rays.
const REVERSE_BELOW: f64 = -1e-10;
/// Most (face, cell) entries the distribution-3 lookup grid may hold; a coarser
/// grid is used when faces would overflow it.
const GRID_ENTRIES: usize = 1 << 24;
/// The finest lookup grid, cells per side.
const GRID_CELLS: usize = 64;

#[derive(Clone, Debug)]
pub struct MeshLens {
    camera: Arc<MeshCamera>,
    /// Distance along the normal from the face to the ray's origin (the camera
    /// location's z).
    offset: f64,
    /// The camera direction's z is negative: rays go against the normals.
    reversed: bool,
    /// Per mesh: points and normals from mesh space to world space.
    to_world: Vec<Option<(DMat4, DMat3)>>,
    /// Distribution 1: the faces of all meshes up to and including each one.
    face_ends: Vec<usize>,
    /// Distribution 3: which faces of the first mesh may cover a (u, v).
    grid: Option<UvGrid>,
}

impl MeshLens {
    /// `None` unless the camera is a mesh camera.
    pub fn new(camera: &Camera) -> Option<MeshLens> {
        let mesh = camera.mesh.clone()?;
        let to_world = mesh
            .meshes
            .iter()
            .map(|m| {
                m.transform
                    .map(|t| (t, DMat3::from_mat4(t).inverse().transpose()))
            })
            .collect();
        let face_ends = mesh
            .meshes
            .iter()
            .scan(0, |total, m| {
                *total += m.triangles.len();
                Some(*total)
            })
            .collect();
        let grid = (mesh.distribution == 3).then(|| UvGrid::new(&mesh.meshes[0].triangles));
        Some(MeshLens {
            offset: camera.location.z,
            reversed: camera.direction.z < REVERSE_BELOW,
            camera: mesh,
            to_world,
            face_ends,
            grid,
        })
    }

    pub fn rays_per_pixel(&self) -> u32 {
        self.camera.rays_per_pixel
    }

    /// Rays see nothing farther than this.
    pub fn reach(&self) -> f64 {
        if self.camera.max_distance > 1e-10 {
            self.camera.max_distance
        } else {
            f64::INFINITY
        }
    }

    /// Ray `number` of the sample at pixel position `(px, py)` (pixel centres at
    /// half-integers, from the top-left) of a `width` x `height` image, or `None`
    /// where no face serves it.
    pub fn ray(&self, px: f64, py: f64, width: u32, height: u32, number: u32) -> Option<Ray> {
        let (w, h) = (f64::from(width), f64::from(height));
        // POV-Ray's sample position is half a pixel up from ours, and it clamps it
        // to the image before taking whole pixels: rows 0 and 1 both read face row 0.
        let x = px.clamp(0.0, (w - 1.0).max(0.0));
        let y = (py - 1.0).clamp(0.0, (h - 1.0).max(0.0));
        let (col, row) = (x as usize, y as usize);
        let meshes = &self.camera.meshes;
        let (mesh, origin, normal) = match self.camera.distribution {
            0 => {
                let mesh = number as usize;
                let face = meshes.get(mesh)?.triangles.get(row * width as usize + col)?;
                (mesh, centroid(face), face_normal(face))
            }
            1 => {
                // POV-Ray 3.7.0 adds the ray number times the total face count (the
                // documentation says times the pixel count), so only ray 0 is shot.
                let total = *self.face_ends.last()?;
                let index = (row * width as usize + col).checked_add(number as usize * total)?;
                let mesh = self.face_ends.iter().position(|&end| index < end)?;
                let first = if mesh == 0 { 0 } else { self.face_ends[mesh - 1] };
                let face = &meshes[mesh].triangles[index - first];
                (mesh, centroid(face), face_normal(face))
            }
            2 => {
                let mesh = (x / (w / meshes.len() as f64)) as usize;
                // The column is not taken relative to the mesh's strip, as in POV-Ray.
                let strip = width as usize / meshes.len();
                let face = meshes.get(mesh)?.triangles.get(row * strip + col)?;
                (mesh, centroid(face), face_normal(face))
            }
            _ => {
                let uv = DVec2::new((x - 0.5) / w, 1.0 - (y + 0.5) / h);
                let triangles = &meshes[0].triangles;
                let (face, weights) = self.grid.as_ref()?.find(triangles, uv)?;
                let face = &triangles[face];
                let origin = weighted(&face.vertices, weights);
                let normal = match face.normals.filter(|_| self.camera.smooth) {
                    Some(n) if !all_equal(&n) => weighted(&n, weights),
                    _ => face_normal(face),
                };
                (0, origin, normal)
            }
        };
        let origin = origin + normal * self.offset;
        let normal = if self.reversed { -normal } else { normal };
        let (origin, direction) = match &self.to_world[mesh] {
            Some((points, normals)) => (points.transform_point3(origin), *normals * normal),
            None => (origin, normal),
        };
        let direction = direction.try_normalize()?;
        origin.is_finite().then(|| Ray::new(origin, direction))
    }
}

fn centroid(face: &MeshTriangle) -> DVec3 {
    let [a, b, c] = face.vertices;
    (a + b + c) / 3.0
}

/// POV-Ray's face normal: (c - a) x (b - a), unit length.
fn face_normal(face: &MeshTriangle) -> DVec3 {
    let [a, b, c] = face.vertices;
    (c - a).cross(b - a).normalize_or_zero()
}

fn weighted(v: &[DVec3; 3], w: [f64; 3]) -> DVec3 {
    v[0] * w[0] + v[1] * w[1] + v[2] * w[2]
}

/// POV-Ray makes a smooth triangle flat when its normals (normalised) all agree.
fn all_equal(n: &[DVec3; 3]) -> bool {
    let [a, b, c] = n.map(|v| v.normalize_or_zero());
    (a - b).length_squared() <= 1e-10 && (a - c).length_squared() <= 1e-10
}

/// Faces by the cells of (u, v) their uv bounds overlap, each cell's list in face
/// order, so the first face of a cell that covers a point is the first in the mesh.
#[derive(Clone, Debug)]
struct UvGrid {
    cells: usize,
    lists: Vec<Vec<u32>>,
}

impl UvGrid {
    fn new(triangles: &[MeshTriangle]) -> UvGrid {
        let mut cells = GRID_CELLS;
        while cells > 1 && Self::entries(triangles, cells) > GRID_ENTRIES {
            cells /= 2;
        }
        let mut lists = vec![Vec::new(); cells * cells];
        for (index, face) in triangles.iter().enumerate() {
            if let Some((u0, u1, v0, v1)) = Self::span(face, cells) {
                for v in v0..=v1 {
                    for u in u0..=u1 {
                        lists[v * cells + u].push(index as u32);
                    }
                }
            }
        }
        UvGrid { cells, lists }
    }

    fn entries(triangles: &[MeshTriangle], cells: usize) -> usize {
        triangles
            .iter()
            .filter_map(|f| Self::span(f, cells))
            .map(|(u0, u1, v0, v1)| (u1 - u0 + 1) * (v1 - v0 + 1))
            .sum()
    }

    /// The cells a face's uv bounds cover, or `None` for a face without usable uv.
    fn span(face: &MeshTriangle, cells: usize) -> Option<(usize, usize, usize, usize)> {
        let uv = face.uv.as_deref()?;
        if uv_area(uv) == 0.0 || !uv.iter().all(|p| p.is_finite()) {
            return None;
        }
        let lo = uv[0].min(uv[1]).min(uv[2]);
        let hi = uv[0].max(uv[1]).max(uv[2]);
        let (u0, v0) = Self::cell(lo, cells);
        let (u1, v1) = Self::cell(hi, cells);
        Some((u0, u1, v0, v1))
    }

    fn cell(p: DVec2, cells: usize) -> (usize, usize) {
        let at = |c: f64| ((c * cells as f64).floor().max(0.0) as usize).min(cells - 1);
        (at(p.x), at(p.y))
    }

    /// The first face covering `uv`, and the point's barycentric weights on it.
    fn find(&self, triangles: &[MeshTriangle], uv: DVec2) -> Option<(usize, [f64; 3])> {
        let (u, v) = Self::cell(uv, self.cells);
        self.lists[v * self.cells + u].iter().find_map(|&i| {
            let corners = triangles[i as usize].uv.as_deref()?;
            let w = barycentric(corners, uv);
            w.iter().all(|&b| b >= 0.0).then_some((i as usize, w))
        })
    }
}

fn uv_area(p: &[DVec2; 3]) -> f64 {
    (p[1] - p[0]).perp_dot(p[2] - p[0])
}

/// The weights of `q` on the uv triangle `p`, each the signed area of the triangle
/// `q` makes with the opposite edge over the whole.
fn barycentric(p: &[DVec2; 3], q: DVec2) -> [f64; 3] {
    let whole = uv_area(p);
    let part = |a: DVec2, b: DVec2| (a - q).perp_dot(b - q) / whole;
    [part(p[1], p[2]), part(p[2], p[0]), part(p[0], p[1])]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(uv: [(f64, f64); 3]) -> MeshTriangle {
        MeshTriangle {
            vertices: [DVec3::ZERO, DVec3::X, DVec3::Y],
            normals: None,
            texture: None,
            uv: Some(Box::new(uv.map(|(u, v)| DVec2::new(u, v)))),
        }
    }

    #[test]
    fn the_first_face_covering_a_point_wins() {
        let faces = vec![
            face([(0.5, 0.0), (1.0, 0.0), (1.0, 0.5)]),
            face([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]),
            face([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]),
            // No uv area: never chosen.
            face([(0.2, 0.2), (0.2, 0.2), (0.2, 0.2)]),
        ];
        let grid = UvGrid::new(&faces);
        let (index, w) = grid.find(&faces, DVec2::new(0.25, 0.5)).expect("covered");
        assert_eq!(index, 1);
        assert!((w[0] - 0.25).abs() < 1e-12 && (w[1] - 0.25).abs() < 1e-12 && (w[2] - 0.5).abs() < 1e-12);
        assert_eq!(grid.find(&faces, DVec2::new(0.9, 0.2)).map(|f| f.0), Some(0));
        assert_eq!(grid.find(&faces, DVec2::new(0.9, 0.9)), None);
        // Outside [0, 1] the edge cells still answer.
        assert_eq!(grid.find(&faces, DVec2::new(-0.5, 0.1)), None);
    }

    #[test]
    fn a_crowded_grid_gets_coarser() {
        let faces = vec![face([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]); 5000];
        assert!(UvGrid::entries(&faces, GRID_CELLS) > GRID_ENTRIES);
        let grid = UvGrid::new(&faces);
        assert!(grid.cells < GRID_CELLS);
        assert!(grid.lists.iter().map(Vec::len).sum::<usize>() <= GRID_ENTRIES);
        assert_eq!(grid.find(&faces, DVec2::new(0.1, 0.1)).map(|f| f.0), Some(0));
    }
}
