//! The mapping warps `planar`, `cylindrical`, `spherical`, `toroidal` and `cubic`:
//! space wrapped onto a plane as the image maps of the same names wrap an image, as
//! POV-Ray 3.7.0 warps it.

use std::f64::consts::{PI, TAU};

use glam::DVec3;

use crate::scene::pattern::{Mapping, MappingShape};

/// `p` mapped by `m`. A point on the axis of a cylindrical or toroidal mapping, or at
/// the centre of a spherical one, stays where it is.
pub fn warp(m: &Mapping, p: DVec3) -> DVec3 {
    let mapped = match m.shape {
        MappingShape::Planar { offset } => Some(DVec3::new(p.x, p.y, offset)),
        MappingShape::Cylindrical => cylindrical(p, m.dist_exp),
        MappingShape::Spherical => spherical(p, m.dist_exp),
        MappingShape::Toroidal { major_radius } => toroidal(p, major_radius, m.dist_exp),
        MappingShape::Cubic => return cubic(p),
    };
    match mapped {
        Some(q) => orient(q, m.orientation),
        None => p,
    }
}

/// (u, v, distance) turned so that the distance runs along `o`: POV-Ray's mixing of
/// the three by the orientation's components (z leaves them as they are).
fn orient(q: DVec3, o: DVec3) -> DVec3 {
    if o.x == 0.0 && o.y == 0.0 && o.z == 1.0 {
        return q;
    }
    let (x, y, z) = (q.x, q.y, q.z);
    DVec3::new(
        (o.x * z) + (o.y * x) + (o.z * x),
        (o.x * y) + (o.y * -z) + (o.z * y),
        (o.x * -x) + (o.y * y) + (o.z * z),
    )
}

/// The angle of (x, z) from the x axis, 0 to 2 pi, from its cosine as POV-Ray takes
/// it; `len` is the length of (x, z), not 0.
fn angle_xz(x: f64, z: f64, len: f64) -> f64 {
    if z == 0.0 {
        if x > 0.0 {
            0.0
        } else {
            PI
        }
    } else {
        let theta = (x / len).acos();
        if z < 0.0 {
            TAU - theta
        } else {
            theta
        }
    }
}

/// `v` scaled by `distance` to the power `dist_exp` (1 and 0 exactly as POV-Ray
/// treats them).
fn scaled(v: f64, distance: f64, dist_exp: f64) -> f64 {
    if dist_exp == 1.0 {
        v * distance
    } else if dist_exp != 0.0 {
        v * distance.powf(dist_exp)
    } else {
        v
    }
}

/// (angle around y as 0..1, y, distance from the y axis).
fn cylindrical(p: DVec3, dist_exp: f64) -> Option<DVec3> {
    let len = (p.x * p.x + p.z * p.z).sqrt();
    if len == 0.0 {
        return None;
    }
    let u = angle_xz(p.x, p.z, len) / TAU;
    Some(DVec3::new(scaled(u, len, dist_exp), p.y, len))
}

/// (longitude as 0..1, latitude as 0..1, distance from the origin).
fn spherical(p: DVec3, dist_exp: f64) -> Option<DVec3> {
    let dist = (p.x * p.x + p.y * p.y + p.z * p.z).sqrt();
    if dist == 0.0 {
        return None;
    }
    let (x, y, z) = (p.x / dist, p.y / dist, p.z / dist);
    let v = 0.5 + y.asin() / PI;
    let len = (x * x + z * z).sqrt();
    let u = if len == 0.0 {
        0.0
    } else {
        angle_xz(x, z, len) / TAU
    };
    Some(DVec3::new(
        scaled(u, dist, dist_exp),
        scaled(v, dist, dist_exp),
        dist,
    ))
}

/// (angle around y as 0..1, angle around the ring as 0..1, distance from the ring of
/// radius `r0` in the x-z plane).
fn toroidal(p: DVec3, r0: f64, dist_exp: f64) -> Option<DVec3> {
    let len = (p.x * p.x + p.z * p.z).sqrt();
    if len == 0.0 {
        return None;
    }
    let theta = 0.0 - angle_xz(p.x, p.z, len);
    let x = len - r0;
    let ring = (x * x + p.y * p.y).sqrt();
    let mut phi = (-x / ring).acos();
    if p.y > 0.0 {
        phi = TAU - phi;
    }
    let u = theta / (-TAU);
    let v = phi / TAU;
    Some(DVec3::new(
        scaled(u, ring, dist_exp),
        scaled(v, ring, dist_exp),
        ring,
    ))
}

/// The six faces of the cube around the origin unfolded onto the x-y plane as a box's
/// uv mapping lays them out (x in quarters, y in thirds); z is the distance along the
/// face's axis.
fn cubic(p: DVec3) -> DVec3 {
    let (x, y, z) = (p.x, p.y, p.z);
    let (ax, ay, az) = (x.abs(), y.abs(), z.abs());
    const THIRD: f64 = 1.0 / 3.0;
    // Face coordinate s/t in -1..1 mapped to 0..1.
    let unit = |s: f64, t: f64| (s / t + 1.0) / 2.0;
    if x >= 0.0 && x >= ay && x >= az {
        DVec3::new(0.75 - 0.25 * unit(z, x), THIRD + THIRD * unit(y, x), x)
    } else if y >= 0.0 && y >= ax && y >= az {
        DVec3::new(0.25 + 0.25 * unit(x, y), 1.0 - THIRD * unit(z, y), y)
    } else if z >= 0.0 && z >= ax && z >= ay {
        DVec3::new(0.25 + 0.25 * unit(x, z), THIRD + THIRD * unit(y, z), z)
    } else if x < 0.0 && x <= -ay && x <= -az {
        let x = -x;
        DVec3::new(0.25 * unit(z, x), THIRD + THIRD * unit(y, x), x)
    } else if y < 0.0 && y <= -ax && y <= -az {
        let y = -y;
        DVec3::new(0.25 + 0.25 * unit(x, y), THIRD * unit(z, y), y)
    } else {
        let z = -z;
        DVec3::new(1.0 - 0.25 * unit(x, z), THIRD + THIRD * unit(y, z), z)
    }
}
