//! `camera { ... }`: items are collected (they may come in any order, as in POV-Ray
//! 3.5+), then resolved: `angle` sets the direction length, `look_at` re-orients
//! keeping lengths and handedness, then transformations apply in order.

use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::scene::{Camera, FocalBlur, MeshCamera, Normal, Projection};
use crate::sdl::eval::value::Value;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// A camera as written: its vectors and modifiers, resolved by [`CameraSpec::resolve`].
#[derive(Clone, Debug, PartialEq)]
pub struct CameraSpec {
    pub projection: Projection,
    pub location: DVec3,
    pub direction: DVec3,
    pub right: DVec3,
    pub up: DVec3,
    pub sky: DVec3,
    pub look_at: Option<DVec3>,
    pub angle: Option<f64>,
    /// The spherical camera's vertical angle (`angle H, V`).
    pub v_angle: Option<f64>,
    /// Whether `up` or `right` was given (selects the orthographic camera's mode).
    pub up_or_right_given: bool,
    pub transforms: Vec<DMat4>,
    /// `mesh_camera`'s meshes and settings.
    pub mesh: Option<Arc<MeshCamera>>,
    /// `normal { ... }`: tilts the rays by a pattern over the image.
    pub normal: Option<Box<Normal>>,
    /// `aperture`, `blur_samples MIN, MAX`, `confidence`, `variance`.
    pub aperture: f64,
    pub blur_samples: Option<(Option<f64>, f64)>,
    pub confidence: f64,
    pub variance: f64,
    /// The distance to `focal_point` from the location when it was given.
    pub focal_distance: Option<f64>,
}

impl Default for CameraSpec {
    fn default() -> Self {
        CameraSpec {
            projection: Projection::Perspective,
            location: DVec3::ZERO,
            direction: DVec3::Z,
            right: DVec3::new(1.33, 0.0, 0.0),
            up: DVec3::Y,
            sky: DVec3::Y,
            look_at: None,
            angle: None,
            v_angle: None,
            up_or_right_given: false,
            transforms: Vec::new(),
            mesh: None,
            normal: None,
            aperture: 0.0,
            blur_samples: None,
            confidence: 0.9,
            variance: 1.0 / 128.0,
            focal_distance: None,
        }
    }
}

