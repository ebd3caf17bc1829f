//! The lexer: source text to tokens (comments, numbers, strings, words, symbols, `#directives`).

use std::rc::Rc;

use crate::budget::MemoryBudget;
use crate::sdl::token::{Sym, Tok, Token};

/// A lexical error at a position (line, column, length in characters).
#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    pub message: String,
    pub line: u32,
    pub col: u32,
    pub len: u32,
    /// The job's memory budget ran out while lexing (not a syntax error).
    pub over_budget: bool,
}

/// Most characters a single string literal may hold.
const MAX_STRING_CHARS: usize = 1 << 20;

struct Lexer {
    /// One shared copy of each word and directive name: a scene repeats the same few
    /// names millions of times.
    names: std::collections::HashMap<String, Rc<str>>,
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
    file: u32,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.col = 1;
        } else {
            self.col = self.col.saturating_add(1);
        }
        Some(c)
    }

    fn err(&self, message: impl Into<String>, line: u32, col: u32, len: u32) -> LexError {
        LexError {
            message: message.into(),
            line,
            col,
            len,
            over_budget: false,
        }
    }

    /// Skips whitespace and comments (`//` to end of line, nested `/* */`).
    fn skip_trivia(&mut self) -> Result<(), LexError> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_whitespace() || c == '\u{1a}' || c == '\u{feff}' => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let (line, col) = (self.line, self.col);
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    loop {
                        match (self.peek(0), self.peek(1)) {
                            (None, _) => {
                                return Err(self.err(
                                    "expected `*/` to close this comment, found end of file",
                                    line,
                                    col,
                                    2,
                                ))
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn intern(&mut self, name: String) -> Rc<str> {
        if let Some(shared) = self.names.get(&name) {
            return shared.clone();
        }
        let shared: Rc<str> = Rc::from(name.as_str());
        self.names.insert(name, shared.clone());
        shared
    }

    fn word(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek(0) {
            if c.is_ascii_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn number(&mut self, line: u32, col: u32) -> Result<f64, LexError> {
        let mut s = String::new();
        while let Some(c) = self.peek(0) {
            if c.is_ascii_digit() {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        if self.peek(0) == Some('.') && !s.contains('.') {
            s.push('.');
            self.bump();
            while let Some(c) = self.peek(0) {
                if c.is_ascii_digit() {
                    s.push(c);
                    self.bump();
                } else {
                    break;
                }
            }
        }
        if matches!(self.peek(0), Some('e') | Some('E')) {
            let digit_at = match self.peek(1) {
                Some('+') | Some('-') => 2,
                _ => 1,
            };
            if self.peek(digit_at).is_some_and(|c| c.is_ascii_digit()) {
                for _ in 0..digit_at {
                    s.push(self.bump().unwrap_or('0'));
                }
                while let Some(c) = self.peek(0) {
                    if c.is_ascii_digit() {
                        s.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
            }
        }
        let len = s.chars().count() as u32;
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.err(format!("invalid number `{s}`"), line, col, len)),
        }
    }

    fn string(&mut self, line: u32, col: u32) -> Result<String, LexError> {
        self.bump(); // opening quote
        let mut s = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.err(
                    "expected `\"` to close this string, found end of file",
                    line,
                    col,
                    1,
                ));
            };
            match c {
                '"' => break,
                '\\' => {
                    let Some(e) = self.bump() else { continue };
                    match e {
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        'a' => s.push('\u{7}'),
                        'b' => s.push('\u{8}'),
                        'f' => s.push('\u{c}'),
                        'v' => s.push('\u{b}'),
                        '0' => s.push('\0'),
                        '\\' => s.push('\\'),
                        '\'' => s.push('\''),
                        '"' => s.push('"'),
                        'u' => {
                            let mut code = 0u32;
                            let mut n = 0;
                            while n < 4 {
                                match self.peek(0).and_then(|c| c.to_digit(16)) {
                                    Some(d) => {
                                        code = code * 16 + d;
                                        self.bump();
                                        n += 1;
                                    }
                                    None => break,
                                }
                            }
                            s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        other => {
                            // Unknown escapes (e.g. Windows paths) are kept verbatim.
                            s.push('\\');
                            s.push(other);
                        }
                    }
                }
                _ => s.push(c),
            }
            if s.len() > MAX_STRING_CHARS {
                return Err(self.err("string literal is too long", line, col, 1));
            }
        }
        Ok(s)
    }

    fn next_token(&mut self) -> Result<Option<Token>, LexError> {
        self.skip_trivia()?;
        let (line, col) = (self.line, self.col);
        let Some(c) = self.peek(0) else {
            return Ok(None);
        };
        let start = self.pos;
        let tok = if c.is_ascii_alphabetic() || c == '_' {
            let word = self.word();
            Tok::Word(self.intern(word))
        } else if c.is_ascii_digit() || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) {
            Tok::Number(self.number(line, col)?)
        } else if c == '"' {
            Tok::Str(Rc::from(self.string(line, col)?))
        } else if c == '#' {
            self.bump();
            while matches!(self.peek(0), Some(' ') | Some('\t')) {
                self.bump();
            }
            match self.peek(0) {
                Some(d) if d.is_ascii_alphabetic() || d == '_' => {
                    let word = self.word();
                    Tok::Directive(self.intern(word))
                }
                // POV-Ray skips a `#` that no directive name follows (`look_at <0,2,0>#`).
                _ => return self.next_token(),
            }
        } else {
            self.bump();
            let next = self.peek(0);
            let sym = match c {
                '{' => Sym::LBrace,
                '}' => Sym::RBrace,
                '(' => Sym::LParen,
                ')' => Sym::RParen,
                '[' => Sym::LBracket,
                ']' => Sym::RBracket,
                '<' if next == Some('=') => {
                    self.bump();
                    Sym::Le
                }
                '>' if next == Some('=') => {
                    self.bump();
                    Sym::Ge
                }
                '!' if next == Some('=') => {
                    self.bump();
                    Sym::Ne
                }
                '<' => Sym::Lt,
                '>' => Sym::Gt,
                '=' => Sym::Eq,
                ',' => Sym::Comma,
                ';' => Sym::Semicolon,
                '+' => Sym::Plus,
                '-' => Sym::Minus,
                '*' => Sym::Star,
                '/' => Sym::Slash,
                '!' => Sym::Bang,
                '?' => Sym::Question,
                '^' => Sym::Caret,
                ':' => Sym::Colon,
                '&' => Sym::Amp,
                '|' => Sym::Pipe,
                '.' => Sym::Dot,
                other => {
                    let shown: String = if other.is_control() {
                        format!("U+{:04X}", other as u32)
                    } else {
                        other.to_string()
                    };
                    return Err(self.err(format!("unexpected character `{shown}`"), line, col, 1));
                }
            };
            Tok::Sym(sym)
        };
        let len = (self.pos - start).min(u32::MAX as usize) as u32;
        let kw = matches!(&tok, Tok::Word(w) if crate::sdl::keywords::is_keyword(w));
        Ok(Some(Token {
            tok,
            kw,
            file: self.file,
            line,
            col,
            len,
        }))
    }
}

/// Tokens lexed between two looks at the memory budget.
const TOKENS_PER_BUDGET_CHECK: usize = 4096;

/// Splits `text` into tokens. `file` is stored in each token for error reporting.
#[cfg(test)]
pub fn lex(text: &str, file: u32) -> Result<Vec<Token>, LexError> {
    lex_within(text, file, MemoryBudget::UNLIMITED)
}

/// [`lex`], stopping with [`LexError::over_budget`] set once the job's memory budget is
/// spent (a big file lexes into many times its size in tokens).
pub fn lex_within(text: &str, file: u32, memory: MemoryBudget) -> Result<Vec<Token>, LexError> {
    let over = |lexer: &Lexer, e: crate::budget::OverBudget| LexError {
        over_budget: true,
        ..lexer.err(e.to_string(), lexer.line, lexer.col, 1)
    };
    let mut lexer = Lexer {
        names: std::collections::HashMap::new(),
        chars: Vec::new(),
        pos: 0,
        line: 1,
        col: 1,
        file,
    };
    memory
        .reserve((text.len() * std::mem::size_of::<char>()) as u64)
        .map_err(|e| over(&lexer, e))?;
    lexer.chars = text.chars().collect();
    let mut tokens = Vec::new();
    while let Some(t) = lexer.next_token()? {
        tokens.push(t);
        if tokens.len() % TOKENS_PER_BUDGET_CHECK == 0 {
            memory.check().map_err(|e| over(&lexer, e))?;
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        lex(text, 0).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers_words_and_symbols() {
        let toks = kinds("sphere { <0, 1.5, .5>, 2e3 } 1. 3E-2");
        assert_eq!(toks[0], Tok::Word("sphere".into()));
        assert_eq!(toks[1], Tok::Sym(Sym::LBrace));
        assert_eq!(toks[2], Tok::Sym(Sym::Lt));
        assert_eq!(toks[3], Tok::Number(0.0));
        assert_eq!(toks[5], Tok::Number(1.5));
        assert_eq!(toks[7], Tok::Number(0.5));
        assert_eq!(toks[8], Tok::Sym(Sym::Gt));
        assert_eq!(toks[10], Tok::Number(2000.0));
        assert_eq!(toks[12], Tok::Number(1.0));
        assert_eq!(toks[13], Tok::Number(0.03));
    }

    #[test]
    fn comments_nest() {
        let toks = kinds("a /* x /* y */ z */ b // c\n d");
        assert_eq!(
            toks,
            vec![
                Tok::Word("a".into()),
                Tok::Word("b".into()),
                Tok::Word("d".into())
            ]
        );
    }

    #[test]
    fn strings_with_escapes() {
        let toks = kinds(r#""a\tb\"c\\d\n" "C:\dir""#);
        assert_eq!(toks[0], Tok::Str("a\tb\"c\\d\n".into()));
        assert_eq!(toks[1], Tok::Str("C:\\dir".into()));
    }

    #[test]
    fn directives_and_compound_symbols() {
        let toks = kinds("#declare # if <= >= != A.x");
        assert_eq!(toks[0], Tok::Directive("declare".into()));
        assert_eq!(toks[1], Tok::Directive("if".into()));
        assert_eq!(toks[2], Tok::Sym(Sym::Le));
        assert_eq!(toks[3], Tok::Sym(Sym::Ge));
        assert_eq!(toks[4], Tok::Sym(Sym::Ne));
        assert_eq!(toks[5], Tok::Word("A".into()));
        assert_eq!(toks[6], Tok::Sym(Sym::Dot));
        assert_eq!(toks[7], Tok::Word("x".into()));
    }

    #[test]
    fn positions_are_tracked() {
        let toks = lex("a\n  bc\n\t#end", 3).unwrap();
        assert_eq!((toks[0].line, toks[0].col, toks[0].len), (1, 1, 1));
        assert_eq!((toks[1].line, toks[1].col, toks[1].len), (2, 3, 2));
        assert_eq!((toks[2].line, toks[2].col, toks[2].len), (3, 2, 4));
        assert_eq!(toks[2].file, 3);
    }

    #[test]
    fn errors_have_positions() {
        let e = lex("a\n /* open", 0).unwrap_err();
        assert_eq!((e.line, e.col), (2, 2));
        let e = lex("x \"abc", 0).unwrap_err();
        assert!(e.message.contains("close this string"));
        let e = lex("a @", 0).unwrap_err();
        assert_eq!(e.col, 3);
        assert!(e.message.contains('@'));
    }
}
