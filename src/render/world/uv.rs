//! Surface coordinates (u, v) of a hit, for `uv_mapping`: what POV-Ray 3.7 gives each shape.

use glam::{DVec2, DVec3};

use super::World;
use crate::render::shapes::sor::angle_around_y;
use crate::render::shapes::{cuboid::Cuboid, mesh::Mesh, sphere::Sphere, torus::Torus, Primitive};

impl World {
    /// The point `(u, v, 0)` that `uv_mapping` evaluates patterns at, for a hit on
    /// `leaf` (and `triangle` of a mesh) at world point `p`. Shapes that POV-Ray gives
    /// no surface coordinates take the world point's x and y, as POV-Ray does.
    pub fn uv_point(&self, leaf: u32, triangle: u32, p: DVec3) -> DVec3 {
        let leaf = &self.leaves[leaf as usize];
        let local = match self.transform_of(leaf) {
            Some(t) => t.point_to_local(p),
            None => p,
        };
        let uv = match &leaf.primitive {
            Primitive::Sphere(s) => sphere_uv(s, local),
            Primitive::Cuboid(b) => box_uv(b, local),
            Primitive::Torus(t) => torus_uv(t, local),
            Primitive::Mesh(m) => mesh_uv(m, triangle, local),
            Primitive::Sor(s) => s.uv(triangle, local),
            Primitive::Lathe(l) => l.uv(triangle, local),
            _ => DVec2::new(p.x, p.y),
        };
        uv.extend(0.0)
    }
}

/// Longitude from +x towards +z (0 to 1), latitude from the south pole (0 to 1).
fn sphere_uv(s: &Sphere, p: DVec3) -> DVec2 {
    let d = p - s.center;
    let len = d.length();
    if len == 0.0 {
        return DVec2::ZERO;
    }
    let d = d / len;
    let v = 0.5 + d.y.clamp(-1.0, 1.0).asin() / std::f64::consts::PI;
    DVec2::new(angle_around_y(d), v)
}

/// The box unfolded as a cross: four sides around y in a band v = 1/3..2/3, the
/// bottom below and the top above, each side seen unmirrored from outside.
fn box_uv(b: &Cuboid, p: DVec3) -> DVec2 {
    let q = (p - b.min) / (b.max - b.min);
    // The side hit: the face the point lies nearest.
    let size = b.max - b.min;
    let mut best = (f64::INFINITY, 0usize, false);
    for axis in 0..3 {
        for (high, d) in [(false, p[axis] - b.min[axis]), (true, b.max[axis] - p[axis])] {
            let d = d.abs() / size[axis].abs().max(1e-300);
            if d < best.0 {
                best = (d, axis, high);
            }
        }
    }
    let third = 1.0 / 3.0;
    match (best.1, best.2) {
        (0, false) => DVec2::new(q.z / 4.0, third + q.y / 3.0),
        (0, true) => DVec2::new(0.75 - q.z / 4.0, third + q.y / 3.0),
        (1, false) => DVec2::new(0.25 + q.x / 4.0, q.z / 3.0),
        (1, true) => DVec2::new(0.25 + q.x / 4.0, 1.0 - q.z / 3.0),
        (2, false) => DVec2::new(1.0 - q.x / 4.0, third + q.y / 3.0),
        _ => DVec2::new(0.25 + q.x / 4.0, third + q.y / 3.0),
    }
}

/// u around the y axis (decreasing from -x through +z), v around the tube from its
/// inner side.
fn torus_uv(t: &Torus, p: DVec3) -> DVec2 {
    use std::f64::consts::{PI, TAU};
    let u = 1.0 - (p.z.atan2(p.x) + PI) / TAU;
    let r = (p.x * p.x + p.z * p.z).sqrt() - t.major;
    let v = (p.y.atan2(r) + PI) / TAU;
    DVec2::new(u, v)
}

/// The triangle's corner coordinates weighted by the point's barycentric weights.
fn mesh_uv(m: &Mesh, triangle: u32, p: DVec3) -> DVec2 {
    let (Some(uvs), Some(tri)) = (m.uvs.as_deref(), m.triangles.get(triangle as usize)) else {
        return DVec2::ZERO;
    };
    let Some(corners) = uvs.get(triangle as usize) else {
        return DVec2::ZERO;
    };
    let [a, b, c] = tri.vertices;
    let w = barycentric(a, b, c, p);
    corners[0] * w.x + corners[1] * w.y + corners[2] * w.z
}

/// Weights of `a`, `b`, `c` for `p` projected into their plane.
pub(crate) fn barycentric(a: DVec3, b: DVec3, c: DVec3, p: DVec3) -> DVec3 {
    let (e1, e2, d) = (b - a, c - a, p - a);
    let (d11, d12, d22) = (e1.dot(e1), e1.dot(e2), e2.dot(e2));
    let (d1, d2) = (d.dot(e1), d.dot(e2));
    let det = d11 * d22 - d12 * d12;
    if det.abs() < 1e-300 {
        return DVec3::new(1.0, 0.0, 0.0);
    }
    let wb = (d22 * d1 - d12 * d2) / det;
    let wc = (d11 * d2 - d12 * d1) / det;
    DVec3::new(1.0 - wb - wc, wb, wc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphere_coordinates() {
        let s = Sphere {
            center: DVec3::new(1.0, 0.0, 0.0),
            radius: 2.0,
        };
        let uv = sphere_uv(&s, DVec3::new(3.0, 0.0, 0.0));
        assert!((uv - DVec2::new(0.0, 0.5)).length() < 1e-12, "{uv}");
        let uv = sphere_uv(&s, DVec3::new(1.0, 0.0, 2.0));
        assert!((uv - DVec2::new(0.25, 0.5)).length() < 1e-12, "{uv}");
        let uv = sphere_uv(&s, DVec3::new(1.0, 0.0, -2.0));
        assert!((uv - DVec2::new(0.75, 0.5)).length() < 1e-12, "{uv}");
        let uv = sphere_uv(&s, DVec3::new(1.0, 2.0, 0.0));
        assert!((uv.y - 1.0).abs() < 1e-12, "{uv}");
    }

    #[test]
    fn box_sides_unfold() {
        let b = Cuboid {
            min: DVec3::splat(-1.0),
            max: DVec3::splat(1.0),
        };
        // The middle of the +z side, and of the top.
        let uv = box_uv(&b, DVec3::new(0.0, 0.0, 1.0));
        assert!((uv - DVec2::new(0.375, 0.5)).length() < 1e-12, "{uv}");
        let uv = box_uv(&b, DVec3::new(0.0, 1.0, 0.0));
        assert!((uv - DVec2::new(0.375, 5.0 / 6.0)).length() < 1e-12, "{uv}");
    }

    #[test]
    fn torus_coordinates() {
        let t = Torus {
            major: 2.0,
            minor: 0.5,
        };
        // The outer equator at +x: u 0.5, v 0.5.
        let uv = torus_uv(&t, DVec3::new(2.5, 0.0, 0.0));
        assert!((uv - DVec2::new(0.5, 0.5)).length() < 1e-12, "{uv}");
        let uv = torus_uv(&t, DVec3::new(2.0, 0.5, 0.0));
        assert!((uv - DVec2::new(0.5, 0.75)).length() < 1e-12, "{uv}");
    }

    #[test]
    fn barycentric_weights() {
        let w = barycentric(DVec3::ZERO, DVec3::X, DVec3::Y, DVec3::new(0.25, 0.5, 0.0));
        assert!((w - DVec3::new(0.25, 0.25, 0.5)).length() < 1e-12, "{w}");
    }
}
