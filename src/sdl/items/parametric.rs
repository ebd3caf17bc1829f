//! `parametric { function { X }, function { Y }, function { Z } <u1,v1>, <u2,v2> ... }`: read as POV-Ray 3.7 reads it, with
//! its defaults, its `precompute` depths and errors for values no search can use.

use std::sync::Arc;

use glam::{DVec2, DVec3};

use crate::scene::{Container, CsgOp, Parametric, ParametricPrecompute, Shape};
use crate::sdl::function::Function;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// POV-Ray 3.7's defaults (its Parametric constructor): an accuracy of 0.001 and a
/// max_gradient of 1 (not the 10 its documentation names).
const DEFAULT_ACCURACY: f64 = 0.001;
const DEFAULT_MAX_GRADIENT: f64 = 1.0;
/// The deepest `precompute` POV-Ray 3.7 accepts (a table of 2^20 bounds per axis).
const MAX_PRECOMPUTE_DEPTH: f64 = 20.0;

impl Parser<'_> {
    /// The rest of `parametric {` (keyword `t`) up to its modifiers.
    pub(crate) fn parse_parametric(&mut self, t: &Token) -> PResult<Shape> {
        let mut functions = Vec::with_capacity(3);
        for axis in ["x", "y", "z"] {
            if axis != "x" {
                self.comma("parametric")?;
            }
            match self.parametric_function(axis)? {
                Some(f) => functions.push(Arc::new(f)),
                // An unsupported feature inside, already reported: nothing to show.
                None => {
                    return Ok(Shape::Csg {
                        op: CsgOp::Union,
                        children: Vec::new(),
                        cutaway_textures: false,
                    })
                }
            }
        }
        let Ok(functions) = <[Arc<Function>; 3]>::try_from(functions) else {
            unreachable!("three functions were read");
        };
        let a = self.parse_uv_corner()?;
        self.comma("parametric")?;
        let b = self.parse_uv_corner()?;
        if !a.is_finite() || !b.is_finite() {
            return Err(self.semantic(t, "the parametric's u and v ranges must be finite"));
        }
        let mut shape = Parametric {
            functions,
            // POV-Ray sorts each range's ends.
            uv_min: a.min(b),
            uv_max: a.max(b),
            container: Container::Box(DVec3::splat(-1.0), DVec3::ONE),
            accuracy: DEFAULT_ACCURACY,
            max_gradient: DEFAULT_MAX_GRADIENT,
            precompute: None,
        };
        loop {
            let k = self.next()?;
            match k.word() {
                Some("accuracy") => shape.accuracy = self.parse_float()?,
                Some("max_gradient") => shape.max_gradient = self.parse_float()?,
                Some("precompute") => shape.precompute = self.parse_precompute(&k)?,
                Some("contained_by") => shape.container = self.parse_container(&k, shape.container)?,
                _ => {
                    self.unget(k);
                    break;
                }
            }
        }
        self.check_parametric(t, &mut shape)?;
        Ok(Shape::Parametric(Box::new(shape)))
    }

    /// `function { ... }`: an implicit function, in which `u` and `v` are x and y.
    /// (POV-Ray 3.7 also reads an expression alone here, but drops the token before
    /// it, so no scene relies on that: it is refused.)
    fn parametric_function(&mut self, axis: &str) -> PResult<Option<Function>> {
        let f = self.next()?;
        if !f.is_word("function") {
            return Err(self.expected(&format!("`function` for the parametric's {axis}"), &f));
        }
        if self.peek_raw_is_sym(Sym::LParen) {
            // As in POV-Ray 3.7, which reads no parameter list here.
            return Err(self.semantic(
                &f,
                format!("the parametric's {axis} function takes no parameter list: it sees u and v"),
            ));
        }
        self.parse_function(&f)
    }

    /// `<u, v>` (a float is promoted to both).
    fn parse_uv_corner(&mut self) -> PResult<DVec2> {
        let v = self.parse_vector_n(2)?;
        Ok(DVec2::new(v.c[0], v.c[1]))
    }

    /// `precompute DEPTH [x] [,] [y] [,] [z]` after the keyword (`t`): the depth as POV-Ray
    /// truncates it, 1 to 20; no axis named leaves nothing to precompute.
    fn parse_precompute(&mut self, t: &Token) -> PResult<Option<ParametricPrecompute>> {
        let depth = self.parse_float()?.trunc();
        if !(1.0..=MAX_PRECOMPUTE_DEPTH).contains(&depth) {
            return Err(self.limit(
                t,
                format!("the precompute depth must be 1 to {MAX_PRECOMPUTE_DEPTH}, not {depth}"),
            ));
        }
        let mut axes = [false; 3];
        for (i, axis) in ["x", "y", "z"].into_iter().enumerate() {
            self.comma("precompute")?;
            if self.peek_raw().and_then(Token::word) == Some(axis) {
                self.next()?;
                axes[i] = true;
            }
        }
        Ok(axes.contains(&true).then_some(ParametricPrecompute {
            depth: depth as u32,
            axes,
        }))
    }

    /// Errors for values no search can use (POV-Ray would loop or read garbage).
    fn check_parametric(&mut self, t: &Token, shape: &mut Parametric) -> PResult<()> {
        if !shape.accuracy.is_finite() || shape.accuracy <= 0.0 {
            return Err(self.semantic(
                t,
                format!(
                    "the parametric's accuracy must be positive and finite, not {}",
                    shape.accuracy
                ),
            ));
        }
        if !shape.max_gradient.is_finite() || shape.max_gradient <= 0.0 {
            return Err(self.semantic(
                t,
                format!(
                    "the parametric's max_gradient must be positive and finite, not {}",
                    shape.max_gradient
                ),
            ));
        }
        let finite = match &shape.container {
            Container::Box(a, b) => a.is_finite() && b.is_finite(),
            Container::Sphere { center, radius } => center.is_finite() && radius.is_finite(),
        };
        if !finite {
            return Err(self.semantic(t, "the parametric's `contained_by` shape must have finite size"));
        }
        Ok(())
    }
}
