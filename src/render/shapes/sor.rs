//! `sor`: a surface of revolution whose squared radius is a cubic in the height
//! between each two middle points of four (a Hermite cubic through their squared
//! radii, with slopes from the neighbouring points, as POV-Ray 3.7 builds it). Along
//! a ray that is a cubic in t; the base and cap are discs unless `open`.

use glam::{DVec2, DVec3};

use super::lathe::enter;
use super::roots::roots_between;
use super::shell::may_meet;
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// POV-Ray's DEPTH_TOLERANCE for surfaces of revolution.
const DEPTH_TOLERANCE: f64 = 1e-4;
/// POV-Ray's EPSILON: a ray's height change below it counts as level.
const EPSILON: f64 = 1e-10;
/// No crossing beyond this distance: POV-Ray's MAX_DISTANCE.
const MAX_DISTANCE: f64 = 1e7;

/// Squared radius `((a u + b) u + c) u + d` at height `y0 + u`, for u in `0..=h`.
#[derive(Clone, Copy, Debug)]
struct Piece {
    y0: f64,
    h: f64,
    k: [f64; 4],
    radii: (f64, f64),
}

impl Piece {
    fn new(p: &[DVec2]) -> Piece {
        let (y0, y1) = (p[1].y, p[2].y);
        let h = y1 - y0;
        let (k0, k1) = (p[1].x * p[1].x, p[2].x * p[2].x);
        let s0 = 2.0 * p[1].x * (p[2].x - p[0].x) / (p[2].y - p[0].y);
        let s1 = 2.0 * p[2].x * (p[3].x - p[1].x) / (p[3].y - p[1].y);
        let rise = (k1 - k0) / h;
        let b = (3.0 * rise - 2.0 * s0 - s1) / h;
        let a = (s0 + s1 - 2.0 * rise) / (h * h);
        let mut piece = Piece {
            y0,
            h,
            k: [k0, s0, b, a],
            radii: (0.0, 0.0),
        };
        let (mut lo, mut hi) = (k0.min(k1), k0.max(k1));
        for &u in roots_between(&[s0, 2.0 * b, 3.0 * a], 0.0, h).as_slice() {
            let v = piece.squared_radius(u);
            lo = lo.min(v);
            hi = hi.max(v);
        }
        piece.radii = (lo.max(0.0).sqrt(), hi.max(0.0).sqrt());
        piece
    }

    fn squared_radius(&self, u: f64) -> f64 {
        let k = &self.k;
        ((k[3] * u + k[2]) * u + k[1]) * u + k[0]
    }

    fn slope(&self, u: f64) -> f64 {
        let k = &self.k;
        (3.0 * k[3] * u + 2.0 * k[2]) * u + k[1]
    }
}

/// [`Crossing::triangle`] of a crossing on the base and on the cap; a crossing on
/// the curve carries its piece's index.
const BASE: u32 = u32::MAX - 1;
const CAP: u32 = u32::MAX - 2;

/// The angle around the y axis from +x towards +z, 0 to 1 (0 on the axis), as
/// POV-Ray's surfaces of revolution measure it.
pub fn angle_around_y(p: DVec3) -> f64 {
    let r2 = p.x * p.x + p.z * p.z;
    if r2 <= 1e-10 {
        return 0.0;
    }
    let mut theta = if p.z == 0.0 {
        if p.x > 0.0 {
            0.0
        } else {
            std::f64::consts::PI
        }
    } else {
        (p.x / r2.sqrt()).clamp(-1.0, 1.0).acos()
    };
    if p.z < 0.0 {
        theta = std::f64::consts::TAU - theta;
    }
    theta / std::f64::consts::TAU
}

#[derive(Clone, Debug)]
pub struct Sor {
    pieces: Vec<Piece>,
    /// Squared radii of the base and the cap.
    ends: [f64; 2],
    open: bool,
    bounds: Aabb,
}

impl Sor {
    pub fn new(shape: &crate::scene::Sor) -> Sor {
        let p = &shape.points;
        let pieces: Vec<Piece> = p.windows(4).map(Piece::new).collect();
        let n = p.len();
        let reach = pieces.iter().fold(0.0f64, |r, piece| r.max(piece.radii.1));
        let bounds = if pieces.is_empty() || !reach.is_finite() {
            Aabb::EMPTY
        } else {
            Aabb::new(
                DVec3::new(-reach, p[1].y, -reach),
                DVec3::new(reach, p[n - 2].y, reach),
            )
        };
        Sor {
            ends: [
                p[1].x * p[1].x,
                p.get(n.wrapping_sub(2)).map_or(0.0, |q| q.x * q.x),
            ],
            pieces,
            open: shape.open,
            bounds,
        }
    }

    pub fn bounds(&self) -> Aabb {
        self.bounds
    }

    /// POV-Ray's surface coordinates at `p` on the `part` a crossing reported: u the
    /// angle around y from +x towards +z (0 to 1), v the piece's share of the height
    /// on the curve (0 to 1 over all pieces), the base's radius less 1 on the base and
    /// 2 less the cap's on the cap.
    pub fn uv(&self, part: u32, p: DVec3) -> DVec2 {
        let u = angle_around_y(p);
        let r = (p.x * p.x + p.z * p.z).sqrt();
        let v = match part {
            BASE => r / self.ends[0].sqrt() - 1.0,
            CAP => 2.0 - r / self.ends[1].sqrt(),
            i => match self.pieces.get(i as usize) {
                Some(piece) => {
                    let n = self.pieces.len() as f64;
                    ((p.y - piece.y0) / piece.h + i as f64) / n
                }
                None => 0.0,
            },
        };
        DVec2::new(u, v)
    }

