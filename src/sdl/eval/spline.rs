//! `spline { ... }`: a path through points at given times, evaluated as `S(t)`, and
//! `function { spline { S } }`. The four kinds interpolate as POV-Ray 3.7's do
//! (its spline.cpp: the same segment search, end clamping and coefficient formulas).

use crate::sdl::eval::value::{Num, Value, Vector};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Entries one spline may hold.
pub const MAX_ENTRIES: usize = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplineKind {
    Linear,
    Quadratic,
    /// `cubic_spline`: Catmull-Rom, defined from the second point to the next-to-last.
    CatmullRom,
    /// `natural_spline`: a cubic with zero second derivative at both ends.
    Natural,
}

impl SplineKind {
    fn from_keyword(w: &str) -> Option<SplineKind> {
        Some(match w {
            "linear_spline" => SplineKind::Linear,
            "quadratic_spline" => SplineKind::Quadratic,
            "cubic_spline" => SplineKind::CatmullRom,
            "natural_spline" => SplineKind::Natural,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Spline {
    pub kind: SplineKind,
    /// Times strictly increasing; each value with five components.
    times: Vec<f64>,
    values: Vec<[f64; 5]>,
    /// Second derivatives per entry, for natural splines.
    curvature: Vec<[f64; 5]>,
    /// Components the values were written with (2 to 5): the size of the result.
    pub terms: u8,
}

impl Spline {
    fn new(kind: SplineKind, terms: u8) -> Spline {
        Spline {
            kind,
            times: Vec::new(),
            values: Vec::new(),
            curvature: Vec::new(),
            terms,
        }
    }

    /// Adds a point; a time already present takes the new value.
    fn insert(&mut self, t: f64, v: [f64; 5]) {
        match self.times.binary_search_by(|p| p.total_cmp(&t)) {
            Ok(i) => self.values[i] = v,
            Err(i) => {
                self.times.insert(i, t);
                self.values.insert(i, v);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// The same points interpolated another way.
    pub fn with_kind(&self, kind: SplineKind) -> Spline {
        let mut s = Spline {
            kind,
            curvature: Vec::new(),
            ..self.clone()
        };
        s.prepare();
        s
    }

    /// Solves for a natural spline's second derivatives (a tridiagonal system).
    fn prepare(&mut self) {
        self.curvature.clear();
        let n = self.times.len();
        if self.kind != SplineKind::Natural || n < 3 {
            self.curvature = vec![[0.0; 5]; n];
            return;
        }
        let mut curvature = vec![[0.0; 5]; n];
        let h: Vec<f64> = self.times.windows(2).map(|w| w[1] - w[0]).collect();
        let mut diag = vec![0.0; n];
        let mut rhs = vec![0.0; n];
        let mut column = vec![0.0; n];
        for k in 0..5 {
            let slope: Vec<f64> = (0..n - 1)
                .map(|i| (self.values[i + 1][k] - self.values[i][k]) / h[i])
                .collect();
            diag[1] = 2.0 * (h[0] + h[1]);
            rhs[1] = 6.0 * (slope[1] - slope[0]);
            for i in 2..n - 1 {
                diag[i] = 2.0 * (h[i] + h[i - 1]) - h[i - 1] * h[i - 1] / diag[i - 1];
                rhs[i] = 6.0 * (slope[i] - slope[i - 1]) - h[i - 1] * rhs[i - 1] / diag[i - 1];
            }
            column[n - 1] = 0.0;
            for i in (1..n - 1).rev() {
                column[i] = (rhs[i] - h[i] * column[i + 1]) / diag[i];
            }
            for (row, c) in curvature.iter_mut().zip(&column) {
                row[k] = *c;
            }
        }
        self.curvature = curvature;
    }

    /// The index of the first point later than `t`: 0 at or before the first point,
    /// the number of points at or after the last.
    fn segment_end(&self, t: f64) -> usize {
        let n = self.times.len();
        if t <= self.times[0] {
            0
        } else if t >= self.times[n - 1] {
            n
        } else {
            self.times.partition_point(|&p| p <= t)
        }
    }

    /// The value at time `t` (all five components).
    pub fn eval(&self, t: f64) -> [f64; 5] {
        let n = self.times.len();
        if n == 1 {
            return self.values[0];
        }
        let i = self.segment_end(t);
        let mut out = [0.0; 5];
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = match self.kind {
                SplineKind::CatmullRom => {
                    if n == 2 {
                        (self.values[0][k] + self.values[1][k]) / 2.0
                    } else if i < 2 {
                        self.values[1][k]
                    } else if i >= n - 1 {
                        self.values[n - 2][k]
                    } else {
                        self.catmull_rom(i - 1, k, t)
                    }
                }
                _ if i == 0 => self.values[0][k],
                _ if i >= n => self.values[n - 1][k],
                SplineKind::Linear => self.linear(i - 1, k, t),
                SplineKind::Quadratic if n == 2 => self.linear(i - 1, k, t),
                SplineKind::Quadratic => self.quadratic(if i > 1 { i - 1 } else { i }, k, t),
                SplineKind::Natural => self.natural(i - 1, k, t),
            };
        }
        out
    }

    fn linear(&self, i: usize, k: usize, t: f64) -> f64 {
        let (t1, t2) = (self.times[i], self.times[i + 1]);
        let (v1, v2) = (self.values[i][k], self.values[i + 1][k]);
        v1 + (t - t1) * (v2 - v1) / (t2 - t1)
    }

    /// The parabola through points `i - 1`, `i` and `i + 1`, in Lagrange form.
    fn quadratic(&self, i: usize, k: usize, t: f64) -> f64 {
        let (t1, t2, t3) = (self.times[i - 1], self.times[i], self.times[i + 1]);
        let (v1, v2, v3) = (self.values[i - 1][k], self.values[i][k], self.values[i + 1][k]);
        v1 * (t - t2) * (t - t3) / ((t1 - t2) * (t1 - t3))
            + v2 * (t - t1) * (t - t3) / ((t2 - t1) * (t2 - t3))
            + v3 * (t - t1) * (t - t2) / ((t3 - t1) * (t3 - t2))
    }

    fn natural(&self, i: usize, k: usize, t: f64) -> f64 {
        let h = self.times[i + 1] - self.times[i];
        let (c0, c1) = (self.curvature[i][k], self.curvature[i + 1][k]);
        let (v0, v1) = (self.values[i][k], self.values[i + 1][k]);
        let d = t - self.times[i];
        let slope = (v1 - v0) / h - h / 6.0 * (c1 + 2.0 * c0);
        v0 + d * (slope + d * (c0 / 2.0 + d * (c1 - c0) / (6.0 * h)))
    }

    /// Hermite interpolation between points `i` and `i + 1` with Catmull-Rom tangents
    /// (the mean of the neighbouring slopes, scaled to the segment).
    fn catmull_rom(&self, i: usize, k: usize, t: f64) -> f64 {
        let p = &self.times;
        let v = |j: usize| self.values[j][k];
        let dt = p[i + 1] - p[i];
        let u = (t - p[i]) / dt;
        let mid = (v(i + 1) - v(i)) / dt;
        let m0 = ((v(i) - v(i - 1)) / (p[i] - p[i - 1]) + mid) / 2.0 * dt;
        let m1 = ((v(i + 2) - v(i + 1)) / (p[i + 2] - p[i + 1]) + mid) / 2.0 * dt;
        let (u2, u3) = (u * u, u * u * u);
        v(i) * (2.0 * u3 - 3.0 * u2 + 1.0)
            + v(i + 1) * (3.0 * u2 - 2.0 * u3)
            + m0 * (u3 - 2.0 * u2 + u)
            + m1 * (u3 - u2)
    }

    /// The value at `t` as the scene sees it: a vector of [`Spline::terms`] components.
    pub fn value_at(&self, t: f64) -> Vector {
        let c = self.eval(t);
        Vector { n: self.terms, c }
    }
}

impl Parser<'_> {
    /// The body of `spline { [S] [kind] t, <v> ... }` after its `{`.
    pub(crate) fn parse_spline_body(&mut self, open: &Token) -> PResult<Spline> {
        // Tokens are taken with directives run (`spline { #if (C) cubic_spline #end ...}`
        // in meshmaker.inc) and put back when they are not what is looked for.
        let mut spline: Option<Spline> = None;
        let first = self.next()?;
        match first.word().filter(|_| !first.kw).map(str::to_string) {
            Some(w) => {
                let base = match self.lookup(&w) {
                    Some(Value::Spline(s)) => (**s).clone(),
                    Some(Value::Array(_)) => match self.array_element(&w, &first)? {
                        Value::Spline(s) => (*s).clone(),
                        other => {
                            return Err(self.semantic(
                                &first,
                                format!("a spline starts from a spline, not a {}", other.type_name()),
                            ))
                        }
                    },
                    _ => {
                        return Err(self.expected("a spline identifier, a spline kind or a point", &first));
                    }
                };
                spline = Some(base);
            }
            None => self.unget(first),
        }
        loop {
            let t = self.next()?;
            match t.word().and_then(SplineKind::from_keyword) {
                Some(kind) => {
                    let mut s = spline.take().unwrap_or_else(|| Spline::new(kind, 2));
                    s.kind = kind;
                    spline = Some(s);
                }
                None => {
                    self.unget(t);
                    break;
                }
            }
        }
        let mut spline = spline.unwrap_or_else(|| Spline::new(SplineKind::Linear, 2));
        loop {
            // Points may come from a `#while` inside the block: run directives first.
            let next = self.next()?;
            if next.is_sym(Sym::RBrace) {
                break;
            }
            self.unget(next);
            let at = self.peek_at();
            if !self.starts_float() {
                let found = self.next()?;
                return Err(self.expected("a point (`time, <vector>`) or `}` to close `spline`", &found));
            }
            let t = self.parse_float()?;
            self.accept_sym_raw(Sym::Comma)?;
            let v = match self.parse_expr()? {
                crate::sdl::eval::expr::Operand::Num(Num::Float(f)) => Vector { n: 2, c: [f; 5] },
                crate::sdl::eval::expr::Operand::Num(Num::Vec(v)) => v,
                crate::sdl::eval::expr::Operand::Str(_) => {
                    return Err(self.semantic(&at, "a spline point is a vector, not a string"))
                }
            };
            self.accept_sym_raw(Sym::Comma)?;
            if spline.len() >= MAX_ENTRIES {
                return Err(self.limit(&at, format!("a spline holds at most {MAX_ENTRIES} points")));
            }
            spline.terms = spline.terms.max(v.n.max(2));
            spline.insert(t, v.c);
        }
        if spline.len() == 0 {
            return Err(self.semantic(open, "a spline needs at least one point"));
        }
        spline.prepare();
        Ok(spline)
    }

    /// `(t [, kind])` after a spline's name: its value at `t`.
    pub(crate) fn call_spline(&mut self, s: &std::sync::Arc<Spline>, name: &str) -> PResult<Vector> {
        self.expect_sym(Sym::LParen, &format!("after the spline `{name}`"))?;
        let t = self.parse_float_expr()?;
        let mut other = None;
        if self.accept_sym_raw(Sym::Comma)? {
            let k = self.next()?;
            match k.word().and_then(SplineKind::from_keyword) {
                Some(kind) => other = Some(kind),
                None => return Err(self.expected(
                    "a spline kind (`linear_spline`, `quadratic_spline`, `cubic_spline` or `natural_spline`)",
                    &k,
                )),
            }
        }
        self.expect_sym(Sym::RParen, &format!("to close `{name}(...)`"))?;
        Ok(match other {
            Some(kind) if kind != s.kind => s.with_kind(kind).value_at(t),
            _ => s.value_at(t),
        })
    }
}