impl CameraSpec {
    /// The final camera vectors.
    pub fn resolve(&self) -> Result<Camera, String> {
        let location = self.location;
        let mut direction = self.direction;
        let mut right = self.right;
        let mut up = self.up;
        if direction.length_squared() == 0.0 {
            return Err("the camera direction has zero length".into());
        }
        let planar = matches!(
            self.projection,
            Projection::Perspective | Projection::Orthographic
        );
        if !planar && (right.length_squared() == 0.0 || up.length_squared() == 0.0) {
            return Err(format!(
                "the {} camera needs non-zero right and up vectors",
                self.projection.name()
            ));
        }
        if let Some(angle) = self.angle.filter(|_| planar) {
            if self.projection == Projection::Perspective && !(angle > 0.0 && angle < 180.0) {
                return Err(format!(
                    "the perspective camera angle must be between 0 and 180 degrees, found {angle}"
                ));
            }
            if angle > 0.0 && angle < 180.0 {
                let len = 0.5 * right.length() / (angle.to_radians() / 2.0).tan();
                direction = direction.normalize() * len;
            }
        }
        if let Some(target) = self.look_at {
            let d = target - location;
            if d.length_squared() == 0.0 {
                return Err("the camera looks at its own location".into());
            }
            let dir_len = direction.length();
            let up_len = up.length();
            let right_len = right.length();
            let handedness = up.cross(direction).dot(right);
            let new_dir = d.normalize();
            let mut side = self.sky.cross(new_dir);
            if side.length_squared() < 1e-20 {
                // Looking along the sky vector: POV-Ray keeps the right vector as it was.
                side = right;
                if side.cross(new_dir).length_squared() < 1e-20 {
                    return Err("the camera looks straight along its sky vector and its right vector".into());
                }
            }
            let new_right = side.normalize();
            let new_up = new_dir.cross(new_right);
            direction = new_dir * dir_len;
            // Only a positive handedness keeps the right vector's sign: `up z` with the
            // default direction (no handedness at all) mirrors the view, as in POV-Ray.
            right = new_right * if handedness > 0.0 { right_len } else { -right_len };
            up = new_up * up_len;
        }
        if self.projection == Projection::Orthographic && (self.angle.is_some() || !self.up_or_right_given) {
            // Same view area as a perspective camera at the look_at plane.
            let dist = self
                .look_at
                .map(|t| (t - location).length())
                .unwrap_or(direction.length());
            let k = dist / direction.length();
            right *= k;
            up *= k;
        }
        let spherical = match self.angle {
            Some(h) => (h, self.v_angle.unwrap_or(h / 2.0)),
            None => Camera::DEFAULT_SPHERICAL,
        };
        let mut cam = Camera {
            projection: self.projection,
            location,
            direction,
            right,
            up,
            angle: self.angle.unwrap_or(Camera::DEFAULT_ANGLE),
            spherical,
            mesh: self.mesh.clone().filter(|_| self.projection == Projection::Mesh),
            normal: self.normal.clone(),
            blur: self.focal_blur(direction.length()),
        };
        for m in &self.transforms {
            cam.location = m.transform_point3(cam.location);
            cam.direction = m.transform_vector3(cam.direction);
            cam.right = m.transform_vector3(cam.right);
            cam.up = m.transform_vector3(cam.up);
        }
        let finite = [cam.location, cam.direction, cam.right, cam.up]
            .iter()
            .all(|v| v.is_finite());
        if !finite {
            return Err("the camera vectors are not finite".into());
        }
        Ok(cam)
    }
}

impl CameraSpec {
    /// Focal blur, when both an aperture and a number of samples are given. Without a
    /// `focal_point` the sharp plane lies a direction's length away, as in POV-Ray.
    fn focal_blur(&self, direction_length: f64) -> Option<FocalBlur> {
        let (min, samples) = self.blur_samples?;
        if self.aperture == 0.0 {
            return None;
        }
        let samples = samples as u32;
        let default_min = if samples < 7 { 4 } else { 7 };
        let focal_distance = match self.focal_distance {
            Some(d) if d > 0.0 => d,
            Some(_) => 1.0,
            None => direction_length,
        };
        Some(FocalBlur {
            aperture: self.aperture,
            samples,
            min_samples: min.map_or(default_min, |m| m as u32).min(samples),
            focal_distance,
            confidence: self.confidence,
            variance: self.variance,
        })
    }
}

