//! Bezier control nets of bicubic patches: surface normals, halving, bounding spheres
//! and the flatness test, the geometry POV-Ray 3.7 subdivides a patch by.

use glam::DVec3;

/// Sixteen control points: `net[i][j]` weighs in with the i-th cubic Bernstein
/// polynomial of u and the j-th of v.
pub type Net = [[DVec3; 4]; 4];

/// POV-Ray 3.7's BEZIER_EPSILON (bezier.cpp): the relative size below which a cross
/// product counts as zero.
pub const BEZIER_EPSILON: f64 = 1.0e-10;

/// POV-Ray 3.7's EPSILON (configbackend.h): corners closer than this are the same point.
const SAME_POINT: f64 = 1.0e-10;

/// The four cubic Bernstein polynomials at `t` and their derivatives.
fn bernstein(t: f64) -> ([f64; 4], [f64; 4]) {
    let s = 1.0 - t;
    let value = [s * s * s, 3.0 * t * s * s, 3.0 * t * t * s, t * t * t];
    let slope = [
        -3.0 * s * s,
        3.0 * s * s - 6.0 * t * s,
        6.0 * t * s - 3.0 * t * t,
        3.0 * t * t,
    ];
    (value, slope)
}

/// The unit normal of the surface at (u, v): the cross product of its u and v
/// tangents, or +x where they are (nearly) parallel, as POV-Ray falls back.
pub fn surface_normal(net: &Net, u: f64, v: f64) -> DVec3 {
    let (bu, du) = bernstein(u);
    let (bv, dv) = bernstein(v);
    let mut tangent_u = DVec3::ZERO;
    let mut tangent_v = DVec3::ZERO;
    for (i, row) in net.iter().enumerate() {
        for (j, p) in row.iter().enumerate() {
            tangent_u += *p * (du[i] * bv[j]);
            tangent_v += *p * (bu[i] * dv[j]);
        }
    }
    let n = tangent_u.cross(tangent_v);
    let len2 = n.length_squared();
    if len2 > BEZIER_EPSILON * tangent_u.length_squared() * tangent_v.length_squared() {
        n / len2.sqrt()
    } else {
        DVec3::X
    }
}

/// One cubic halved at t = 1/2 by de Casteljau's construction.
fn halve(p: [DVec3; 4]) -> ([DVec3; 4], [DVec3; 4]) {
    let mid = |a: DVec3, b: DVec3| (a + b) * 0.5;
    let l1 = mid(p[0], p[1]);
    let centre = mid(p[1], p[2]);
    let r2 = mid(p[2], p[3]);
    let l2 = mid(l1, centre);
    let r1 = mid(centre, r2);
    let joint = mid(l2, r1);
    ([p[0], l1, l2, joint], [joint, r1, r2, p[3]])
}

/// The halves u in [0, 1/2] and [1/2, 1] (the first index).
pub fn split_u(net: &Net) -> (Net, Net) {
    let mut low = [[DVec3::ZERO; 4]; 4];
    let mut high = low;
    for j in 0..4 {
        let (a, b) = halve([net[0][j], net[1][j], net[2][j], net[3][j]]);
        for i in 0..4 {
            low[i][j] = a[i];
            high[i][j] = b[i];
        }
    }
    (low, high)
}

/// The halves v in [0, 1/2] and [1/2, 1] (the second index).
pub fn split_v(net: &Net) -> (Net, Net) {
    let mut low = [[DVec3::ZERO; 4]; 4];
    let mut high = low;
    for i in 0..4 {
        let (a, b) = halve(net[i]);
        low[i] = a;
        high[i] = b;
    }
    (low, high)
}

/// The centroid of the control points and the squared distance to the farthest.
pub fn bounding_sphere(net: &Net) -> (DVec3, f64) {
    let mut sum = DVec3::ZERO;
    for p in net.iter().flatten() {
        sum += *p;
    }
    let centre = sum / 16.0;
    let radius2 = net
        .iter()
        .flatten()
        .map(|p| (*p - centre).length_squared())
        .fold(0.0, f64::max);
    (centre, radius2)
}

