//! User-defined functions (`function { ... }`, `function(a, b) { ... }`): compiled once to
//! a flat postfix program with a known stack depth and cost, and evaluated by a small stack
//! machine, fast enough to be called millions of times (isosurfaces, function patterns).

mod call;
mod compile;
mod internal;
pub(crate) mod pigment;

use std::sync::Arc;

use crate::render::pattern::CompiledPattern;
use crate::render::texture::pigment::CompiledPigment;
use crate::sdl::eval::spline::Spline;

/// Operations a function evaluates from this many operations, counting those of the
/// functions it calls: a chain of functions that each call the last twice would
/// otherwise take exponential time.
pub const MAX_COST: u64 = 10_000_000;

/// One step of a compiled function, on a stack of floats.
#[derive(Clone, Debug)]
pub enum Op {
    Const(f64),
    Arg(u8),
    Neg,
    Not,
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
    And,
    Or,
    Math1(fn(f64) -> f64),
    Math2(fn(f64, f64) -> f64),
    /// `select(a, b, c)`: b where a < 0, else c.
    Select3,
    /// `select(a, b, c, d)`: b where a < 0, c where a = 0, else d.
    Select4,
    /// Calls `callees[index]` with the top `argc` values.
    Call {
        callee: u16,
        argc: u8,
    },
    /// Evaluates `splines[index]` at the top value and keeps one component.
    Spline {
        index: u16,
        component: u8,
    },
    /// One of POV-Ray's built-in functions (`internal(N)`), given this function's
    /// arguments: the whole body of a function that is one.
    Internal(&'static internal::Builtin),
    /// A pattern's value at this function's first three arguments: the whole body of a
    /// pattern function.
    Pattern(u16),
    /// A component of `pigments[index]` at the top three values.
    Pigment {
        index: u16,
        component: u8,
    },
}

/// A compiled function.
#[derive(Debug)]
pub struct Function {
    /// Parameter names: `x`, `y`, `z` unless the function names its own.
    pub params: Vec<Arc<str>>,
    code: Vec<Op>,
    callees: Vec<Arc<Function>>,
    splines: Vec<Arc<Spline>>,
    patterns: Vec<Arc<CompiledPattern>>,
    pigments: Vec<Arc<CompiledPigment>>,
    /// Stack one evaluation needs, its callees' included (each runs above the values of
    /// its caller).
    stack_need: usize,
    /// Operations one evaluation takes, callees included.
    pub cost: u64,
}

/// Why an evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum FunctionError {
    #[error("the function takes {expected} argument(s), not {given}")]
    Arity { expected: usize, given: usize },
}

/// What evaluating a pattern counts for in a function's cost: noise-based patterns
/// sum several octaves.
const PATTERN_COST: u64 = 200;

impl Function {
    /// `function { pattern { ... } }`: the pattern's value at (x, y, z).
    pub fn of_pattern(pattern: CompiledPattern) -> Function {
        Function {
            params: ["x", "y", "z"].map(Arc::from).to_vec(),
            code: vec![Op::Pattern(0)],
            callees: Vec::new(),
            splines: Vec::new(),
            patterns: vec![Arc::new(pattern)],
            pigments: Vec::new(),
            stack_need: 1,
            cost: PATTERN_COST,
        }
    }

    /// The function's value at `args` (one per parameter).
    pub fn call(&self, args: &[f64]) -> Result<f64, FunctionError> {
        /// Stacks this deep live on the Rust stack, so most calls allocate nothing.
        const INLINE: usize = 64;
        if args.len() != self.params.len() {
            return Err(FunctionError::Arity {
                expected: self.params.len(),
                given: args.len(),
            });
        }
        if self.stack_need <= INLINE {
            Ok(self.run(args, &mut [0.0; INLINE]))
        } else {
            Ok(self.run(args, &mut vec![0.0; self.stack_need]))
        }
    }

