//! Compiling `function [(a, b, ...)] { expression }` into a [`Function`]: the expression
//! language of POV-Ray's functions (floats only; `x`, `y`, `z` or named parameters;
//! declared floats and functions; the built-in maths; `select`, comparisons, logic).

use std::sync::Arc;

use crate::render::pattern::CompiledPattern;
use crate::render::texture::pigment::CompiledPigment;
use crate::sdl::eval::expr::component_index;
use crate::sdl::eval::spline::Spline;

use super::internal::Builtin;
use super::{Function, Op, MAX_COST};
use crate::sdl::eval::value::Value;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// The code being built, with its stack depth and cost as it grows.
struct Builder {
    params: Vec<Arc<str>>,
    /// Whether the parameters are the implicit `x`, `y`, `z` (so `u`, `v` mean `x`, `y`).
    implicit: bool,
    code: Vec<Op>,
    callees: Vec<Arc<Function>>,
    splines: Vec<Arc<Spline>>,
    pigments: Vec<Arc<CompiledPigment>>,
    depth: usize,
    max_depth: usize,
    cost: u64,
}

/// The index of `item` in `list` (by identity), added at the end when it is new: each
/// function or spline a function uses is held once.
fn slot_of<T>(list: &mut Vec<Arc<T>>, item: Arc<T>) -> usize {
    match list.iter().position(|c| Arc::ptr_eq(c, &item)) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

impl Builder {
    /// Appends `op`, which pops `pops` values and pushes one (or none for jumps).
    fn emit(&mut self, op: Op, pops: usize, pushes: usize) {
        self.code.push(op);
        self.depth = self.depth + pushes - pops;
        self.max_depth = self.max_depth.max(self.depth);
        self.cost += 1;
    }
}

fn math1(name: &str) -> Option<fn(f64) -> f64> {
    Some(match name {
        "abs" => f64::abs,
        "acos" => f64::acos,
        "acosh" => f64::acosh,
        "asin" => f64::asin,
        "asinh" => f64::asinh,
        "atan" => f64::atan,
        "atanh" => f64::atanh,
        "ceil" => f64::ceil,
        "cos" => f64::cos,
        "cosh" => f64::cosh,
        "degrees" => f64::to_degrees,
        "exp" => f64::exp,
        "floor" => f64::floor,
        "int" => f64::trunc,
        "ln" => f64::ln,
        "log" => f64::log10,
        "radians" => f64::to_radians,
        "sin" => f64::sin,
        "sinh" => f64::sinh,
        "sqrt" => f64::sqrt,
        "tan" => f64::tan,
        "tanh" => f64::tanh,
        _ => return None,
    })
}

fn math2(name: &str) -> Option<fn(f64, f64) -> f64> {
    Some(match name {
        "atan2" => f64::atan2,
        "pow" => f64::powf,
        "mod" => |a: f64, b: f64| a % b,
        _ => return None,
    })
}

/// Binary operators from the loosest to the tightest binding.
const BINARY_LEVELS: &[&[(Sym, Op)]] = &[
    &[(Sym::Amp, Op::And), (Sym::Pipe, Op::Or)],
    &[
        (Sym::Lt, Op::Lt),
        (Sym::Le, Op::Le),
        (Sym::Eq, Op::Eq),
        (Sym::Ne, Op::Ne),
        (Sym::Ge, Op::Ge),
        (Sym::Gt, Op::Gt),
    ],
    &[(Sym::Plus, Op::Add), (Sym::Minus, Op::Sub)],
    &[(Sym::Star, Op::Mul), (Sym::Slash, Op::Div)],
];

impl Parser<'_> {
    /// `[(a, b, ...)] { expression }` after the keyword `function` (`t`); `None` for a
    /// kind of function spotray does not compile yet (pigment, pattern and spline
    /// functions), reported as unsupported where it is used.
    pub(crate) fn parse_function(&mut self, t: &Token) -> PResult<Option<Function>> {
        let mut params = Vec::new();
        let implicit = !self.peek_raw_is_sym(Sym::LParen);
        if implicit {
            params.extend(["x", "y", "z"].map(Arc::from));
        } else {
            self.next()?;
            loop {
                if self.accept_sym_raw(Sym::RParen)? {
                    break;
                }
                let name = self.next()?;
                let Some(w) = name.word() else {
                    return Err(self.expected("a parameter name", &name));
                };
                if params.iter().any(|p: &Arc<str>| &**p == w) {
                    return Err(self.semantic(&name, format!("the parameter `{w}` is named twice")));
                }
                params.push(Arc::from(w));
                if params.len() > u8::MAX as usize {
                    return Err(self.limit(&name, "a function has at most 255 parameters"));
                }
                self.accept_sym_raw(Sym::Comma)?;
            }
        }
        self.expect_sym(Sym::LBrace, "after `function`")?;
        if self.peek_raw().and_then(Token::word) == Some("pattern") {
            let kw = self.next()?;
            let pattern = self.parse_pattern_block(&kw)?;
            self.expect_sym(Sym::RBrace, "to close the function")?;
            let generator = self.scene.global.noise_generator;
            let Some(pattern) = pattern else {
                return Ok(None);
            };
            let mut compiled = CompiledPattern::compile_in(&pattern, None, generator);
            self.compile_pattern_pigments(t, &mut compiled)?;
            return Ok(Some(Function::of_pattern(compiled)));
        }
        if let Some(w @ ("pigment" | "transform")) = self.peek_raw().and_then(Token::word) {
            let feature = format!("{w} function");
            self.unsupported_here(t, &feature)?;
            self.skip_rest_of_block()?;
            return Ok(None);
        }
        if self.peek_raw().and_then(Token::word) == Some("internal") {
            return self.fn_internal().map(Some);
        }
        let mut b = Builder {
            params,
            implicit,
            code: Vec::new(),
            callees: Vec::new(),
            splines: Vec::new(),
            pigments: Vec::new(),
            depth: 0,
            max_depth: 0,
            cost: 0,
        };
        self.enter(t)?;
        let body = self.fn_expression(&mut b);
        self.leave();
        body?;
        self.expect_sym(Sym::RBrace, "to close the function")?;
        if b.cost > MAX_COST {
            return Err(self.limit(
                t,
                format!("the function would take more than {MAX_COST} operations per evaluation (functions calling functions)"),
            ));
        }
        let callee_need = b.callees.iter().map(|c| c.stack_need).max().unwrap_or(0);
        Ok(Some(Function {
            params: b.params,
            code: b.code,
            callees: b.callees,
            splines: b.splines,
            patterns: Vec::new(),
            pigments: b.pigments,
            stack_need: b.max_depth + callee_need,
            cost: b.cost,
        }))
    }

    /// `internal(N) }`: one of POV-Ray's built-in functions as a function's whole body.
    /// Like POV-Ray, its parameters are x, y, z and the built-in's own, whatever the
    /// function declared.
    fn fn_internal(&mut self) -> PResult<Function> {
        self.next()?;
        self.expect_sym(Sym::LParen, "after `internal`")?;
        let n = self.next()?;
        let Tok::Number(v) = n.tok else {
            return Err(self.expected("the internal function's number", &n));
        };
        let Some(builtin) = Builtin::numbered(v) else {
            return Err(self.semantic(
                &n,
                format!(
                    "there is no internal function {v}: POV-Ray 3.7's are numbered 0 to {}",
                    Builtin::COUNT - 1
                ),
            ));
        };
        self.expect_sym(Sym::RParen, "after the internal function's number")?;
        if !self.peek_raw_is_sym(Sym::RBrace) {
            let next = self.next()?;
            return Err(self.semantic(
                &next,
                format!("`internal({v})` must be the whole body of its function, as in functions.inc"),
            ));
        }
        self.expect_sym(Sym::RBrace, "to close the function")?;
        let mut params: Vec<Arc<str>> = ["x", "y", "z"].map(Arc::from).to_vec();
        params.extend((0..builtin.params).map(|i| Arc::from(format!("P{i}"))));
        Ok(Function {
            params,
            code: vec![Op::Internal(builtin)],
            callees: Vec::new(),
            splines: Vec::new(),
            patterns: Vec::new(),
            pigments: Vec::new(),
            stack_need: 1,
            cost: 1,
        })
    }

    /// A whole expression. POV-Ray 3.7's functions have no `?:`: `select` chooses.
    fn fn_expression(&mut self, b: &mut Builder) -> PResult<()> {
        self.fn_binary(b, 0)
    }

    /// Operands joined by the operators of [`BINARY_LEVELS`]`[level]` (left to right),
    /// each operand one level tighter.
    fn fn_binary(&mut self, b: &mut Builder, level: usize) -> PResult<()> {
        let Some(operators) = BINARY_LEVELS.get(level) else {
            return self.fn_unary(b);
        };
        self.fn_binary(b, level + 1)?;
        loop {
            let Some((_, op)) = operators.iter().find(|(sym, _)| self.peek_raw_is_sym(*sym)) else {
                return Ok(());
            };
            self.next()?;
            self.fn_binary(b, level + 1)?;
            b.emit(op.clone(), 2, 1);
        }
    }

    fn fn_unary(&mut self, b: &mut Builder) -> PResult<()> {
        if self.accept_sym_raw(Sym::Minus)? {
            self.fn_unary(b)?;
            b.emit(Op::Neg, 1, 1);
        } else if self.accept_sym_raw(Sym::Bang)? {
            self.fn_unary(b)?;
            b.emit(Op::Not, 1, 1);
        } else if self.accept_sym_raw(Sym::Plus)? {
            self.fn_unary(b)?;
        } else {
            // No `^`: POV-Ray 3.7's functions have none (pow(a, b) instead).
            self.fn_primary(b)?;
        }
        Ok(())
    }

    /// `(a, b, ...)`: `count` arguments, each an expression.
    fn fn_arguments(&mut self, b: &mut Builder, name: &Token, count: usize) -> PResult<()> {
        let what = name.word().unwrap_or("the function").to_string();
        self.expect_sym(Sym::LParen, &format!("after `{what}`"))?;
        for i in 0..count {
            if i > 0 {
                self.expect_sym(
                    Sym::Comma,
                    &format!("between the arguments of `{what}` (it takes {count})"),
                )?;
            }
            self.fn_expression(b)?;
        }
        self.expect_sym(Sym::RParen, &format!("after the {count} argument(s) of `{what}`"))?;
        Ok(())
    }

    fn fn_primary(&mut self, b: &mut Builder) -> PResult<()> {
        let t = self.next()?;
        let word = match &t.tok {
            Tok::Number(v) => {
                b.emit(Op::Const(*v), 0, 1);
                return Ok(());
            }
            Tok::Sym(Sym::LParen) => {
                self.enter(&t)?;
                let inner = self.fn_expression(b);
                self.leave();
                inner?;
                self.expect_sym(Sym::RParen, "to close the parenthesis")?;
                return Ok(());
            }
            Tok::Word(w) => w.clone(),
            _ => return Err(self.expected("a number, parameter or function in the function", &t)),
        };
        if let Some(i) = b.params.iter().position(|p| **p == *word) {
            b.emit(Op::Arg(i as u8), 0, 1);
            return Ok(());
        }
        let alias = match &*word {
            "u" if b.implicit => Some(0),
            "v" if b.implicit => Some(1),
            _ => None,
        };
        if let Some(i) = alias {
            b.emit(Op::Arg(i), 0, 1);
            return Ok(());
        }
        // POV-Ray's float keywords are constants of the function, as at its declaration.
        if let Some(c) = self.float_keyword(&word).filter(|_| t.kw) {
            b.emit(Op::Const(c), 0, 1);
            return Ok(());
        }
        if let Some(f) = math1(&word) {
            self.fn_arguments(b, &t, 1)?;
            b.emit(Op::Math1(f), 1, 1);
            return Ok(());
        }
        if let Some(f) = math2(&word) {
            self.fn_arguments(b, &t, 2)?;
            b.emit(Op::Math2(f), 2, 1);
            return Ok(());
        }
        match &*word {
            // Two or more arguments.
            "min" | "max" => {
                let pair: fn(f64, f64) -> f64 = if &*word == "min" { f64::min } else { f64::max };
                self.expect_sym(Sym::LParen, &format!("after `{word}`"))?;
                self.fn_expression(b)?;
                self.expect_sym(Sym::Comma, &format!("`{word}` takes at least 2 arguments"))?;
                loop {
                    self.fn_expression(b)?;
                    b.emit(Op::Math2(pair), 2, 1);
                    if !self.accept_sym_raw(Sym::Comma)? {
                        break;
                    }
                }
                self.expect_sym(Sym::RParen, &format!("after the arguments of `{word}`"))?;
                return Ok(());
            }
            "select" => {
                self.expect_sym(Sym::LParen, "after `select`")?;
                let mut count = 0;
                loop {
                    self.fn_expression(b)?;
                    count += 1;
                    if !self.accept_sym_raw(Sym::Comma)? {
                        break;
                    }
                }
                self.expect_sym(Sym::RParen, "after the arguments of `select`")?;
                match count {
                    3 => b.emit(Op::Select3, 3, 1),
                    4 => b.emit(Op::Select4, 4, 1),
                    n => return Err(self.semantic(&t, format!("`select` takes 3 or 4 arguments, not {n}"))),
                }
                return Ok(());
            }
            "internal" => {
                return Err(self.semantic(
                    &t,
                    "`internal(N)` must be the whole body of its function, as in `function { internal(61) }`",
                ))
            }
            _ => {}
        }
        match self.lookup(&word) {
            Some(Value::Float(f)) => {
                let f = *f;
                b.emit(Op::Const(f), 0, 1);
                Ok(())
            }
            Some(Value::Function(f)) => {
                let f = f.clone();
                let argc = f.params.len();
                self.fn_arguments(b, &t, argc)?;
                let callee = slot_of(&mut b.callees, f.clone());
                if callee > u16::MAX as usize {
                    return Err(self.limit(&t, "a function calls too many other functions"));
                }
                b.emit(
                    Op::Call {
                        callee: callee as u16,
                        argc: argc as u8,
                    },
                    argc,
                    1,
                );
                b.cost = b.cost.saturating_add(f.cost);
                Ok(())
            }
            Some(Value::Poisoned(p)) => {
                // A declared pattern or pigment function, say: the error names it.
                let p = p.clone();
                self.use_poisoned(&p, &word, &t)?;
                self.skip_parens_if_any()?;
                // A component of what it would have given (`F(x, y, z).gray`).
                if self.accept_sym_raw(Sym::Dot)? {
                    self.next()?;
                }
                b.emit(Op::Const(0.0), 0, 1);
                Ok(())
            }
            Some(Value::PigmentFunction(pigment)) => {
                let pigment = pigment.clone();
                self.fn_arguments(b, &t, 3)?;
                // `P(x, y, z).gray`, `.red`, ...: one component; without one, red.
                let mut component = 0;
                if self.accept_sym_raw(Sym::Dot)? {
                    let c = self.next()?;
                    component = match c.word() {
                        Some("gray" | "grey") => super::pigment::GRAY,
                        Some(w) => match component_index(w) {
                            Some(i) => i as u8,
                            None => {
                                return Err(self.expected(
                                    "a colour component (`red`, `green`, `blue`, `filter`, `transmit`, `gray` ...) after `.`",
                                    &c,
                                ))
                            }
                        },
                        None => return Err(self.expected("a colour component after `.`", &c)),
                    };
                }
                let index = slot_of(&mut b.pigments, pigment);
                if index > u16::MAX as usize {
                    return Err(self.limit(&t, "a function uses too many pigments"));
                }
                b.emit(
                    Op::Pigment {
                        index: index as u16,
                        component,
                    },
                    3,
                    1,
                );
                b.cost = b.cost.saturating_add(200);
                Ok(())
            }
            Some(Value::Spline(s)) => {
                let s = s.clone();
                self.fn_arguments(b, &t, 1)?;
                // `S(t).y` picks a component; without one, the first, as POV-Ray does.
                let mut component = 0;
                if self.accept_sym_raw(Sym::Dot)? {
                    let c = self.next()?;
                    component = match c.word().and_then(component_index) {
                        Some(i) => i as u8,
                        None => {
                            return Err(
                                self.expected("a component name (`x`, `y`, `z`, `t` ...) after `.`", &c)
                            )
                        }
                    };
                }
                let index = slot_of(&mut b.splines, s);
                if index > u16::MAX as usize {
                    return Err(self.limit(&t, "a function uses too many splines"));
                }
                b.emit(
                    Op::Spline {
                        index: index as u16,
                        component,
                    },
                    1,
                    1,
                );
                b.cost = b.cost.saturating_add(64);
                Ok(())
            }
            Some(other) => Err(self.semantic(
                &t,
                format!(
                    "a function can use floats, functions and splines, not the {} `{word}`",
                    other.type_name()
                ),
            )),
            None if t.kw => Err(self.unsupported(&t, &format!("{word} in a function"))),
            None => Err(self.unknown_identifier(&t, &word)),
        }
    }
}
