//! `#declare` and `#local`: assignment to identifiers and to array elements.

use std::rc::Rc;

use crate::sdl::eval::value::Value;
use crate::sdl::keywords::is_keyword;
use crate::sdl::parser::{FrameKind, PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// The scope a declaration writes, and the callers' variables a by-reference macro
/// parameter also updates.
pub(crate) struct DeclareTarget {
    scope: usize,
    aliases: Vec<(usize, Rc<str>)>,
}

impl Parser<'_> {
    pub(crate) fn dir_declare(&mut self, at: &Token, local: bool) -> PResult<()> {
        let which = if local { "#local" } else { "#declare" };
        let mut first = self.next_raw()?;
        if first.is_word("deprecated") {
            if self.peek_raw_is_word("once") {
                self.next_raw()?;
            }
            if matches!(self.peek_raw().map(|t| &t.tok), Some(Tok::Str(_))) {
                self.next_raw()?;
            }
            first = self.next_raw()?;
        }
        let name = match &first.tok {
            Tok::Word(w) if is_keyword(w) => {
                return Err(self.syntax(
                    &first,
                    format!("expected an identifier after `{which}`, found POV-Ray keyword `{w}` (keywords cannot be redefined)"),
                ))
            }
            Tok::Word(w) => w.clone(),
            _ => {
                return Err(self.syntax(
                    &first,
                    format!("expected an identifier after `{which}`, found {}", first.tok),
                ))
            }
        };
        let indices = self.parse_array_indices()?;
        let target = self.declare_target(&name, local);
        let eq = self.next()?;
        if !eq.is_sym(Sym::Eq) {
            return Err(self.expected(&format!("`=` after `{which} {name}`"), &eq));
        }
        self.lazy += 1;
        let saved = self.poison.take();
        let parsed = self.parse_rvalue(&first);
        self.lazy -= 1;
        let poison = std::mem::replace(&mut self.poison, saved);
        let mut value = parsed?;
        if let Some(p) = poison {
            value = Value::Poisoned(p);
        }
        // POV-Ray 3.7 takes up to two `;` after a float or vector (`#local B = 2;;`, or a
        // macro whose value ends in `;` called as `#local P = F(x);`, as meshmaker.inc
        // does), one after anything else; a missing one it only warns about.
        let numeric = matches!(value, Value::Float(_) | Value::Vector(_));
        if self.accept_sym_raw(Sym::Semicolon)? && numeric {
            self.accept_sym_raw(Sym::Semicolon)?;
        }
        if indices.is_empty() {
            self.assign_to(&first, &name, target, value)
        } else {
            self.assign_element(&first, &name, &indices, value)
        }
        .map_err(|e| {
            if e.location().is_none() {
                self.semantic(at, e.message().to_string())
            } else {
                e
            }
        })
    }

    /// Binds `name` following POV-Ray's rules: `#local` writes the innermost scope;
    /// `#declare` updates the innermost existing binding, else creates a global.
    pub fn assign(&mut self, at: &Token, name: &Rc<str>, value: Value, local: bool) -> PResult<()> {
        let target = self.declare_target(name, local);
        self.assign_to(at, name, target, value)
    }

    /// Where a declaration of `name` will land, decided before its value is parsed (as
    /// POV-Ray does): a macro called for the value may still be running when the value
    /// ends (`#local N = F(S)` with `F` ending in `Q;`), and its scope must not receive it.
    pub(crate) fn declare_target(&self, name: &Rc<str>, local: bool) -> DeclareTarget {
        let scope = if local {
            self.local_scope()
        } else {
            self.scope_of(name).unwrap_or(0)
        };
        DeclareTarget {
            scope,
            aliases: self.aliases_of(scope, name),
        }
    }

    /// A macro parameter given a bare identifier is that identifier, as in POV-Ray:
    /// `#local` or `#declare` of the parameter changes the caller's variable at once, and
    /// through a chain of such calls, every caller's. The caller's variables, innermost
    /// first.
    fn aliases_of(&self, scope: usize, name: &Rc<str>) -> Vec<(usize, Rc<str>)> {
        let mut aliases = Vec::new();
        let (mut scope, mut name) = (scope, name.clone());
        while let Some(frame) = self
            .frames
            .iter()
            .rev()
            .find(|f| matches!(f.kind, FrameKind::Macro { .. }) && f.scope == Some(scope))
        {
            let Some((_, outer)) = frame.by_ref.iter().find(|(p, _)| *p == name) else {
                break;
            };
            let Some(below) = (0..scope).rev().find(|&i| self.scopes[i].contains_key(&**outer)) else {
                break;
            };
            aliases.push((below, outer.clone()));
            (scope, name) = (below, outer.clone());
        }
        aliases
    }

    pub(crate) fn assign_to(
        &mut self,
        at: &Token,
        name: &Rc<str>,
        target: DeclareTarget,
        value: Value,
    ) -> PResult<()> {
        if let Value::Array(a) = &value {
            if a.items.len() > self.opts.limits.max_array_elements {
                return Err(self.limit(at, "array is too large"));
            }
        }
        for (scope, outer) in target.aliases {
            if let Some(slot) = self.scopes.get_mut(scope) {
                slot.insert(outer, value.clone());
            }
        }
        // The scope may have closed meanwhile (a `#declare` that ends a macro's body);
        // then the innermost open one takes it.
        let scope = target.scope.min(self.scopes.len() - 1);
        self.scopes[scope].insert(name.clone(), value);
        Ok(())
    }

    fn assign_element(
        &mut self,
        at: &Token,
        name: &Rc<str>,
        indices: &[(f64, Token)],
        value: Value,
    ) -> PResult<()> {
        let Some(scope) = self.scope_of(name) else {
            return Err(self.unknown_identifier(at, name));
        };
        let flat = {
            let Some(Value::Array(arr)) = self.scopes[scope].get(&**name) else {
                let ty = self.scopes[scope]
                    .get(&**name)
                    .map(|v| v.type_name())
                    .unwrap_or("value");
                return Err(self.semantic(at, format!("`{name}` is a {ty}, not an array")));
            };
            self.flat_index(name, arr, indices)?
        };
        // An array passed to a macro by name is the caller's array: the element changes
        // there too (each binding holds its own copy, so each gets the element).
        let mut bindings = self.aliases_of(scope, name);
        bindings.push((scope, name.clone()));
        for (scope, name) in bindings {
            if let Some(Value::Array(arr)) = self.scopes[scope].get_mut(&*name) {
                if arr.items.len() <= flat {
                    arr.items.resize(flat + 1, None);
                }
                arr.items[flat] = Some(value.clone());
            }
        }
        Ok(())
    }

    /// `[i][j]...` after an array name, each index with the `[` token that opened it.
    pub(crate) fn parse_array_indices(&mut self) -> PResult<Vec<(f64, Token)>> {
        let mut indices = Vec::new();
        while self.peek_raw_is_sym(Sym::LBracket) {
            let open = self.next()?;
            let i = self.parse_float_expr()?;
            indices.push((i, open));
            self.expect_sym(Sym::RBracket, "to close the array index")?;
        }
        Ok(indices)
    }

    /// Turns `[i][j]...` into a position in the array's storage, checking bounds.
    pub fn flat_index(
        &self,
        name: &str,
        arr: &crate::sdl::eval::value::Array,
        indices: &[(f64, Token)],
    ) -> PResult<usize> {
        if indices.len() != arr.dims.len() {
            let at = &indices.last().expect("at least one index").1;
            return Err(self.semantic(
                at,
                format!(
                    "array `{name}` has {} dimension(s) but {} index(es) were given",
                    arr.dims.len(),
                    indices.len()
                ),
            ));
        }
        let mut flat = 0usize;
        for ((i, t), &dim) in indices.iter().zip(&arr.dims) {
            let idx = if i.is_finite() && *i >= 0.0 && (*i as usize) < dim {
                *i as usize
            } else {
                return Err(self.semantic(
                    t,
                    format!("array index {i} is out of range for `{name}` (size {dim})"),
                ));
            };
            flat = flat * dim + idx;
        }
        Ok(flat)
    }
}