impl Parser<'_> {
    /// `camera { ... }` after keyword `t`.
    pub fn parse_camera_block(&mut self, t: &Token) -> PResult<CameraSpec> {
        self.expect_sym(Sym::LBrace, "after `camera`")?;
        let mut c = CameraSpec::default();
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a camera item or `}` to close `camera`", &item));
            };
            if first && !item.kw {
                let base = self.block_base(&item, &w, "a camera", |v| match v {
                    Value::Camera(x) => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    c = base;
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                "perspective" => c.projection = Projection::Perspective,
                "orthographic" => c.projection = Projection::Orthographic,
                "fisheye" => c.projection = Projection::Fisheye,
                "ultra_wide_angle" => c.projection = Projection::UltraWideAngle,
                "omnimax" => c.projection = Projection::Omnimax,
                "panoramic" => c.projection = Projection::Panoramic,
                "spherical" => c.projection = Projection::Spherical,
                "mesh_camera" => {
                    c.mesh = Some(Arc::new(self.parse_mesh_camera(&item)?));
                    c.projection = Projection::Mesh;
                }
                "cylinder" => {
                    let at = self.peek_at();
                    let n = self.parse_float()?;
                    // POV-Ray truncates the type number.
                    if !(1.0..5.0).contains(&n) {
                        return Err(
                            self.semantic(&at, format!("the cylinder camera is of type 1 to 4, not {n}"))
                        );
                    }
                    c.projection = Projection::Cylinder(n as u8);
                }
                "location" => c.location = self.parse_vector3()?,
                "direction" => c.direction = self.parse_vector3()?,
                "right" => {
                    c.right = self.parse_vector3()?;
                    c.up_or_right_given = true;
                }
                "up" => {
                    c.up = self.parse_vector3()?;
                    c.up_or_right_given = true;
                }
                "sky" => c.sky = self.parse_vector3()?,
                "look_at" => c.look_at = Some(self.parse_vector3()?),
                "angle" => {
                    let at = self.peek_at();
                    let a = if self.starts_float() {
                        Some(self.parse_float()?)
                    } else {
                        None
                    };
                    if let Some(a) = a {
                        self.check_camera_angle(&at, c.projection, "", a)?;
                        c.angle = Some(a);
                        c.v_angle = None;
                        let at = self.peek_at();
                        if self.accept_sym_raw(Sym::Comma)? || self.starts_float() {
                            if c.projection != Projection::Spherical {
                                return Err(
                                    self.semantic(&at, "only the spherical camera takes a second angle")
                                );
                            }
                            let at = self.peek_at();
                            let v = self.parse_float()?;
                            self.check_camera_angle(&at, c.projection, "vertical ", v)?;
                            c.v_angle = Some(v);
                        }
                    } else if c.projection == Projection::Orthographic {
                        // `angle` alone selects the orthographic camera's second mode.
                        c.angle = None;
                        c.up_or_right_given = false;
                    } else {
                        return Err(self.expected("an angle in degrees", &item));
                    }
                }
                "aperture" => c.aperture = self.parse_float()?,
                "focal_point" => {
                    let point = self.parse_vector3()?;
                    c.focal_distance = Some((point - c.location).length());
                }
                "blur_samples" => c.blur_samples = Some(self.parse_blur_samples()?),
                "confidence" | "variance" => {
                    let at = self.peek_at();
                    let v = self.parse_float()?;
                    if v < 0.0 || (w == "confidence" && v >= 1.0) {
                        return Err(self.semantic(
                            &at,
                            format!("the camera's `{w}` must be at least 0 and below 1, not {v}"),
                        ));
                    }
                    if w == "confidence" {
                        c.confidence = v;
                    } else if v >= 1.0 {
                        // POV-Ray warns and keeps its default.
                        self.warn(&at, format!("a `variance` of {v} is too large; using 1/128"));
                    } else {
                        c.variance = v;
                    }
                }
                "normal" => c.normal = self.parse_normal_block(&item, c.normal.take())?,
                "bokeh" => {
                    self.skip_braced_block(&item)?;
                    self.warn(
                        &item,
                        format!("camera `{w}` is not supported by spotray and is ignored"),
                    );
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    c.transforms.push(m);
                }
                _ => return Err(self.expected("a camera item or `}` to close `camera`", &item)),
            }
        }
        if let Err(e) = c.resolve() {
            return Err(self.semantic(t, e));
        }
        Ok(c)
    }
}

/// More focal blur rays than any camera needs for one sample.
const MOST_BLUR_SAMPLES: f64 = 4096.0;