    /// Evaluates at `args` on `stack`, which holds at least `stack_need` values.
    fn run(&self, args: &[f64], stack: &mut [f64]) -> f64 {
        let mut sp = 0;
        for op in &self.code {
            match *op {
                Op::Const(c) => push(stack, &mut sp, c),
                Op::Arg(i) => push(stack, &mut sp, args[i as usize]),
                Op::Neg => unary(stack, sp, |a| -a),
                Op::Not => unary(stack, sp, |a| f64::from(a == 0.0)),
                Op::Add => binary(stack, &mut sp, |a, b| a + b),
                Op::Sub => binary(stack, &mut sp, |a, b| a - b),
                Op::Mul => binary(stack, &mut sp, |a, b| a * b),
                Op::Div => binary(stack, &mut sp, |a, b| a / b),
                Op::Lt => binary(stack, &mut sp, |a, b| f64::from(a < b)),
                Op::Le => binary(stack, &mut sp, |a, b| f64::from(a <= b)),
                Op::Eq => binary(stack, &mut sp, |a, b| f64::from(a == b)),
                Op::Ne => binary(stack, &mut sp, |a, b| f64::from(a != b)),
                Op::Ge => binary(stack, &mut sp, |a, b| f64::from(a >= b)),
                Op::Gt => binary(stack, &mut sp, |a, b| f64::from(a > b)),
                Op::And => binary(stack, &mut sp, |a, b| f64::from(a != 0.0 && b != 0.0)),
                Op::Or => binary(stack, &mut sp, |a, b| f64::from(a != 0.0 || b != 0.0)),
                Op::Math1(f) => unary(stack, sp, f),
                Op::Math2(f) => binary(stack, &mut sp, f),
                Op::Select3 => {
                    sp -= 2;
                    let [a, b, c] = [stack[sp - 1], stack[sp], stack[sp + 1]];
                    stack[sp - 1] = if a < 0.0 { b } else { c };
                }
                Op::Select4 => {
                    sp -= 3;
                    let [a, b, c, d] = [stack[sp - 1], stack[sp], stack[sp + 1], stack[sp + 2]];
                    stack[sp - 1] = if a < 0.0 {
                        b
                    } else if a == 0.0 {
                        c
                    } else {
                        d
                    };
                }
                Op::Call { callee, argc } => {
                    // The arguments stay where they are: the callee reads them in place
                    // and runs on the stack above them.
                    let at = sp - argc as usize;
                    let (below, above) = stack.split_at_mut(sp);
                    let value = self.callees[callee as usize].run(&below[at..], above);
                    sp = at;
                    push(stack, &mut sp, value);
                }
                Op::Spline { index, component } => unary(stack, sp, |t| {
                    self.splines[index as usize].eval(t)[component as usize]
                }),
                Op::Internal(builtin) => push(stack, &mut sp, builtin.eval(args)),
                Op::Pigment { index, component } => {
                    sp -= 2;
                    let [x, y, z] = [stack[sp - 1], stack[sp], stack[sp + 1]];
                    stack[sp - 1] = pigment::component(&self.pigments[index as usize], x, y, z, component);
                }
                Op::Pattern(index) => {
                    let at = glam::DVec3::new(args[0], args[1], args[2]);
                    push(stack, &mut sp, self.patterns[index as usize].value(at));
                }
            }
        }
        debug_assert_eq!(sp, 1, "the compiler balances the stack");
        stack[0]
    }
}

fn push(stack: &mut [f64], sp: &mut usize, value: f64) {
    stack[*sp] = value;
    *sp += 1;
}

fn unary(stack: &mut [f64], sp: usize, f: impl Fn(f64) -> f64) {
    stack[sp - 1] = f(stack[sp - 1]);
}

fn binary(stack: &mut [f64], sp: &mut usize, f: impl Fn(f64, f64) -> f64) {
    *sp -= 1;
    stack[*sp - 1] = f(stack[*sp - 1], stack[*sp]);
}
