//! `bicubic_patch`: the patch cut into flat triangles where POV-Ray 3.7 cuts it, each
//! shaded with the surface's own normals at its corners, blended across it.
//!
//! The patch is held in world space (POV-Ray moves the control points themselves, so
//! the flatness test and the cuts depend on the placed patch). `type 1` keeps the
//! cut pieces in a [`BezierTree`]; `type 0` cuts the net again for every ray.

use glam::DVec3;

use super::bezier_net::{self, Net, BEZIER_EPSILON};
use super::bezier_tree::BezierTree;
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// POV-Ray 3.7's BEZIER_TOLERANCE (bezier.cpp): hits nearer than this to the origin
/// of a unit-length ray are ignored.
const BEZIER_TOLERANCE: f64 = 1.0e-5;

/// POV-Ray 3.7's MInvers3 refuses matrices whose determinant is below this.
const SINGULAR: f64 = 1.0e-10;

/// A rectangle of the patch's (u, v) square.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UvRect {
    pub u0: f64,
    pub u1: f64,
    pub v0: f64,
    pub v1: f64,
}

impl UvRect {
    pub const WHOLE: UvRect = UvRect {
        u0: 0.0,
        u1: 1.0,
        v0: 0.0,
        v1: 1.0,
    };

    fn halves_u(self) -> (UvRect, UvRect) {
        let m = (self.u0 + self.u1) / 2.0;
        (UvRect { u1: m, ..self }, UvRect { u0: m, ..self })
    }

    fn halves_v(self) -> (UvRect, UvRect) {
        let m = (self.v0 + self.v1) / 2.0;
        (UvRect { v1: m, ..self }, UvRect { v0: m, ..self })
    }

    /// The (u, v) of the corners in [`corners`]' order.
    pub fn corners(self) -> [(f64, f64); 4] {
        [
            (self.u0, self.v0),
            (self.u0, self.v1),
            (self.u1, self.v1),
            (self.u1, self.v0),
        ]
    }
}

/// A net's corners at (u0, v0), (u0, v1), (u1, v1), (u1, v0): its two triangles are
/// corners 0, 1, 2 and 0, 2, 3, as POV-Ray splits a piece.
pub fn corners(net: &Net) -> [DVec3; 4] {
    [net[0][0], net[0][3], net[3][3], net[3][0]]
}

/// The pieces one cut makes (none when the piece is cut no further).
pub struct Pieces {
    pub items: [(Net, UvRect); 4],
    pub len: usize,
}

#[derive(Debug)]
pub struct BicubicPatch {
    net: Net,
    flatness: f64,
    u_steps: i32,
    v_steps: i32,
    tree: Option<BezierTree>,
    bounds: Aabb,
}

impl BicubicPatch {
    /// `net` in world space; `precomputed` for `type 1`.
    pub fn new(net: Net, flatness: f64, u_steps: i32, v_steps: i32, precomputed: bool) -> BicubicPatch {
        let mut bounds = Aabb::new(net[0][0], net[0][0]);
        for p in net.iter().flatten() {
            bounds = bounds.grow(*p);
        }
        let mut patch = BicubicPatch {
            net,
            flatness,
            u_steps,
            v_steps,
            tree: None,
            bounds,
        };
        if precomputed {
            patch.tree = Some(BezierTree::build(&patch));
        }
        patch
    }

    pub fn net(&self) -> &Net {
        &self.net
    }

    pub fn bounds(&self) -> Aabb {
        self.bounds
    }

    /// How a piece `depth` cuts deep is cut next: not at all when flat enough or as deep
    /// as both steps ask; else halved along u while shallower than `u_steps` and along
    /// v while shallower than `v_steps`.
    pub fn cut(&self, net: &Net, rect: UvRect, depth: i32) -> Pieces {
        let mut pieces = Pieces {
            items: [(*net, rect); 4],
            len: 0,
        };
        let flat = bezier_net::flatness(net).is_some_and(|f| f < self.flatness);
        if flat {
            return pieces;
        }
        match (depth >= self.u_steps, depth >= self.v_steps) {
            (true, true) => {}
            (true, false) => {
                let (low, high) = bezier_net::split_v(net);
                let (rl, rh) = rect.halves_v();
                pieces.items[0] = (low, rl);
                pieces.items[1] = (high, rh);
                pieces.len = 2;
            }
            (false, true) => {
                let (low, high) = bezier_net::split_u(net);
                let (rl, rh) = rect.halves_u();
                pieces.items[0] = (low, rl);
                pieces.items[1] = (high, rh);
                pieces.len = 2;
            }
            (false, false) => {
                let (left, right) = bezier_net::split_u(net);
                let (rl, rr) = rect.halves_u();
                let (ll, ul) = bezier_net::split_v(&left);
                let (lr, ur) = bezier_net::split_v(&right);
                let (rll, rul) = rl.halves_v();
                let (rlr, rur) = rr.halves_v();
                pieces.items = [(ll, rll), (ul, rul), (lr, rlr), (ur, rur)];
                pieces.len = 4;
            }
        }
        pieces
    }

