//! The cheap test `lathe` and `sor` put each segment through before solving for it:
//! whether a ray comes within the hollow cylinder the segment stays in.

use glam::DVec3;

/// Whether the ray `p + t d`, for `t` in `lo..hi`, passes where the height is in
/// `heights` and the distance from the y axis in `radii`.
pub fn may_meet(p: DVec3, d: DVec3, heights: (f64, f64), radii: (f64, f64), lo: f64, hi: f64) -> bool {
    let (mut lo, mut hi) = (lo, hi);
    if d.y == 0.0 {
        if p.y < heights.0 || p.y > heights.1 {
            return false;
        }
    } else {
        let (a, b) = ((heights.0 - p.y) / d.y, (heights.1 - p.y) / d.y);
        lo = lo.max(a.min(b));
        hi = hi.min(a.max(b));
        if lo > hi {
            return false;
        }
    }
    // The squared distance from the axis is a convex quadratic in t.
    let a = d.x * d.x + d.z * d.z;
    let m = p.x * d.x + p.z * d.z;
    let q = p.x * p.x + p.z * p.z;
    let at = |t: f64| (a * t + 2.0 * m) * t + q;
    let nearest = if a > 0.0 { (-m / a).clamp(lo, hi) } else { lo };
    let slack = 1e-9 * (1.0 + radii.1 * radii.1);
    at(nearest) <= radii.1 * radii.1 + slack && at(lo).max(at(hi)) >= radii.0 * radii.0 - slack
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rays_through_the_hole_or_beside_the_shell_miss_it() {
        let shell = ((0.0, 1.0), (0.5, 1.0));
        let down = DVec3::NEG_Y;
        assert!(may_meet(
            DVec3::new(0.7, 5.0, 0.0),
            down,
            shell.0,
            shell.1,
            0.0,
            100.0
        ));
        assert!(!may_meet(
            DVec3::new(0.2, 5.0, 0.0),
            down,
            shell.0,
            shell.1,
            0.0,
            100.0
        ));
        assert!(!may_meet(
            DVec3::new(1.2, 5.0, 0.0),
            down,
            shell.0,
            shell.1,
            0.0,
            100.0
        ));
        assert!(may_meet(
            DVec3::new(-5.0, 0.5, 0.0),
            DVec3::X,
            shell.0,
            shell.1,
            0.0,
            100.0
        ));
        assert!(!may_meet(
            DVec3::new(-5.0, 1.5, 0.0),
            DVec3::X,
            shell.0,
            shell.1,
            0.0,
            100.0
        ));
    }
}
