//! The parameters of `isosurface { function { ... } ... }`, with POV-Ray 3.7's defaults
//! and its corrections of values the search cannot use.

use std::sync::Arc;

use glam::DVec3;

use crate::scene::{Container, CsgOp, Isosurface, Shape};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// POV-Ray 3.7's ISOSURFACE_MAXTRACE: the most surfaces one ray may report.
const MAX_TRACE: u32 = 10;
const DEFAULT_ACCURACY: f64 = 0.001;
const DEFAULT_MAX_GRADIENT: f64 = 1.1;

impl Parser<'_> {
    pub(crate) fn parse_isosurface(&mut self, t: &Token) -> PResult<Shape> {
        let f = self.next()?;
        if !f.is_word("function") {
            return Err(self.expected("`function` to start the isosurface", &f));
        }
        let Some(function) = self.parse_function(&f)? else {
            // An unsupported feature inside, already reported: nothing to show.
            return Ok(Shape::Csg {
                op: CsgOp::Union,
                children: Vec::new(),
                cutaway_textures: false,
            });
        };
        if function.params.len() != 3 {
            return Err(self.semantic(
                &f,
                format!(
                    "an isosurface's function takes x, y and z, not {} parameter(s)",
                    function.params.len()
                ),
            ));
        }
        let mut iso = Isosurface {
            function: Arc::new(function),
            container: Container::Box(DVec3::splat(-1.0), DVec3::ONE),
            threshold: 0.0,
            accuracy: DEFAULT_ACCURACY,
            max_gradient: DEFAULT_MAX_GRADIENT,
            evaluate: None,
            open: false,
            max_trace: 1,
        };
        let mut max_trace = 1.0;
        loop {
            let k = self.next()?;
            match k.word() {
                Some("contained_by") => iso.container = self.parse_container(&k, iso.container)?,
                Some("threshold") => iso.threshold = self.parse_float()?,
                Some("accuracy") => iso.accuracy = self.parse_float()?,
                Some("max_gradient") => iso.max_gradient = self.parse_float()?,
                Some("max_trace") => max_trace = self.parse_float()?,
                Some("all_intersections") => max_trace = f64::from(MAX_TRACE),
                Some("open") => iso.open = true,
                Some("evaluate") => {
                    let mut p = [0.0; 3];
                    for (i, v) in p.iter_mut().enumerate() {
                        if i > 0 {
                            self.comma("evaluate")?;
                        }
                        *v = self.parse_float()?;
                    }
                    iso.evaluate = Some(p);
                }
                _ => {
                    self.unget(k);
                    break;
                }
            }
        }
        self.check_isosurface(t, &mut iso, max_trace)?;
        Ok(Shape::Isosurface(Box::new(iso)))
    }

    /// POV-Ray's corrections, plus errors for values no search can use.
    fn check_isosurface(&mut self, t: &Token, iso: &mut Isosurface, max_trace: f64) -> PResult<()> {
        if !iso.threshold.is_finite() {
            return Err(self.semantic(
                t,
                format!("the isosurface's threshold must be finite, not {}", iso.threshold),
            ));
        }
        if iso.accuracy.is_nan() || iso.accuracy <= 0.0 {
            self.warn(
                t,
                "isosurface `accuracy` is not positive; using 0.001 (the default)",
            );
            iso.accuracy = DEFAULT_ACCURACY;
        }
        if iso.max_gradient.is_nan() || iso.max_gradient <= 0.0 {
            self.warn(
                t,
                "isosurface `max_gradient` is not positive; using 1.1 (the default)",
            );
            iso.max_gradient = DEFAULT_MAX_GRADIENT;
        }
        // POV-Ray keeps the whole part of max_trace.
        let n = max_trace.trunc();
        iso.max_trace = if n > f64::from(MAX_TRACE) {
            self.warn(
                t,
                format!("isosurface `max_trace` exceeds the maximum of {MAX_TRACE}; using it"),
            );
            MAX_TRACE
        } else if n.is_nan() || n < 1.0 {
            self.warn(t, "isosurface `max_trace` is not positive; using 1 (the default)");
            1
        } else {
            n as u32
        };
        let finite = match &iso.container {
            Container::Box(a, b) => a.is_finite() && b.is_finite(),
            Container::Sphere { center, radius } => center.is_finite() && radius.is_finite(),
        };
        if !finite {
            return Err(self.semantic(t, "the isosurface's `contained_by` shape must have finite size"));
        }
        Ok(())
    }

    /// `contained_by { box { a, b } | sphere { c, r } }`; an empty block keeps `current`.
    pub(crate) fn parse_container(&mut self, t: &Token, current: Container) -> PResult<Container> {
        self.expect_sym(Sym::LBrace, "after `contained_by`")?;
        let k = self.next()?;
        let container = match k.word() {
            Some("box") => {
                self.expect_sym(Sym::LBrace, "after `box`")?;
                let a = self.parse_vector3()?;
                self.comma("box")?;
                let b = self.parse_vector3()?;
                self.expect_sym(Sym::RBrace, "to close the container `box`")?;
                Container::Box(a.min(b), a.max(b))
            }
            Some("sphere") => {
                self.expect_sym(Sym::LBrace, "after `sphere`")?;
                let center = self.parse_vector3()?;
                self.comma("sphere")?;
                let radius = self.parse_float()?.abs();
                self.expect_sym(Sym::RBrace, "to close the container `sphere`")?;
                Container::Sphere { center, radius }
            }
            _ => {
                self.unget(k);
                current
            }
        };
        self.expect_sym(
            Sym::RBrace,
            &format!("to close `{}`", t.word().unwrap_or("contained_by")),
        )?;
        Ok(container)
    }
}