    /// Pushes every crossing with `t > t_min` (unsorted) onto `out`.
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if !(len > 0.0 && len.is_finite()) {
            return;
        }
        let direction = ray.direction / len;
        let mut push = |depth: f64, normal: DVec3| {
            let t = depth / len;
            if t > t_min {
                out.push(Crossing::new(t, normal));
            }
        };
        match &self.tree {
            Some(tree) => tree.walk(ray.origin, direction, &mut push),
            None => self.walk(ray.origin, direction, &self.net, UvRect::WHOLE, 0, &mut push),
        }
    }

    /// `type 0`: the pieces of `net` the ray's line passes near, cut as it goes.
    fn walk(
        &self,
        origin: DVec3,
        direction: DVec3,
        net: &Net,
        rect: UvRect,
        depth: i32,
        push: &mut dyn FnMut(f64, DVec3),
    ) {
        let (centre, radius2) = bezier_net::bounding_sphere(net);
        if !bezier_net::ray_meets_sphere(origin, direction, centre, radius2) {
            return;
        }
        let pieces = self.cut(net, rect, depth);
        if pieces.len == 0 {
            let normals = |uv: [(f64, f64); 4]| uv.map(|(u, v)| bezier_net::surface_normal(&self.net, u, v));
            piece_crossings(origin, direction, &corners(net), || normals(rect.corners()), push);
            return;
        }
        for (piece, piece_rect) in &pieces.items[..pieces.len] {
            self.walk(origin, direction, piece, *piece_rect, depth + 1, push);
        }
    }
}

/// The crossings of a ray with the two triangles of a piece; `normals` gives the
/// surface normals at its corners (asked for only when a triangle is hit).
pub fn piece_crossings(
    origin: DVec3,
    direction: DVec3,
    corners: &[DVec3; 4],
    normals: impl Fn() -> [DVec3; 4],
    push: &mut dyn FnMut(f64, DVec3),
) {
    for tri in [[0, 1, 2], [0, 2, 3]] {
        let vertices = tri.map(|k| corners[k]);
        if let Some((depth, a, b)) = hit_triangle(origin, direction, &vertices) {
            let n = normals();
            let blended = n[tri[0]] * (1.0 - a - b) + n[tri[1]] * a + n[tri[2]] * b;
            let len2 = blended.length_squared();
            let normal = if len2 > BEZIER_EPSILON {
                blended / len2.sqrt()
            } else {
                DVec3::X
            };
            push(depth, normal);
        }
    }
}

