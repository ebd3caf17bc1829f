//! Calling a declared function from the scene's own expressions: `F(1, 2, 3)`.

use std::sync::Arc;

use super::Function;
use crate::sdl::eval::expr::Operand;
use crate::sdl::eval::value::Num;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `(args)` after the name of function `f` (`name` at `t`), and its value.
    pub(crate) fn call_function(&mut self, f: &Arc<Function>, name: &str, t: &Token) -> PResult<Operand> {
        self.expect_sym(Sym::LParen, &format!("after the function `{name}`"))?;
        let mut args = Vec::with_capacity(f.params.len());
        if !self.accept_sym_raw(Sym::RParen)? {
            loop {
                let at = self.peek_at();
                match self.parse_expr()? {
                    Operand::Num(Num::Float(v)) => args.push(v),
                    _ => return Err(self.semantic(&at, format!("the arguments of `{name}` are floats"))),
                }
                self.run_pending_directives()?;
                if self.accept_sym_raw(Sym::RParen)? {
                    break;
                }
                self.expect_sym(Sym::Comma, &format!("between the arguments of `{name}`"))?;
            }
        }
        f.call(&args)
            .map(|v| Operand::Num(Num::Float(v)))
            .map_err(|e| self.semantic(t, format!("`{name}`: {e}")))
    }
}
