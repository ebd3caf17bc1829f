//! The surface a pattern is being evaluated on, for the patterns whose value depends on
//! more than the point: `slope` (the surface's normal, and for `point_at` where the
//! point is) and `aoi` (the angle between the normal and the ray), as POV-Ray 3.7.0
//! computes them (pattern.cpp's slope_pattern and aoi_pattern, read for their
//! formulas).
//!
//! Patterns are evaluated deep inside pigments, normals and maps that see only a
//! point, so the tracer records the surface it shades for the thread while it shades
//! it, rather than threading a context through every evaluator. Where nothing is
//! being shaded (a sky, a function evaluated while parsing), both patterns are 0, as
//! POV-Ray's are without an intersection.

use std::cell::Cell;

use glam::DVec3;

use crate::scene::pattern::SlopeSettings;

/// POV-Ray's `EPSILON`: a value of exactly 1 is kept just below it rather than wrapped
/// to 0.
const EPSILON: f64 = 1e-10;

/// What the tracer knows of the surface it shades, in world space.
#[derive(Clone, Copy, Debug)]
pub struct Surface {
    /// The surface's normal, turned to face back along the ray.
    pub normal: DVec3,
    /// The ray's direction.
    pub direction: DVec3,
    /// Where the ray meets the surface.
    pub point: DVec3,
}

thread_local! {
    static SHADED: Cell<Option<Surface>> = const { Cell::new(None) };
}

/// Runs `f` with `surface` as the surface being shaded on this thread, then restores
/// the one before (rays traced while shading shade surfaces of their own).
pub fn shading<R>(surface: Surface, f: impl FnOnce() -> R) -> R {
    let before = SHADED.replace(Some(surface));
    let result = f();
    SHADED.set(before);
    result
}

/// Replaces the normal of the surface being shaded with `normal`, a layer's tilted one.
pub fn tilt(normal: DVec3) {
    if let Some(mut surface) = SHADED.get() {
        surface.normal = normal;
        SHADED.set(Some(surface));
    }
}

fn shaded() -> Option<Surface> {
    SHADED.get()
}

/// A value in [0, 1): its fraction, with exactly 1 kept just below 1.
fn wrap_unit(v: f64) -> f64 {
    if v == 1.0 {
        v - EPSILON
    } else if v < 0.0 {
        1.0 + v % 1.0
    } else {
        v % 1.0
    }
}

/// `slope` at pattern-space point `p`.
pub fn slope(s: &SlopeSettings, p: DVec3) -> f64 {
    let Some(surface) = shaded() else {
        return 0.0;
    };
    let cos = if s.point_at {
        surface
            .normal
            .dot((s.direction - surface.point).normalize_or_zero())
    } else {
        surface.normal.dot(s.direction)
    };
    let mut steepness = ((cos.clamp(-1.0, 1.0).asin() / std::f64::consts::PI * 2.0) + 1.0) * 0.5;
    if s.slope_range.1 != 0.0 {
        steepness = (steepness - s.slope_range.0) / s.slope_range.1;
    }
    if s.altitude_weight == 0.0 {
        return wrap_unit(steepness);
    }
    let mut height = p.dot(s.altitude);
    if s.altitude_range.1 != 0.0 {
        height = (height - s.altitude_range.0) / s.altitude_range.1;
    }
    let value = s.slope_weight * steepness + s.altitude_weight * height;
    if value >= 1.0 && value - 1.0 < EPSILON {
        value - EPSILON
    } else {
        wrap_unit(value)
    }
}

/// `aoi`: the angle between the surface's normal and the ray, as a fraction of a half
/// turn (0.5 where the ray grazes the surface, 1 where it meets it head on).
pub fn angle_of_incidence() -> f64 {
    let Some(surface) = shaded() else {
        return 0.0;
    };
    let cos = surface
        .normal
        .normalize_or_zero()
        .dot(surface.direction.normalize_or_zero());
    cos.clamp(-1.0, 1.0).acos() / std::f64::consts::PI
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upward(point_at: bool) -> SlopeSettings {
        SlopeSettings {
            direction: DVec3::Y,
            slope_weight: 1.0,
            slope_range: (0.0, 0.0),
            altitude: DVec3::ZERO,
            altitude_weight: 0.0,
            altitude_range: (0.0, 0.0),
            point_at,
        }
    }

    fn on(normal: DVec3, f: impl FnOnce() -> f64) -> f64 {
        shading(
            Surface {
                normal,
                direction: -normal,
                point: DVec3::ZERO,
            },
            f,
        )
    }

    #[test]
    fn slope_runs_from_facing_down_to_facing_up() {
        let s = upward(false);
        assert_eq!(on(DVec3::NEG_Y, || slope(&s, DVec3::ZERO)), 0.0);
        assert!((on(DVec3::X, || slope(&s, DVec3::ZERO)) - 0.5).abs() < 1e-12);
        assert_eq!(on(DVec3::Y, || slope(&s, DVec3::ZERO)), 1.0 - EPSILON);
        // Without a surface, 0.
        assert_eq!(slope(&s, DVec3::ZERO), 0.0);
    }

    #[test]
    fn altitude_mixes_in_the_height_along_its_vector() {
        let mut s = upward(false);
        s.slope_weight = 0.5;
        s.altitude = DVec3::Y;
        s.altitude_weight = 0.5;
        s.altitude_range = (0.0, 10.0);
        let v = on(DVec3::X, || slope(&s, DVec3::new(0.0, 4.0, 0.0)));
        assert!((v - (0.25 + 0.2)).abs() < 1e-12, "{v}");
    }

    #[test]
    fn point_at_measures_towards_a_point_and_aoi_is_a_half_turn_head_on() {
        let mut s = upward(true);
        s.direction = DVec3::new(0.0, 0.0, -5.0);
        let v = on(DVec3::NEG_Z, || slope(&s, DVec3::ZERO));
        assert_eq!(v, 1.0 - EPSILON);
        assert_eq!(on(DVec3::NEG_Z, angle_of_incidence), 1.0);
        assert_eq!(angle_of_incidence(), 0.0);
    }
}