/// A unit ray against a triangle as POV-Ray 3.7 tests a patch's triangles: the
/// distance and the weights of the second and third vertices; thin slivers (nearly
/// parallel edges), near-parallel rays and hits closer than [`BEZIER_TOLERANCE`] miss.
pub fn hit_triangle(origin: DVec3, direction: DVec3, v: &[DVec3; 3]) -> Option<(f64, f64, f64)> {
    let e0 = v[1] - v[0];
    let e1 = v[2] - v[0];
    let n = e0.cross(e1);
    let len2 = n.length_squared();
    if len2 <= BEZIER_EPSILON * e0.length_squared() * e1.length_squared() {
        return None;
    }
    let n = n / len2.sqrt();
    // The rows e0, e1, n inverted: the columns of the inverse are these over det.
    let det = e0.dot(e1.cross(n));
    if det.abs() < SINGULAR {
        return None;
    }
    let to_a = e1.cross(n) / det;
    let to_b = n.cross(e0) / det;
    let to_n = e0.cross(e1) / det;
    let along = direction.dot(to_n);
    if along.abs() < BEZIER_EPSILON {
        return None;
    }
    let depth = (v[0] - origin).dot(to_n) / along;
    if depth < BEZIER_TOLERANCE {
        return None;
    }
    let q = origin + direction * depth - v[0];
    let a = q.dot(to_a);
    let b = q.dot(to_b);
    if a < 0.0 || b < 0.0 || a + b > 1.0 {
        return None;
    }
    Some((depth, a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dome over the square 0..3 in x and y, its middle control points raised by `h`.
    fn dome(h: f64) -> Net {
        let mut net = [[DVec3::ZERO; 4]; 4];
        for (i, row) in net.iter_mut().enumerate() {
            for (j, p) in row.iter_mut().enumerate() {
                let inner = (1..3).contains(&i) && (1..3).contains(&j);
                *p = DVec3::new(i as f64, j as f64, if inner { h } else { 0.0 });
            }
        }
        net
    }

    fn hits(patch: &BicubicPatch, origin: DVec3, direction: DVec3) -> Vec<Crossing> {
        let mut out = Vec::new();
        patch.crossings(&Ray::new(origin, direction), 1e-6, &mut out);
        out.sort_by(|a, b| a.t.total_cmp(&b.t));
        out
    }

    #[test]
    fn a_flat_patch_is_hit_where_the_plane_is() {
        let patch = BicubicPatch::new(dome(0.0), 0.0, 1, 1, false);
        let found = hits(&patch, DVec3::new(1.2, 0.7, 5.0), DVec3::new(0.0, 0.0, -2.0));
        assert_eq!(found.len(), 1);
        // t in units of the ray's own (unnormalised) direction.
        assert!((found[0].t - 2.5).abs() < 1e-12);
        assert!((found[0].normal.z.abs() - 1.0).abs() < 1e-12);
        assert!(hits(&patch, DVec3::new(3.5, 0.7, 5.0), -DVec3::Z).is_empty());
        assert!(!patch.bounds().is_empty());
    }

    #[test]
    fn without_steps_the_patch_is_one_flat_piece() {
        // Two triangles between the corners: the middle is hit at z = 0, not on the dome.
        let patch = BicubicPatch::new(dome(1.0), 0.0, 0, 0, true);
        let found = hits(&patch, DVec3::new(1.4, 1.6, 5.0), -DVec3::Z);
        assert_eq!(found.len(), 1);
        assert!((found[0].t - 5.0).abs() < 1e-12);
        // Cut finer, the pieces approach the dome (z = 0.5625 h at the middle).
        let fine = BicubicPatch::new(dome(1.0), 0.0, 4, 4, true);
        let found = hits(&fine, DVec3::new(1.5, 1.5, 5.0), -DVec3::Z);
        assert!((5.0 - found[0].t - 0.5625).abs() < 0.01, "{:?}", found);
        // The shading normal is the dome's, blended: straight up at its top.
        assert!((found[0].normal.normalize() - DVec3::Z).length() < 1e-9);
    }

    #[test]
    fn steps_and_flatness_set_the_number_of_pieces() {
        let count = |flatness, u, v| {
            BicubicPatch::new(dome(1.0), flatness, u, v, true)
                .tree
                .as_ref()
                .map_or(0, |t| t.piece_count())
        };
        assert_eq!(count(0.0, 2, 3), 32);
        assert_eq!(count(0.0, -4, 1), 2);
        assert_eq!(count(10.0, 5, 5), 1);
        assert!(count(0.05, 6, 6) < count(0.0, 6, 6));
    }

    #[test]
    fn type_0_and_type_1_cut_the_same_triangles() {
        let mut net = dome(1.5);
        net[3][3].z = -1.0;
        net[0][3].y += 0.5;
        let per_ray = BicubicPatch::new(net, 0.02, 3, 2, false);
        let once = BicubicPatch::new(net, 0.02, 3, 2, true);
        let mut checked = 0;
        for k in 0..200 {
            let (x, y) = ((k % 20) as f64 * 0.17 - 0.2, (k / 20) as f64 * 0.37 - 0.1);
            let origin = DVec3::new(x, y, 4.0);
            let direction = DVec3::new(0.1, -0.2, -1.0);
            let a = hits(&per_ray, origin, direction);
            let b = hits(&once, origin, direction);
            assert_eq!(a.len(), b.len());
            for (a, b) in a.iter().zip(&b) {
                assert_eq!(a.t, b.t);
                assert_eq!(a.normal, b.normal);
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn a_corner_takes_the_surface_normal_there() {
        let mut net = dome(1.0);
        net[1][0].z = 1.0;
        let corner = bezier_net::surface_normal(&net, 0.0, 0.0);
        let patch = BicubicPatch::new(net, 0.0, 2, 2, false);
        let found = hits(&patch, DVec3::new(1e-7, 1e-7, 5.0), -DVec3::Z);
        assert!(
            (found[0].normal - corner).length() < 1e-5,
            "{:?} {corner}",
            found[0].normal
        );
        // The raised edge tilts the corner's normal away from the flat piece's.
        assert!((corner - DVec3::new(-1.0, 0.0, 1.0).normalize()).length() < 1e-12);
    }

    #[test]
    fn slivers_and_grazing_rays_miss() {
        let flat = [DVec3::ZERO, DVec3::X, DVec3::new(2.0, 1e-9, 0.0)];
        assert!(hit_triangle(DVec3::new(0.5, 0.0, 1.0), -DVec3::Z, &flat).is_none());
        let tri = [DVec3::ZERO, DVec3::X, DVec3::Y];
        assert!(hit_triangle(DVec3::new(-1.0, 0.2, 0.0), DVec3::X, &tri).is_none());
        assert!(hit_triangle(DVec3::new(0.2, 0.2, 5e-6), -DVec3::Z, &tri).is_none());
        let (depth, a, b) = hit_triangle(DVec3::new(0.2, 0.3, 1.0), -DVec3::Z, &tri).unwrap();
        assert!((depth - 1.0).abs() < 1e-12 && (a - 0.2).abs() < 1e-12 && (b - 0.3).abs() < 1e-12);
    }
}
