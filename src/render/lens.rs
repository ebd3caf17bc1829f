//! POV-Ray 3.7's non-planar projections: a screen position to a ray, as angles
//! around the camera's vectors.

use glam::{DQuat, DVec3};

use crate::scene::{Camera, Projection};

/// POV-Ray caps the panoramic camera's `tan` near the poles at its "huge" bound.
const PANORAMIC_POLE: f64 = 2.0e10;
/// The omnimax film's aspect ratio, beyond which the picture is letterboxed.
const OMNIMAX_ASPECT: f64 = 1.283458;

#[derive(Clone, Debug)]
pub struct Lens {
    projection: Projection,
    location: DVec3,
    /// Unit length for the projections POV-Ray normalises, as given otherwise.
    direction: DVec3,
    right: DVec3,
    up: DVec3,
    /// Lengths of `right` and `up` as given: they scale some projections' screens.
    right_len: f64,
    up_len: f64,
    /// `angle` in radians.
    angle: f64,
    /// The spherical projection's fields of view in radians.
    h_angle: f64,
    v_angle: f64,
}

impl Lens {
    pub fn new(camera: &Camera) -> Lens {
        let normalised = matches!(
            camera.projection,
            Projection::Fisheye | Projection::UltraWideAngle | Projection::Omnimax | Projection::Cylinder(_)
        );
        let unit = |v: DVec3| if normalised { v.normalize_or_zero() } else { v };
        Lens {
            projection: camera.projection,
            location: camera.location,
            direction: unit(camera.direction),
            right: unit(camera.right),
            up: unit(camera.up),
            right_len: camera.right.length(),
            up_len: camera.up.length(),
            angle: camera.angle.to_radians(),
            h_angle: camera.spherical.0.to_radians(),
            v_angle: camera.spherical.1.to_radians(),
        }
    }

    /// Origin and unnormalised direction of the ray through image position `x` in
    /// [0, 1] from the left and `(u, v)` in [-0.5, 0.5] from the centre (v up), or
    /// `None` where the projection shows nothing (POV-Ray leaves such samples black).
    pub fn ray(&self, x: f64, u: f64, v: f64) -> Option<(DVec3, DVec3)> {
        let (d, r, up) = (self.direction, self.right, self.up);
        let from_eye = |dir: DVec3| Some((self.location, dir));
        match self.projection {
            Projection::Fisheye => {
                let (a, b) = (2.0 * u * self.right_len, 2.0 * v * self.up_len);
                let rad = a.hypot(b);
                if rad > 1.0 {
                    return None;
                }
                let (sin_t, cos_t) = (rad * self.angle / 2.0).sin_cos();
                from_eye(self.polar(a, b, rad, sin_t, cos_t))
            }
            Projection::Omnimax => {
                let (a, b) = omnimax_screen(2.0 * u, 2.0 * v, self.right_len / self.up_len);
                let rad = a.hypot(b);
                if rad > 1.0 {
                    return None;
                }
                let theta = rad * (1.411269 - rad * rad * (0.09439 - 0.25674 * rad * rad));
                let (sin_t, cos_t) = theta.sin_cos();
                let sin_phi = if rad == 0.0 { 0.0 } else { b / rad };
                // The dome's film stops 45 degrees below the axis.
                if sin_phi * sin_t < 135f64.to_radians().tan() * cos_t {
                    return None;
                }
                from_eye(self.polar(a, b, rad, sin_t, cos_t))
            }
            Projection::Panoramic => {
                let (sin_a, cos_a) = ((1.0 - x) * std::f64::consts::PI).sin_cos();
                let elevation = v * std::f64::consts::PI;
                let rise = if (std::f64::consts::FRAC_PI_2 - elevation.abs()).abs() < 1e-10 {
                    PANORAMIC_POLE.copysign(elevation)
                } else {
                    elevation.tan()
                };
                from_eye(r * cos_a + up * rise + d * sin_a)
            }
            Projection::UltraWideAngle => {
                let a = u * self.angle;
                let b = v * self.angle * (self.up_len / self.right_len);
                from_eye(r * a.sin() + up * b.sin() + d * (a.cos() * b.cos()))
            }
            Projection::Cylinder(n) => {
                let vertical_axis = n % 2 == 1;
                // Turning around the axis sweeps `side`; along it the screen is flat.
                let (turn, along, side, axis) = if vertical_axis {
                    (u * self.angle, v * self.up_len, r, up)
                } else {
                    (v * self.angle, u * self.right_len, up, r)
                };
                let dir = side * turn.sin() + d * turn.cos();
                if n <= 2 {
                    from_eye(dir + axis * along)
                } else {
                    Some((self.location + axis * along, dir))
                }
            }
            Projection::Spherical => {
                let tilted = DQuat::from_axis_angle(r.normalize(), -v * self.v_angle) * d;
                from_eye(DQuat::from_axis_angle(up.normalize(), u * self.h_angle) * tilted)
            }
            Projection::Perspective | Projection::Orthographic | Projection::Mesh => {
                unreachable!("planar projections and the mesh camera are handled by CameraRays")
            }
        }
    }

    /// The screen point `(a, b)` at distance `rad` from the centre, seen at the angle
    /// from `direction` whose sine and cosine are given, in the direction of the point.
    fn polar(&self, a: f64, b: f64, rad: f64, sin_t: f64, cos_t: f64) -> DVec3 {
        let (cos_phi, sin_phi) = if rad == 0.0 {
            (1.0, 0.0)
        } else {
            (a / rad, b / rad)
        };
        self.right * (cos_phi * sin_t) + self.up * (sin_phi * sin_t) + self.direction * cos_t
    }
}

/// Fits the omnimax film's circle into a frame of the given aspect ratio: wider
/// frames keep the circle's top edge on the frame's, narrower ones shrink it.
fn omnimax_screen(a: f64, b: f64, aspect: f64) -> (f64, f64) {
    if aspect > OMNIMAX_ASPECT {
        (a * aspect / OMNIMAX_ASPECT, (b - 1.0) / OMNIMAX_ASPECT + 1.0)
    } else if aspect > 1.0 {
        (a, (b - 1.0) / aspect + 1.0)
    } else {
        (a, b / aspect)
    }
}
