//! `sphere_sweep { SPLINE N, CENTER, RADIUS, ... [tolerance T] }`, checked as POV-Ray
//! 3.7 checks it, plus the finiteness and size bounds hostile input needs.

use glam::DVec3;

use crate::scene::{Shape, SphereSweep, SweepSpline};
use crate::sdl::parser::{PResult, Parser};

/// POV-Ray's default `tolerance` (its DEPTH_TOLERANCE for sphere sweeps).
const DEFAULT_TOLERANCE: f64 = 1e-6;

impl Parser<'_> {
    /// The spline kind, spheres and tolerance after `sphere_sweep {`.
    pub(crate) fn parse_sphere_sweep(&mut self) -> PResult<Shape> {
        let k = self.next()?;
        let (spline, least, kind) = match k.word() {
            Some("linear_spline") => (SweepSpline::Linear, 2.0, "linear_spline"),
            Some("b_spline") => (SweepSpline::BSpline, 4.0, "b_spline"),
            Some("cubic_spline") => (SweepSpline::CatmullRom, 4.0, "cubic_spline"),
            _ => {
                return Err(self.semantic(
                    &k,
                    "sphere_sweep needs its kind first: linear_spline, b_spline or cubic_spline",
                ))
            }
        };
        self.comma("sphere_sweep")?;
        let at = self.peek_at();
        let n = self.parse_float()?;
        if !n.is_finite() {
            return Err(self.semantic(&at, format!("sphere_sweep needs a number of spheres, found {n}")));
        }
        // POV-Ray truncates a fractional count.
        let n = n.trunc();
        if n < least {
            return Err(self.semantic(
                &at,
                format!("too few spheres for a {kind} sphere_sweep: {n}, at least {least} needed"),
            ));
        }
        let limit = self.opts.limits.max_objects;
        if n > limit as f64 {
            return Err(self.limit(
                &at,
                format!("sphere_sweep has {n} spheres, more than the limit of {limit}"),
            ));
        }
        let n = n as usize;
        // Each sphere counts as an object, as each mesh triangle does.
        self.count_objects(&at, n)?;
        let mut spheres = Vec::with_capacity(n);
        let mut warned = false;
        for i in 0..n {
            self.comma("sphere_sweep")?;
            let at = self.peek_at();
            let centre: DVec3 = self.parse_vector3()?;
            self.comma("sphere_sweep")?;
            let radius = self.parse_float()?;
            if !centre.is_finite() || !radius.is_finite() {
                return Err(self.semantic(
                    &at,
                    format!(
                        "sphere_sweep sphere {} must be finite, found {centre}, {radius}",
                        i + 1
                    ),
                ));
            }
            if radius < 0.0 && !warned {
                warned = true;
                self.warn(
                    &at,
                    format!(
                        "sphere_sweep sphere {} has a negative radius {radius}: kept as POV-Ray keeps it, which may show its surface inside out there",
                        i + 1
                    ),
                );
            }
            spheres.push((centre, radius));
        }
        let mut tolerance = DEFAULT_TOLERANCE;
        let k = self.next()?;
        if k.is_word("tolerance") {
            tolerance = self.parse_float()?;
            if !tolerance.is_finite() {
                return Err(self.semantic(
                    &k,
                    format!("sphere_sweep's tolerance must be finite, found {tolerance}"),
                ));
            }
        } else {
            self.unget(k);
        }
        Ok(Shape::SphereSweep(Box::new(SphereSweep {
            spline,
            spheres: spheres.into(),
            tolerance,
        })))
    }
}