/// POV-Ray's test of a ray (unit `direction`) against a bounding sphere: a ray that
/// starts inside passes, as does one whose line comes within the radius.
pub fn ray_meets_sphere(origin: DVec3, direction: DVec3, centre: DVec3, radius2: f64) -> bool {
    let to_centre = centre - origin;
    let dist1 = to_centre.length_squared();
    if dist1 < radius2 {
        return true;
    }
    let along = to_centre.dot(direction);
    let dist2 = along * along;
    dist2 > 0.0 && dist1 - dist2 <= radius2 + BEZIER_EPSILON
}

/// How far the control points stray from the plane of three corners; `None` where
/// the corners POV-Ray picks are degenerate (such a net is never flat enough).
pub fn flatness(net: &Net) -> Option<f64> {
    let far = |a: DVec3, b: DVec3| (a - b).length() >= SAME_POINT;
    let origin = net[0][0];
    // POV-Ray's choice: the corners at (0,0), (0,1) and (1,0), or where the first two
    // coincide (a patch pinched at u = 0), (0,0), (1,1) and (1,0).
    let (a, b) = if far(origin, net[0][3]) {
        (net[0][3], net[3][0])
    } else {
        if !far(origin, net[3][3]) {
            return None;
        }
        (net[3][3], net[3][0])
    };
    if !far(a, b) {
        return None;
    }
    let e1 = origin - a;
    let e2 = b - a;
    let n = e1.cross(e2);
    let len2 = n.length_squared();
    if len2 <= BEZIER_EPSILON * e1.length_squared() * e2.length_squared() {
        return None;
    }
    let n = n / len2.sqrt();
    let d = -n.dot(origin);
    let scale = n.length();
    if scale.abs() < SAME_POINT {
        return Some(0.0);
    }
    Some(
        net.iter()
            .flatten()
            .map(|p| ((p.dot(n) + d) / scale).abs())
            .fold(0.0, f64::max),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// z = x y over the unit square: a saddle with exact Bezier control points.
    fn saddle() -> Net {
        let mut net = [[DVec3::ZERO; 4]; 4];
        for (i, row) in net.iter_mut().enumerate() {
            for (j, p) in row.iter_mut().enumerate() {
                let (x, y) = (i as f64 / 3.0, j as f64 / 3.0);
                *p = DVec3::new(x, y, x * y);
            }
        }
        net
    }

    #[test]
    fn the_normal_of_a_saddle_is_its_gradient_normal() {
        let n = surface_normal(&saddle(), 0.25, 0.75);
        let expected = DVec3::new(-0.75, -0.25, 1.0).normalize();
        assert!((n - expected).length() < 1e-12, "{n}");
    }

    #[test]
    fn halves_meet_and_keep_the_corners() {
        let net = saddle();
        let (low, high) = split_u(&net);
        assert_eq!(low[0][0], net[0][0]);
        assert_eq!(high[3][3], net[3][3]);
        assert!((low[3][0] - DVec3::new(0.5, 0.0, 0.0)).length() < 1e-15);
        assert_eq!(low[3][2], high[0][2]);
        let (low, high) = split_v(&net);
        assert!((low[3][3] - DVec3::new(1.0, 0.5, 0.5)).length() < 1e-15);
        assert_eq!(low[1][3], high[1][0]);
    }

    #[test]
    fn a_plane_is_flat_and_a_saddle_is_not() {
        let mut plane = saddle();
        for p in plane.iter_mut().flatten() {
            p.z = 0.0;
        }
        assert_eq!(flatness(&plane), Some(0.0));
        let bent = flatness(&saddle()).unwrap();
        assert!((bent - 1.0).abs() < 1e-12, "{bent}");
        let mut pinched = plane;
        pinched[3][0] = pinched[0][3];
        assert_eq!(flatness(&pinched), None);
    }

    #[test]
    fn the_sphere_test_passes_near_rays_only() {
        let (c, r2) = bounding_sphere(&saddle());
        assert!(ray_meets_sphere(DVec3::new(0.5, 0.5, 5.0), -DVec3::Z, c, r2));
        assert!(!ray_meets_sphere(DVec3::new(3.0, 0.5, 5.0), -DVec3::Z, c, r2));
        assert!(ray_meets_sphere(c, DVec3::X, c, r2));
    }
}
