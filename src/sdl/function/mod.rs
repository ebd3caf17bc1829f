//! User-defined functions (`function { ... }`, `function(a, b) { ... }`): compiled once to
//! a flat postfix program with a known stack depth and cost, and evaluated by a small stack
//! machine, fast enough to be called millions of times (isosurfaces, function patterns).

mod call;
mod compile;

use std::rc::Rc;

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
    /// An internal function spotray does not evaluate yet (`internal(N)`).
    Internal(u16),
}

/// A compiled function.
#[derive(Debug)]
pub struct Function {
    /// Parameter names: `x`, `y`, `z` unless the function names its own.
    pub params: Vec<Rc<str>>,
    code: Vec<Op>,
    callees: Vec<Rc<Function>>,
    splines: Vec<Rc<Spline>>,
    /// Deepest the stack grows, this function's own values only.
    max_stack: usize,
    /// Operations one evaluation takes, callees included.
    pub cost: u64,
}

/// Why an evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum FunctionError {
    #[error("internal function {0} (used by functions.inc's f_* functions) is not evaluated by spotray yet")]
    Internal(u16),
    #[error("the function takes {expected} argument(s), not {given}")]
    Arity { expected: usize, given: usize },
}

impl Function {
    /// The function's value at `args` (one per parameter).
    pub fn call(&self, args: &[f64]) -> Result<f64, FunctionError> {
        if args.len() != self.params.len() {
            return Err(FunctionError::Arity {
                expected: self.params.len(),
                given: args.len(),
            });
        }
        let mut stack = Vec::with_capacity(self.max_stack);
        self.run(args, &mut stack)
    }

    fn run(&self, args: &[f64], stack: &mut Vec<f64>) -> Result<f64, FunctionError> {
        let base = stack.len();
        let mut pc = 0;
        while let Some(op) = self.code.get(pc) {
            pc += 1;
            match *op {
                Op::Const(c) => stack.push(c),
                Op::Arg(i) => stack.push(args[i as usize]),
                Op::Neg => unary(stack, |a| -a),
                Op::Not => unary(stack, |a| f64::from(a == 0.0)),
                Op::Add => binary(stack, |a, b| a + b),
                Op::Sub => binary(stack, |a, b| a - b),
                Op::Mul => binary(stack, |a, b| a * b),
                Op::Div => binary(stack, |a, b| a / b),
                Op::Lt => binary(stack, |a, b| f64::from(a < b)),
                Op::Le => binary(stack, |a, b| f64::from(a <= b)),
                Op::Eq => binary(stack, |a, b| f64::from(a == b)),
                Op::Ne => binary(stack, |a, b| f64::from(a != b)),
                Op::Ge => binary(stack, |a, b| f64::from(a >= b)),
                Op::Gt => binary(stack, |a, b| f64::from(a > b)),
                Op::And => binary(stack, |a, b| f64::from(a != 0.0 && b != 0.0)),
                Op::Or => binary(stack, |a, b| f64::from(a != 0.0 || b != 0.0)),
                Op::Math1(f) => unary(stack, f),
                Op::Math2(f) => binary(stack, f),
                Op::Select3 => {
                    let c = pop(stack);
                    let b = pop(stack);
                    let a = pop(stack);
                    stack.push(if a < 0.0 { b } else { c });
                }
                Op::Select4 => {
                    let d = pop(stack);
                    let c = pop(stack);
                    let b = pop(stack);
                    let a = pop(stack);
                    stack.push(if a < 0.0 {
                        b
                    } else if a == 0.0 {
                        c
                    } else {
                        d
                    });
                }
                Op::Call { callee, argc } => {
                    let at = stack.len() - argc as usize;
                    let call_args: Vec<f64> = stack.drain(at..).collect();
                    let value = self.callees[callee as usize].call(&call_args)?;
                    stack.push(value);
                }
                Op::Spline { index, component } => unary(stack, |t| {
                    self.splines[index as usize].eval(t)[component as usize]
                }),
                Op::Internal(n) => return Err(FunctionError::Internal(n)),
            }
        }
        let value = pop(stack);
        stack.truncate(base);
        Ok(value)
    }
}

fn pop(stack: &mut Vec<f64>) -> f64 {
    stack.pop().expect("the compiler balances the stack")
}

fn unary(stack: &mut [f64], f: impl Fn(f64) -> f64) {
    let top = stack.last_mut().expect("the compiler balances the stack");
    *top = f(*top);
}

fn binary(stack: &mut Vec<f64>, f: impl Fn(f64, f64) -> f64) {
    let b = pop(stack);
    let top = stack.last_mut().expect("the compiler balances the stack");
    *top = f(*top, b);
}
