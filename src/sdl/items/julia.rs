//! The parameters of `julia_fractal`, read and checked as POV-Ray 3.7 reads them, with
//! limits on the work one ray may cost.

use crate::scene::{ComplexFunction, JuliaAlgebra, JuliaFractal, JuliaFunction, Shape};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// The most iterations spotray runs per point (POV-Ray sets no limit).
pub const MAX_ITERATION: f64 = 10_000.0;
/// The most `max_iteration` × `precision`: a ray through the set takes up to about
/// 8 × `precision` steps of `max_iteration` iterations each.
pub const MAX_WORK: f64 = 100_000.0;
/// POV-Ray's EPSILON, below which it calls a slice vector (or its t) zero.
const SLICE_EPSILON: f64 = 1e-10;

fn complex_function(word: &str) -> Option<JuliaFunction> {
    use ComplexFunction::*;
    let f = match word {
        "sqr" => return Some(JuliaFunction::Sqr),
        "cube" => return Some(JuliaFunction::Cube),
        "reciprocal" => return Some(JuliaFunction::Reciprocal),
        "exp" => Exp,
        "ln" => Ln,
        "sin" => Sin,
        "asin" => Asin,
        "cos" => Cos,
        "acos" => Acos,
        "tan" => Tan,
        "atan" => Atan,
        "sinh" => Sinh,
        "asinh" => Asinh,
        "cosh" => Cosh,
        "acosh" => Acosh,
        "tanh" => Tanh,
        "atanh" => Atanh,
        _ => return None,
    };
    Some(JuliaFunction::Complex(f))
}

impl Parser<'_> {
    pub(crate) fn parse_julia_fractal(&mut self, t: &Token) -> PResult<Shape> {
        let at = self.peek_at();
        let c = self.parse_vector_n(4)?.c;
        let parameter = [c[0], c[1], c[2], c[3]];
        if parameter.iter().any(|v| !v.is_finite()) {
            return Err(self.semantic(&at, "the julia_fractal's parameter must be finite"));
        }
        let mut julia = JuliaFractal::new(parameter);
        let mut precision = 20.0;
        loop {
            let k = self.next()?;
            let Some(word) = k.word() else {
                self.unget(k);
                break;
            };
            if let Some(f) = complex_function(word) {
                julia.function = f;
                continue;
            }
            match word {
                "quaternion" => julia.algebra = JuliaAlgebra::Quaternion,
                "hypercomplex" => julia.algebra = JuliaAlgebra::Hypercomplex,
                "pwr" => {
                    self.expect_sym(Sym::LParen, "after `pwr`")?;
                    let at = self.peek_at();
                    let x = self.parse_float()?;
                    self.comma("pwr")?;
                    let y = self.parse_float()?;
                    self.expect_sym(Sym::RParen, "to close `pwr(`")?;
                    if !(x.is_finite() && y.is_finite()) {
                        return Err(self.semantic(&at, "the pwr exponent must be finite"));
                    }
                    julia.function = JuliaFunction::Complex(ComplexFunction::Pwr(x, y));
                }
                "max_iteration" => {
                    let at = self.peek_at();
                    let n = self.parse_float()?.floor();
                    if n.is_nan() || n > MAX_ITERATION {
                        return Err(self.limit(
                            &at,
                            format!("max_iteration {n} is above spotray's limit of {MAX_ITERATION}"),
                        ));
                    }
                    // POV-Ray reads a count below 1 as 1.
                    julia.max_iteration = n.max(1.0) as u32;
                }
                "precision" => {
                    let at = self.peek_at();
                    let p = self.parse_float()?;
                    if !(p > 0.0 && p.is_finite()) {
                        return Err(self.semantic(
                            &at,
                            format!("the julia_fractal's precision must be a positive number, found {p}"),
                        ));
                    }
                    // POV-Ray reads a precision below 1 as 1.
                    precision = p.max(1.0);
                    julia.step = 1.0 / precision;
                }
                "slice" => {
                    let at = self.peek_at();
                    let v = self.parse_vector_n(4)?.c;
                    self.comma("slice")?;
                    let d = self.parse_float()?;
                    let n = [v[0], v[1], v[2], v[3]];
                    let len2: f64 = n.iter().map(|a| a * a).sum();
                    if !(len2.is_finite() && d.is_finite()) {
                        return Err(self.semantic(&at, "the julia_fractal's slice must be finite"));
                    }
                    if len2 < SLICE_EPSILON {
                        return Err(self.semantic(&at, "the julia_fractal's slice vector is zero"));
                    }
                    if n[3].abs() < SLICE_EPSILON {
                        return Err(self.semantic(
                            &at,
                            "the julia_fractal's slice vector has a zero t (fourth) component",
                        ));
                    }
                    let len = len2.sqrt();
                    julia.slice = n.map(|a| a / len);
                    julia.slice_distance = d;
                }
                _ => {
                    self.unget(k);
                    break;
                }
            }
        }
        if julia.algebra == JuliaAlgebra::Quaternion
            && !matches!(julia.function, JuliaFunction::Sqr | JuliaFunction::Cube)
        {
            return Err(self.semantic(
                t,
                "a quaternion julia_fractal supports only sqr and cube (other functions need hypercomplex)",
            ));
        }
        let work = julia.max_iteration as f64 * precision;
        if work > MAX_WORK {
            return Err(self.limit(
                t,
                format!(
                    "julia_fractal's max_iteration × precision is {work}, above spotray's limit of {MAX_WORK}"
                ),
            ));
        }
        Ok(Shape::JuliaFractal(Box::new(julia)))
    }
}