    pub fn inside(&self, p: DVec3) -> bool {
        if p.y < self.bounds.min.y || p.y > self.bounds.max.y {
            return false;
        }
        let r2 = p.x * p.x + p.z * p.z;
        self.pieces
            .iter()
            .find(|piece| p.y >= piece.y0 && p.y <= piece.y0 + piece.h)
            .is_some_and(|piece| r2 <= piece.squared_radius(p.y - piece.y0))
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if self.pieces.is_empty() || len == 0.0 || !len.is_finite() {
            return;
        }
        let d = ray.direction / len;
        let Some(enter) = enter(&self.bounds, ray.origin, d) else {
            return;
        };
        // Restarted where the ray meets the bounds: the cubic's terms stay of the
        // surface's size.
        let p = ray.origin + enter * d;
        let t_least = t_min.max(DEPTH_TOLERANCE);
        // `part` tells the surface coordinates where the crossing lies (see `Sor::uv`).
        let mut push = |k: f64, normal: DVec3, part: u32| {
            let t = (k + enter) / len;
            if t > t_least && k + enter < MAX_DISTANCE {
                out.push(Crossing {
                    triangle: part,
                    ..Crossing::new(t, normal)
                });
            }
        };
        if !self.open && d.y.abs() > EPSILON {
            for (y, r2, normal, part) in [
                (self.bounds.min.y, self.ends[0], DVec3::NEG_Y, BASE),
                (self.bounds.max.y, self.ends[1], DVec3::Y, CAP),
            ] {
                if r2 <= DEPTH_TOLERANCE {
                    continue;
                }
                let k = (y - p.y) / d.y;
                let (u, v) = (p.x + k * d.x, p.z + k * d.z);
                if u * u + v * v <= r2 {
                    push(k, normal, part);
                }
            }
        }
        let a = d.x * d.x + d.z * d.z;
        let m = p.x * d.x + p.z * d.z;
        let q = p.x * p.x + p.z * p.z;
        for (index, piece) in self.pieces.iter().enumerate() {
            let (y0, y1) = (piece.y0, piece.y0 + piece.h);
            if !may_meet(p, d, (y0, y1), piece.radii, -enter, MAX_DISTANCE) {
                continue;
            }
            // radius²(u0 + t d.y) - distance²(t), its Taylor terms about u0.
            let u0 = p.y - y0;
            let k = &piece.k;
            let c = [
                piece.squared_radius(u0) - q,
                piece.slope(u0) * d.y - 2.0 * m,
                (3.0 * k[3] * u0 + k[2]) * d.y * d.y - a,
                k[3] * d.y * d.y * d.y,
            ];
            for &t in roots_between(&c, -enter - 1.0, MAX_DISTANCE).as_slice() {
                let at = p + t * d;
                if at.y >= y0 && at.y <= y1 {
                    let normal = DVec3::new(at.x, -0.5 * piece.slope(at.y - y0), at.z);
                    push(t, normal, index as u32);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene;

    fn sor(points: &[(f64, f64)], open: bool) -> Sor {
        Sor::new(&scene::Sor {
            points: points
                .iter()
                .map(|&(x, y)| DVec2::new(x, y))
                .collect::<Vec<_>>()
                .into(),
            open,
        })
    }

    fn hits(s: &Sor, o: DVec3, d: DVec3) -> Vec<Crossing> {
        let mut out = Vec::new();
        s.crossings(&Ray::new(o, d), 1e-6, &mut out);
        out.sort_by(|a, b| a.t.total_cmp(&b.t));
        out
    }

    const CYLINDER: [(f64, f64); 4] = [(1.0, -1.0), (1.0, 0.0), (1.0, 1.0), (1.0, 2.0)];

    #[test]
    fn equal_radii_make_a_capped_cylinder() {
        let s = sor(&CYLINDER, false);
        let h = hits(&s, DVec3::new(-5.0, 0.5, 0.0), DVec3::X);
        assert_eq!(h.len(), 2, "{h:?}");
        assert!((h[0].t - 4.0).abs() < 1e-9 && (h[1].t - 6.0).abs() < 1e-9);
        assert!(h[0].normal.x < 0.0 && h[1].normal.x > 0.0);
        let h = hits(&s, DVec3::new(0.5, 5.0, 0.0), DVec3::NEG_Y);
        assert_eq!(h.len(), 2);
        assert!((h[0].t - 4.0).abs() < 1e-9 && h[0].normal == DVec3::Y);
        assert!(hits(&sor(&CYLINDER, true), DVec3::new(0.5, 5.0, 0.0), DVec3::NEG_Y).is_empty());
        assert!(s.inside(DVec3::new(0.5, 0.5, 0.5)) && !s.inside(DVec3::new(0.9, 0.5, 0.9)));
        assert!(!s.inside(DVec3::new(0.0, 1.5, 0.0)));
    }

    #[test]
    fn a_cone_widens_with_height() {
        // Radius 2 y: the slopes from the neighbours keep it a straight cone.
        let s = sor(&[(0.0, 0.0), (1.0, 0.5), (2.0, 1.0), (3.0, 1.5)], true);
        let h = hits(&s, DVec3::new(-5.0, 0.75, 0.0), DVec3::X);
        assert_eq!(h.len(), 2, "{h:?}");
        assert!((h[0].t - 3.5).abs() < 1e-9, "{h:?}");
        assert!(h[0].normal.x < 0.0 && h[0].normal.y < 0.0, "{:?}", h[0].normal);
        assert_eq!(s.bounds().max.x, 2.0);
    }
}
