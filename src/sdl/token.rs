//! Tokens produced by the lexer, each with its source position.

use std::fmt;
use std::rc::Rc;

/// Punctuation and operator symbols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sym {
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Lt,
    Gt,
    Le,
    Ge,
    Ne,
    Eq,
    Comma,
    Semicolon,
    Plus,
    Minus,
    Star,
    Slash,
    Bang,
    Question,
    Colon,
    Amp,
    Pipe,
    Dot,
    /// `^`, which POV-Ray reads as a token but no expression uses.
    Caret,
}

impl Sym {
    pub fn text(self) -> &'static str {
        match self {
            Sym::LBrace => "{",
            Sym::RBrace => "}",
            Sym::LParen => "(",
            Sym::RParen => ")",
            Sym::LBracket => "[",
            Sym::RBracket => "]",
            Sym::Lt => "<",
            Sym::Gt => ">",
            Sym::Le => "<=",
            Sym::Ge => ">=",
            Sym::Ne => "!=",
            Sym::Eq => "=",
            Sym::Comma => ",",
            Sym::Semicolon => ";",
            Sym::Plus => "+",
            Sym::Minus => "-",
            Sym::Star => "*",
            Sym::Caret => "^",
            Sym::Slash => "/",
            Sym::Bang => "!",
            Sym::Question => "?",
            Sym::Colon => ":",
            Sym::Amp => "&",
            Sym::Pipe => "|",
            Sym::Dot => ".",
        }
    }
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A keyword or an identifier (told apart by the keyword table).
    Word(Rc<str>),
    Number(f64),
    Str(Rc<str>),
    /// `#name`, with the name only.
    Directive(Rc<str>),
    Sym(Sym),
    Eof,
}

/// A token with its position: file index (into the parser's file table), line, column
/// and length in characters.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    /// For `Tok::Word`: whether the word is a POV-Ray keyword (computed once by the lexer).
    pub kw: bool,
    pub file: u32,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Token {
    pub fn is_sym(&self, s: Sym) -> bool {
        matches!(self.tok, Tok::Sym(x) if x == s)
    }

    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Word(x) if &**x == w)
    }

    pub fn word(&self) -> Option<&str> {
        match &self.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn directive(&self) -> Option<&str> {
        match &self.tok {
            Tok::Directive(w) => Some(w),
            _ => None,
        }
    }
}

impl fmt::Display for Tok {
    /// How a token is named in error messages ("found `box`", "found end of file").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Word(w) => write!(f, "`{w}`"),
            Tok::Number(n) => write!(f, "number `{n}`"),
            Tok::Str(s) => {
                let short: String = s.chars().take(40).collect();
                write!(f, "string \"{short}\"")
            }
            Tok::Directive(d) => write!(f, "`#{d}`"),
            Tok::Sym(s) => write!(f, "`{}`", s.text()),
            Tok::Eof => write!(f, "end of file"),
        }
    }
}
