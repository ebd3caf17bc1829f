//! The evaluator: expressions, built-in functions, directives (`#declare`, `#if`, `#while`,
//! `#macro`, `#include`, ...), and the values identifiers hold.

pub(crate) mod builtins;
pub(crate) mod control;
pub(crate) mod datetime;
pub(crate) mod declare;
pub(crate) mod directives;
pub(crate) mod expr;
pub(crate) mod fileio;
pub(crate) mod geometry;
pub(crate) mod includes;
pub(crate) mod macros;
pub(crate) mod rvalue;
pub(crate) mod spline;
pub(crate) mod value;
