//! Float, vector and string expressions: operators, literals, identifiers, component
//! access and built-in constants.

use std::rc::Rc;

use glam::DVec3;

use crate::sdl::error::SceneErrorKind;
use crate::sdl::eval::directives::DEFAULT_VERSION;
use crate::sdl::eval::value::{Num, Value, Vector};
use crate::sdl::keywords::is_keyword;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// Longest string an expression may build.
pub const MAX_STRING_LEN: usize = 1 << 20;

/// The result of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Num(Num),
    Str(Rc<str>),
}

impl Operand {
    pub fn into_value(self) -> Value {
        match self {
            Operand::Num(n) => Value::from_num(n),
            Operand::Str(s) => Value::Str(s),
        }
    }
}

/// The slot of a vector component named after `.` (`x`, `u`, `red` ... `transmit`).
pub fn component_index(name: &str) -> Option<usize> {
    Some(match name {
        "x" | "u" | "red" => 0,
        "y" | "v" | "green" => 1,
        "z" | "blue" => 2,
        "t" | "filter" => 3,
        "transmit" => 4,
        _ => return None,
    })
}

/// POV-Ray's truth test: non-zero beyond a small epsilon.
pub fn truthy(v: f64) -> bool {
    v.abs() > 1e-10
}

fn bool_f(b: bool) -> Operand {
    Operand::Num(Num::Float(if b { 1.0 } else { 0.0 }))
}