impl Parser<'_> {
    /// `blur_samples [MIN,] MAX`, whole numbers from 1 (MIN at most MAX).
    fn parse_blur_samples(&mut self) -> PResult<(Option<f64>, f64)> {
        let at = self.peek_at();
        let first = self.parse_float()?.trunc();
        let second = if self.accept_sym_raw(Sym::Comma)? || self.starts_float() {
            Some(self.parse_float()?.trunc())
        } else {
            None
        };
        let (min, max) = match second {
            Some(max) => (Some(first), max),
            None => (None, first),
        };
        let fits = |n: f64| (1.0..=MOST_BLUR_SAMPLES).contains(&n);
        if !fits(max) || !min.is_none_or(|m| fits(m) && m <= max) {
            let given = match second {
                Some(max) => format!("{first}, {max}"),
                None => format!("{first}"),
            };
            return Err(self.semantic(
                &at,
                format!("`blur_samples` takes 1 to {MOST_BLUR_SAMPLES} rays (a minimum at most the maximum), not {given}"),
            ));
        }
        Ok((min, max))
    }

    /// POV-Ray refuses negative angles; spotray also refuses what no projection can
    /// use: NaN, infinities, and more than a full turn around a spherical camera.
    fn check_camera_angle(&self, at: &Token, projection: Projection, which: &str, a: f64) -> PResult<()> {
        let most = if projection == Projection::Spherical {
            360.0
        } else {
            f64::MAX
        };
        if a.is_finite() && (0.0..=most).contains(&a) {
            return Ok(());
        }
        let range = if projection == Projection::Spherical {
            "from 0 to 360 degrees"
        } else {
            "a finite number of degrees, not negative"
        };
        Err(self.semantic(
            at,
            format!("the camera's {which}angle must be {range}, found {a}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_camera() {
        let c = CameraSpec::default().resolve().unwrap();
        assert_eq!(c.location, DVec3::ZERO);
        assert_eq!(c.direction, DVec3::Z);
        assert_eq!(c.up, DVec3::Y);
        assert_eq!(c.right, DVec3::new(1.33, 0.0, 0.0));
    }

    #[test]
    fn look_at_keeps_lengths_and_handedness() {
        let spec = CameraSpec {
            location: DVec3::new(0.0, 0.0, -2.0),
            right: DVec3::new(16.0 / 9.0, 0.0, 0.0),
            look_at: Some(DVec3::ZERO),
            ..CameraSpec::default()
        };
        let c = spec.resolve().unwrap();
        assert!((c.direction - DVec3::Z).length() < 1e-12);
        assert!((c.right - DVec3::new(16.0 / 9.0, 0.0, 0.0)).length() < 1e-12);
        assert!((c.up - DVec3::Y).length() < 1e-12);

        let side = CameraSpec {
            location: DVec3::new(5.0, 0.0, 0.0),
            look_at: Some(DVec3::ZERO),
            ..CameraSpec::default()
        }
        .resolve()
        .unwrap();
        assert!((side.direction - DVec3::new(-1.0, 0.0, 0.0)).length() < 1e-12);
        // Looking down -x with y up, screen-right is +z in a left-handed system.
        assert!((side.right.normalize() - DVec3::Z).length() < 1e-12);

        let right_handed = CameraSpec {
            right: DVec3::new(-1.33, 0.0, 0.0),
            location: DVec3::new(0.0, 0.0, 10.0),
            look_at: Some(DVec3::ZERO),
            ..CameraSpec::default()
        }
        .resolve()
        .unwrap();
        assert!((right_handed.right - DVec3::new(1.33, 0.0, 0.0)).length() < 1e-9);

        // prism3.inc's camera: `up z` along the default direction.
        let up_z = CameraSpec {
            up: DVec3::Z,
            location: DVec3::new(-10.0, 10.0, -10.0),
            look_at: Some(DVec3::ZERO),
            ..CameraSpec::default()
        }
        .resolve()
        .unwrap();
        let sky_right = DVec3::Y.cross(up_z.direction).normalize();
        assert!(
            (up_z.right.normalize() + sky_right).length() < 1e-9,
            "{:?}",
            up_z.right
        );
    }

    #[test]
    fn angle_sets_direction_length() {
        let c = CameraSpec {
            right: DVec3::X,
            angle: Some(90.0),
            ..CameraSpec::default()
        }
        .resolve()
        .unwrap();
        assert!((c.direction.length() - 0.5).abs() < 1e-12);
    }
}