impl Parser<'_> {
    /// A full expression: arithmetic, relational, logical and `?:`.
    pub fn parse_expr(&mut self) -> PResult<Operand> {
        self.parse_expr_from(None)
    }

    /// Like [`Parser::parse_expr`], with the first primary already parsed.
    pub fn parse_expr_from(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        let start = first.as_ref().map(|(_, t)| t.clone());
        let cond = self.logical(first)?;
        if self.peek_raw_is_sym(Sym::Question) {
            let q = self.next()?;
            let c = self.expect_float_operand(cond, start.as_ref().unwrap_or(&q))?;
            let a = self.parse_expr()?;
            self.expect_sym(Sym::Colon, "in the `?:` expression")?;
            let b = self.parse_expr()?;
            return Ok(if truthy(c) { a } else { b });
        }
        Ok(cond)
    }

    fn expect_float_operand(&self, o: Operand, at: &Token) -> PResult<f64> {
        match o {
            Operand::Num(Num::Float(f)) => Ok(f),
            Operand::Num(Num::Vec(_)) => Err(self.semantic(at, "expected a float, found a vector")),
            Operand::Str(_) => Err(self.semantic(at, "expected a float, found a string")),
        }
    }

    fn logical(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        let mut left = self.relational(first)?;
        loop {
            let and = if self.peek_raw_is_sym(Sym::Amp) {
                true
            } else if self.peek_raw_is_sym(Sym::Pipe) {
                false
            } else {
                return Ok(left);
            };
            let op = self.next()?;
            let l = self.expect_float_operand(left, &op)?;
            let r = self.relational(None)?;
            let r = self.expect_float_operand(r, &op)?;
            left = bool_f(if and {
                truthy(l) && truthy(r)
            } else {
                truthy(l) || truthy(r)
            });
        }
    }

    fn relational(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        let mut left = self.additive_from(first)?;
        loop {
            let op = match self.peek_raw().map(|t| &t.tok) {
                Some(Tok::Sym(s @ (Sym::Lt | Sym::Le | Sym::Eq | Sym::Ne | Sym::Ge | Sym::Gt))) => *s,
                _ => return Ok(left),
            };
            let op_tok = self.next()?;
            let right = self.additive_from(None)?;
            let ord = match (&left, &right) {
                (Operand::Num(Num::Float(a)), Operand::Num(Num::Float(b))) => {
                    let (a, b) = (*a, *b);
                    match op {
                        // As in POV-Ray, `<=`, `>=`, `=` and `!=` count values within
                        // 1e-10 as equal: `#while (I <= 1)` stepping I by 1/20 runs its
                        // last step even when the sum comes out a hair above 1.
                        Sym::Lt => a < b,
                        Sym::Le => a <= b || (a - b).abs() <= 1e-10,
                        Sym::Eq => (a - b).abs() <= 1e-10,
                        Sym::Ne => (a - b).abs() > 1e-10,
                        Sym::Ge => a >= b || (a - b).abs() <= 1e-10,
                        _ => a > b,
                    }
                }
                (Operand::Str(a), Operand::Str(b)) => match op {
                    Sym::Lt => a < b,
                    Sym::Le => a <= b,
                    Sym::Eq => a == b,
                    Sym::Ne => a != b,
                    Sym::Ge => a >= b,
                    _ => a > b,
                },
                _ => {
                    return Err(self.semantic(
                        &op_tok,
                        format!("`{}` compares two floats or two strings", op.text()),
                    ))
                }
            };
            left = bool_f(ord);
        }
    }

    /// Sums and differences (no comparisons): the level used inside `< >` vectors.
    pub fn parse_additive(&mut self) -> PResult<Operand> {
        self.additive_from(None)
    }

    /// Like [`Parser::parse_additive`], with the first primary already parsed.
    pub fn parse_additive_from(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        self.additive_from(first)
    }

    fn additive_from(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        let mut left = self.multiplicative(first)?;
        loop {
            let plus = if self.peek_raw_is_sym(Sym::Plus) {
                true
            } else if self.peek_raw_is_sym(Sym::Minus) {
                false
            } else {
                return Ok(left);
            };
            let op = self.next()?;
            let right = self.multiplicative(None)?;
            left = self.arith(&op, left, right, if plus { '+' } else { '-' })?;
        }
    }

    fn multiplicative(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        let mut left = self.unary(first)?;
        loop {
            self.end_taken_branch()?;
            let mul = if self.peek_raw_is_sym(Sym::Star) {
                true
            } else if self.peek_raw_is_sym(Sym::Slash) {
                false
            } else {
                return Ok(left);
            };
            let op = self.next()?;
            let right = self.unary(None)?;
            left = self.arith(&op, left, right, if mul { '*' } else { '/' })?;
        }
    }

    fn arith(&self, op: &Token, a: Operand, b: Operand, which: char) -> PResult<Operand> {
        let (Operand::Num(a), Operand::Num(b)) = (a, b) else {
            return Err(self.semantic(
                op,
                format!("`{which}` needs numbers, not strings (use concat() to join strings)"),
            ));
        };
        if which == '/' {
            let zero = match b {
                Num::Float(f) => f == 0.0,
                Num::Vec(v) => {
                    let n = a.components().max(v.n) as usize;
                    v.c[..n.min(v.n as usize)].contains(&0.0)
                }
            };
            if zero {
                return Err(self.semantic(op, "division by zero"));
            }
        }
        let r = match which {
            '+' => a.zip(b, |x, y| x + y),
            '-' => a.zip(b, |x, y| x - y),
            '*' => a.zip(b, |x, y| x * y),
            _ => a.zip(b, |x, y| x / y),
        };
        if !r.is_finite() {
            return Err(self.semantic(op, "arithmetic overflow (result is not a finite number)"));
        }
        Ok(Operand::Num(r))
    }

    fn unary(&mut self, first: Option<(Operand, Token)>) -> PResult<Operand> {
        if let Some((o, t)) = first {
            return self.postfix(o, &t);
        }
        let t = self.next()?;
        match &t.tok {
            Tok::Sym(Sym::Minus) => {
                self.enter(&t)?;
                let v = self.unary(None);
                self.leave();
                match v? {
                    Operand::Num(n) => Ok(Operand::Num(n.map(|x| -x))),
                    Operand::Str(_) => Err(self.semantic(&t, "cannot negate a string")),
                }
            }
            Tok::Sym(Sym::Plus) => {
                self.enter(&t)?;
                let v = self.unary(None);
                self.leave();
                v
            }
            Tok::Sym(Sym::Bang) => {
                self.enter(&t)?;
                let v = self.unary(None);
                self.leave();
                let f = self.expect_float_operand(v?, &t)?;
                Ok(bool_f(!truthy(f)))
            }
            _ => {
                let p = self.primary(t.clone())?;
                self.postfix(p, &t)
            }
        }
    }

    /// `.x`, `.red`, ... component access.
    fn postfix(&mut self, mut o: Operand, at: &Token) -> PResult<Operand> {
        while self.peek_raw_is_sym(Sym::Dot) {
            self.next()?;
            let c = self.next()?;
            let Some(name) = c.word() else {
                return Err(self.expected("a component name after `.`", &c));
            };
            let v = match &o {
                Operand::Num(Num::Vec(v)) => *v,
                // A float is promoted to a vector with every component equal to it.
                Operand::Num(Num::Float(f)) => Vector::splat(*f, 5),
                Operand::Str(_) => {
                    return Err(self.semantic(&c, format!("a string has no component `.{name}`")))
                }
            };
            let idx = match component_index(name) {
                Some(i) => i,
                None if matches!(name, "gray" | "grey") => {
                    o = Operand::Num(Num::Float(0.297 * v.c[0] + 0.589 * v.c[1] + 0.114 * v.c[2]));
                    continue;
                }
                None => return Err(self.syntax(&c, format!("unknown component `.{name}`"))),
            };
            if idx >= v.n as usize {
                return Err(self.semantic(
                    &c,
                    format!("a {}-component vector has no component `.{name}`", v.n),
                ));
            }
            o = Operand::Num(Num::Float(v.c[idx]));
        }
        let _ = at;
        Ok(o)
    }

    /// A literal, parenthesised expression, vector, identifier, constant or function call.
    fn primary(&mut self, t: Token) -> PResult<Operand> {
        match &t.tok {
            Tok::Number(v) => Ok(Operand::Num(Num::Float(*v))),
            Tok::Str(s) => Ok(Operand::Str(s.clone())),
            Tok::Sym(Sym::LParen) => {
                self.enter(&t)?;
                let v = self.parse_expr();
                self.leave();
                let v = v?;
                self.expect_sym(Sym::RParen, "to close the parenthesis")?;
                Ok(v)
            }
            Tok::Sym(Sym::Lt) => self.vector_literal(&t),
            Tok::Word(w) if t.kw => {
                let w = w.clone();
                self.keyword_primary(&w, t)
            }
            Tok::Word(w) => {
                let w = w.clone();
                self.identifier_primary(&w, &t)
            }
            _ => Err(self.expected("an expression", &t)),
        }
    }

    fn vector_literal(&mut self, open: &Token) -> PResult<Operand> {
        self.enter(open)?;
        let mut comps = Vec::with_capacity(5);
        let result = loop {
            let at = self.peek_at();
            let c = match self.parse_additive() {
                Ok(c) => c,
                Err(e) => break Err(e),
            };
            match c {
                Operand::Num(Num::Float(f)) => comps.push(f),
                Operand::Num(Num::Vec(_)) => {
                    break Err(self.semantic(&at, "a vector component must be a float, found a vector"))
                }
                Operand::Str(_) => {
                    break Err(self.semantic(&at, "a vector component must be a float, found a string"))
                }
            }
            if let Err(e) = self.run_pending_directives() {
                break Err(e);
            }
            // POV-Ray allows the commas between components to be left out.
            let (is_gt, is_comma, can_start) = match self.peek_raw().map(|t| &t.tok) {
                Some(Tok::Sym(Sym::Gt)) => (true, false, false),
                Some(Tok::Sym(Sym::Comma)) => (false, true, false),
                Some(Tok::Number(_) | Tok::Word(_) | Tok::Str(_)) => (false, false, true),
                Some(Tok::Sym(Sym::LParen | Sym::Lt | Sym::Minus | Sym::Plus | Sym::Bang)) => {
                    (false, false, true)
                }
                _ => (false, false, false),
            };
            if is_gt {
                if let Err(e) = self.next() {
                    break Err(e);
                }
                break Ok(());
            }
            let sep = if is_comma {
                match self.next() {
                    Ok(s) => Some(s),
                    Err(e) => break Err(e),
                }
            } else {
                None
            };
            // POV-Ray also takes a comma after the last component: `<1, 2, 3,>`.
            if sep.is_some() && comps.len() >= 2 && self.peek_raw_is_sym(Sym::Gt) {
                if let Err(e) = self.next() {
                    break Err(e);
                }
                break Ok(());
            }
            if sep.is_none() && !can_start {
                let found = match self.next() {
                    Ok(s) => s,
                    Err(e) => break Err(e),
                };
                break Err(self.expected("`,` or `>` in the vector", &found));
            }
            if comps.len() == 5 {
                let at = sep.unwrap_or_else(|| self.peek_at());
                break Err(self.syntax(&at, "a vector has at most 5 components"));
            }
        };
        self.leave();
        result?;
        if comps.len() < 2 {
            return Err(self.syntax(open, "a vector needs at least 2 components"));
        }
        Ok(Operand::Num(Num::Vec(Vector::from_slice(&comps))))
    }

    fn identifier_primary(&mut self, name: &str, t: &Token) -> PResult<Operand> {
        let value = match self.lookup(name) {
            Some(v) => v,
            None => return Err(self.unknown_identifier(t, name)),
        };
        match value {
            Value::Float(f) => Ok(Operand::Num(Num::Float(*f))),
            Value::Vector(v) => Ok(Operand::Num(Num::Vec(*v))),
            Value::Str(s) => Ok(Operand::Str(s.clone())),
            Value::Function(f) => {
                let f = f.clone();
                self.call_function(&f, name, t)
            }
            Value::Spline(s) => {
                let s = s.clone();
                Ok(Operand::Num(Num::Vec(self.call_spline(&s, name)?)))
            }
            Value::TransformFunction(m) => {
                let m = **m;
                let v = m.transform_point3(self.three_arguments(name)?);
                Ok(Operand::Num(Num::Vec(Vector::from_dvec3(v))))
            }
            Value::PigmentFunction(pigment) => {
                let pigment = pigment.clone();
                let at = self.three_arguments(name)?;
                let c = crate::sdl::function::pigment::colour(&pigment, at);
                Ok(Operand::Num(Num::Vec(Vector::from_slice(&c))))
            }
            Value::Poisoned(p) => {
                let p = p.clone();
                self.use_poisoned(&p, name, t)?;
                self.skip_parens_if_any()?;
                Ok(Operand::Num(Num::Float(0.0)))
            }
            Value::Array(_) => {
                let v = self.array_element(name, t)?;
                match v {
                    Value::Float(f) => Ok(Operand::Num(Num::Float(f))),
                    Value::Vector(v) => Ok(Operand::Num(Num::Vec(v))),
                    Value::Str(s) => Ok(Operand::Str(s)),
                    other => Err(self.semantic(
                        t,
                        format!(
                            "expected a numeric expression, found a {} array element",
                            other.type_name()
                        ),
                    )),
                }
            }
            other => Err(self.semantic(
                t,
                format!(
                    "expected a numeric or string expression, found {} identifier `{name}`",
                    other.type_name()
                ),
            )),
        }
    }

    /// Parses `[i][j]...` after an array identifier and returns a copy of the element.
    pub fn array_element(&mut self, name: &str, t: &Token) -> PResult<Value> {
        let dims = match self.lookup(name) {
            Some(Value::Array(a)) => a.dims.len(),
            _ => return Err(self.unknown_identifier(t, name)),
        };
        let mut indices = Vec::with_capacity(dims);
        for _ in 0..dims {
            let open = self.next()?;
            if !open.is_sym(Sym::LBracket) {
                return Err(self.expected(&format!("`[` to index array `{name}`"), &open));
            }
            let i = self.parse_float_expr()?;
            indices.push((i, open));
            self.expect_sym(Sym::RBracket, "to close the array index")?;
        }
        let Some(Value::Array(arr)) = self.lookup(name) else {
            return Err(self.unknown_identifier(t, name));
        };
        let flat = self.flat_index(name, arr, &indices)?;
        match arr.items.get(flat).and_then(|x| x.as_ref()) {
            Some(v) => Ok(v.clone()),
            None => Err(self.semantic(
                t,
                format!("array element of `{name}` is used before a value was assigned"),
            )),
        }
    }

    /// The value of a keyword that stands for a float (`pi`, `clock`, `image_width`, ...),
    /// in expressions and in functions alike.
    pub(crate) fn float_keyword(&self, w: &str) -> Option<f64> {
        Some(match w {
            "pi" => std::f64::consts::PI,
            "true" | "yes" | "on" => 1.0,
            "false" | "no" | "off" => 0.0,
            "clock" => self.opts.clock,
            // The wall clock, as in POV-Ray: a scene that reads it renders differently
            // at another time.
            "now" => crate::sdl::eval::datetime::now(),
            "clock_delta" | "clock_on" | "frame_number" | "initial_clock" => 0.0,
            "final_clock" | "initial_frame" | "final_frame" => 1.0,
            "version" => self.version.unwrap_or(DEFAULT_VERSION),
            "image_width" => self.opts.image_size.map_or(320, |s| s.0) as f64,
            "image_height" => self.opts.image_size.map_or(240, |s| s.1) as f64,
            _ => return None,
        })
    }

    /// `(x, y, z)` after the name of a function of a point.
    fn three_arguments(&mut self, name: &str) -> PResult<DVec3> {
        self.expect_sym(Sym::LParen, &format!("after the function `{name}`"))?;
        let mut p = [0.0; 3];
        for (i, slot) in p.iter_mut().enumerate() {
            if i > 0 {
                self.expect_sym(
                    Sym::Comma,
                    &format!("between the arguments of `{name}` (it takes 3)"),
                )?;
            }
            *slot = self.parse_float_expr()?;
        }
        self.expect_sym(Sym::RParen, &format!("after the 3 arguments of `{name}`"))?;
        Ok(DVec3::from_array(p))
    }

    fn keyword_primary(&mut self, w: &str, t: Token) -> PResult<Operand> {
        let f = |v: f64| Ok(Operand::Num(Num::Float(v)));
        let v3 = |x: f64, y: f64, z: f64| Ok(Operand::Num(Num::Vec(Vector::from_slice(&[x, y, z]))));
        if let Some(v) = self.float_keyword(w) {
            return f(v);
        }
        match w {
            "x" => v3(1.0, 0.0, 0.0),
            "y" => v3(0.0, 1.0, 0.0),
            "z" => v3(0.0, 0.0, 1.0),
            "t" => Ok(Operand::Num(Num::Vec(Vector::from_slice(&[0.0, 0.0, 0.0, 1.0])))),
            "u" => Ok(Operand::Num(Num::Vec(Vector::from_slice(&[1.0, 0.0])))),
            "v" => Ok(Operand::Num(Num::Vec(Vector::from_slice(&[0.0, 1.0])))),
            "input_file_name" => {
                let name = self
                    .files
                    .first()
                    .and_then(|f| f.path.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Ok(Operand::Str(Rc::from(name)))
            }
            "rgb" | "rgbf" | "rgbt" | "rgbft" | "srgb" | "srgbf" | "srgbt" | "srgbft" | "color"
            | "colour" | "red" | "green" | "blue" | "filter" | "transmit" => {
                self.unget(t);
                let c = self.parse_colour()?;
                Ok(Operand::Num(Num::Vec(c)))
            }
            _ => self.call_builtin(w, t),
        }
    }

    // ----- typed helpers ------------------------------------------------------------------

    /// A float where a scene item expects one (`sphere { C, R }`, `scale 2`). As in
    /// POV-Ray, sums and products only: a comparison or `?:` needs parentheses, so that in
    /// `box { A <1, 2, 3> }` the `<` starts the next vector.
    pub fn parse_float(&mut self) -> PResult<f64> {
        // Fast path: a lone number literal followed by a delimiter.
        if let (
            Some(Tok::Number(v)),
            Some(Tok::Sym(Sym::RParen | Sym::Comma | Sym::RBracket | Sym::Semicolon | Sym::RBrace)),
        ) = (
            self.peek_raw_nth(0).map(|t| &t.tok),
            self.peek_raw_nth(1).map(|t| &t.tok),
        ) {
            let v = *v;
            self.next()?;
            return Ok(v);
        }
        let at = self.peek_at();
        let o = self.parse_additive()?;
        self.float_of(o, &at)
    }

    /// A float from a full expression (comparisons, logic and `?:` included), where the
    /// context closes it: a condition in parentheses, an array index, a loop's bounds.
    pub fn parse_float_expr(&mut self) -> PResult<f64> {
        let at = self.peek_at();
        let o = self.parse_expr()?;
        self.float_of(o, &at)
    }

    fn float_of(&self, o: Operand, at: &Token) -> PResult<f64> {
        match o {
            Operand::Num(Num::Float(f)) => Ok(f),
            other => {
                let found = match other {
                    Operand::Num(_) => "a vector",
                    _ => "a string",
                };
                Err(self.semantic(at, format!("expected a float, found {found}")))
            }
        }
    }

    /// A numeric expression promoted to an `n`-component vector; sums and products only,
    /// as for [`Parser::parse_float`].
    pub fn parse_vector_n(&mut self, n: u8) -> PResult<Vector> {
        let at = self.peek_at();
        match self.parse_additive()? {
            Operand::Num(v) => Ok(v.to_vector(n)),
            Operand::Str(_) => Err(self.semantic(&at, "expected a vector, found a string")),
        }
    }

    /// A 3D vector (a float is promoted to `<f, f, f>`).
    pub fn parse_vector3(&mut self) -> PResult<DVec3> {
        Ok(self.parse_vector_n(3)?.to_dvec3())
    }

    /// A string expression.
    pub fn parse_string(&mut self) -> PResult<Rc<str>> {
        let at = self.peek_at();
        match self.parse_expr()? {
            Operand::Str(s) => Ok(s),
            Operand::Num(_) => Err(self.semantic(&at, "expected a string, found a number")),
        }
    }

    /// True when the next raw token can start a float expression (used for optional
    /// boolean arguments such as `jitter [on|off]`).
    pub fn starts_float(&self) -> bool {
        let Some(t) = self.peek_raw() else {
            return false;
        };
        match &t.tok {
            Tok::Number(_) => true,
            Tok::Sym(Sym::LParen | Sym::Minus | Sym::Plus | Sym::Bang) => true,
            Tok::Word(w) if is_keyword(w) => matches!(
                &**w,
                "on" | "off"
                    | "true"
                    | "false"
                    | "yes"
                    | "no"
                    | "pi"
                    | "clock"
                    | "version"
                    | "clock_on"
                    | "frame_number"
                    | "abs"
                    | "int"
                    | "min"
                    | "max"
                    | "select"
                    | "defined"
                    | "floor"
                    | "ceil"
                    | "mod"
                    | "div"
                    | "strcmp"
                    | "strlen"
                    | "image_width"
                    | "image_height"
                    | "vlength"
                    | "vdot"
                    | "pow"
                    | "sqrt"
            ),
            Tok::Word(w) => matches!(self.lookup(w), Some(Value::Float(_)) | Some(Value::Array(_))),
            _ => false,
        }
    }

    /// `[Bool]` after a flag keyword: an explicit value when one follows, else true.
    pub fn parse_optional_bool(&mut self) -> PResult<bool> {
        if self.starts_float() {
            Ok(truthy(self.parse_float()?))
        } else {
            Ok(true)
        }
    }

    /// A float checked to be a whole number in `0..=max`.
    pub fn parse_count(&mut self, what: &str, max: u64) -> PResult<u64> {
        let at = self.peek_at();
        let v = self.parse_float()?;
        if v.is_finite() && v >= 0.0 && v <= max as f64 {
            Ok(v as u64)
        } else {
            Err(self.error(
                &at,
                SceneErrorKind::Semantic,
                format!("`{what}` must be between 0 and {max}, found {v}"),
            ))
        }
    }
}
