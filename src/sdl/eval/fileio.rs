//! `#fopen`, `#read`, `#write` and `#fclose`: data files a scene reads and writes. Reads
//! come from the places an include may come from (inside the job's folder or archive, or
//! POV-Ray's include folder); writes go only into the scene's own folder (for a queue job,
//! its scratch copy of the archive). Bounded: open files, bytes written, file sizes.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use crate::sdl::error::SceneErrorKind;
use crate::sdl::eval::expr::Operand;
use crate::sdl::eval::includes::read_source;
use crate::sdl::eval::value::{Num, Value, Vector};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// Files a scene may hold open at once.
const MAX_OPEN_FILES: usize = 32;
/// Bytes a scene may write in all, across its files.
pub const MAX_WRITTEN_BYTES: u64 = 16 << 20;

/// An open data file, named in the scene by a [`Value::File`] identifier.
pub enum UserFile {
    /// The file's tokens and the next one to read.
    Read {
        tokens: Rc<Vec<Token>>,
        next: usize,
    },
    Write(std::io::BufWriter<std::fs::File>),
}

impl Parser<'_> {
    /// `#fopen Ident "name" read|write|append` after the directive token `at`.
    pub(crate) fn dir_fopen(&mut self, at: &Token) -> PResult<()> {
        let (ident, _) = self.read_identifier_name("after `#fopen`")?;
        // Before anything is opened: a refused `write` must not have emptied its file.
        if self.user_files.iter().flatten().count() >= MAX_OPEN_FILES {
            return Err(self.limit(at, format!("more than {MAX_OPEN_FILES} data files open at once")));
        }
        let name_at = self.peek_at();
        let name = self.parse_string()?;
        let mode = self.next_raw()?;
        let handle = match mode.word() {
            Some("read") => {
                let path = self.find_file(at, &name).ok_or_else(|| {
                    self.error(
                        &name_at,
                        SceneErrorKind::MissingFile,
                        format!("cannot find data file `{name}` to read"),
                    )
                })?;
                let text = read_source(&path).map_err(|e| {
                    self.error(
                        &name_at,
                        SceneErrorKind::Io,
                        format!("cannot read data file `{name}`: {e}"),
                    )
                })?;
                let (_, tokens) = self.add_file(path, &text)?;
                UserFile::Read { tokens, next: 0 }
            }
            Some(m @ ("write" | "append")) => {
                let path = self.writable_path(&name_at, &name)?;
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .write(true)
                    .append(m == "append")
                    .truncate(m == "write")
                    .open(&path)
                    .map_err(|e| {
                        self.error(
                            &name_at,
                            SceneErrorKind::Io,
                            format!("cannot open `{name}` to {m}: {e}"),
                        )
                    })?;
                UserFile::Write(std::io::BufWriter::new(file))
            }
            _ => return Err(self.expected("`read`, `write` or `append` after the file name", &mode)),
        };
        let slot = match self.user_files.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                self.user_files.push(None);
                self.user_files.len() - 1
            }
        };
        self.user_files[slot] = Some(handle);
        self.assign(at, &ident, Value::File(slot as u32), false)
    }

    /// `#fclose Ident`: closes the file (flushing what was written); the identifier
    /// becomes undefined.
    pub(crate) fn dir_fclose(&mut self, _at: &Token) -> PResult<()> {
        let (ident, t) = self.read_identifier_name("after `#fclose`")?;
        let slot = self.file_slot(&ident, &t)?;
        self.close_file(&ident, slot, &t)
    }

    /// `#write (Ident, item, ...)`: strings as they are, floats and vectors as POV-Ray
    /// writes them (`%g`, vectors as `<a,b,c> `), readable back with `#read`.
    pub(crate) fn dir_write(&mut self, _at: &Token) -> PResult<()> {
        self.expect_sym(Sym::LParen, "after `#write`")?;
        let (ident, t) = self.read_identifier_name("to write to")?;
        let slot = self.file_slot(&ident, &t)?;
        let mut text: Vec<u8> = Vec::new();
        // The commas are optional, as everywhere in POV-Ray: `#write (F Header)`.
        loop {
            self.accept_sym_raw(Sym::Comma)?;
            if self.peek_raw_is_sym(Sym::RParen) {
                break;
            }
            if let Some(format) = self
                .peek_raw()
                .and_then(|t| t.word())
                .and_then(BinaryFormat::named)
            {
                self.next()?;
                self.write_binary(format, &mut text)?;
                continue;
            }
            match self.parse_expr()? {
                Operand::Str(s) => text.extend_from_slice(s.as_bytes()),
                Operand::Num(Num::Float(f)) => text.extend_from_slice(format_g(f).as_bytes()),
                Operand::Num(Num::Vec(v)) => {
                    let parts: Vec<String> = v.c[..v.n as usize].iter().map(|&c| format_g(c)).collect();
                    text.extend_from_slice(format!("<{}> ", parts.join(",")).as_bytes());
                }
            }
        }
        self.expect_sym(Sym::RParen, "to close `#write (...)`")?;
        self.written_bytes += text.len() as u64;
        if self.written_bytes > MAX_WRITTEN_BYTES {
            return Err(self.limit(
                &t,
                format!(
                    "the scene writes more than {} MiB to data files",
                    MAX_WRITTEN_BYTES >> 20
                ),
            ));
        }
        match &mut self.user_files[slot] {
            Some(UserFile::Write(w)) => w
                .write_all(&text)
                .map_err(|e| self.error(&t, SceneErrorKind::Io, format!("cannot write to `{ident}`: {e}"))),
            _ => Err(self.semantic(&t, format!("`{ident}` was opened to read, not to write"))),
        }
    }

    /// `#read (Ident, Var, ...)`: each variable gets the file's next float, vector or
    /// string. A read that finds the end of the file closes it and undefines its
    /// identifier, leaving the variable as it was, as in POV-Ray: `#while (defined(F))
    /// #read (F, V) ... #end` runs once more than there are items.
    pub(crate) fn dir_read(&mut self, _at: &Token) -> PResult<()> {
        self.expect_sym(Sym::LParen, "after `#read`")?;
        let (ident, t) = self.read_identifier_name("to read from")?;
        let slot = self.file_slot(&ident, &t)?;
        let mut targets = Vec::new();
        loop {
            self.accept_sym_raw(Sym::Comma)?;
            if self.peek_raw_is_sym(Sym::RParen) {
                break;
            }
            let (name, at) = self.read_identifier_name("to read into")?;
            targets.push((name, at));
        }
        self.expect_sym(Sym::RParen, "to close `#read (...)`")?;
        for (name, at) in targets {
            match self.read_datum(slot, &ident, &t)? {
                Some(value) => self.assign(&at, &name, value, false)?,
                None => return self.close_file(&ident, slot, &t),
            }
        }
        Ok(())
    }

    /// The next value in a file opened to read; `None` at its end.
    fn read_datum(&mut self, slot: usize, ident: &str, at: &Token) -> PResult<Option<Value>> {
        let Some(UserFile::Read { tokens, next }) = &mut self.user_files[slot] else {
            return Err(self.semantic(at, format!("`{ident}` was opened to write, not to read")));
        };
        let tokens = tokens.clone();
        let mut pos = *next;
        let tok = |pos: usize| tokens.get(pos).filter(|t| !matches!(t.tok, Tok::Eof));
        // Items are separated by commas (optional, as in POV-Ray's own reader).
        while tok(pos).is_some_and(|t| t.is_sym(Sym::Comma)) {
            pos += 1;
        }
        let Some(first) = tok(pos) else {
            return Ok(None);
        };
        let signed = |pos: &mut usize| -> Option<f64> {
            let mut sign = 1.0;
            while let Some(t) = tok(*pos) {
                match &t.tok {
                    Tok::Sym(Sym::Minus) => sign = -sign,
                    Tok::Sym(Sym::Plus) => {}
                    Tok::Number(v) => {
                        *pos += 1;
                        return Some(sign * v);
                    }
                    _ => return None,
                }
                *pos += 1;
            }
            None
        };
        let value = match &first.tok {
            Tok::Str(s) => {
                pos += 1;
                Value::Str(s.clone())
            }
            Tok::Sym(Sym::Lt) => {
                pos += 1;
                let mut comps = Vec::new();
                loop {
                    match tok(pos) {
                        Some(t) if t.is_sym(Sym::Gt) => {
                            pos += 1;
                            break;
                        }
                        Some(t) if t.is_sym(Sym::Comma) => pos += 1,
                        Some(t) => {
                            let t = t.clone();
                            let c = signed(&mut pos)
                                .ok_or_else(|| self.expected("a number in the vector", &t))?;
                            if comps.len() == 5 {
                                return Err(
                                    self.syntax(&t, "a vector read from a file has at most 5 components")
                                );
                            }
                            comps.push(c);
                        }
                        None => return Err(self.expected("`>` to close the vector", first)),
                    }
                }
                if comps.len() < 2 {
                    return Err(self.syntax(first, "a vector read from a file needs at least 2 components"));
                }
                Value::Vector(Vector::from_slice(&comps))
            }
            _ => {
                let first = first.clone();
                Value::Float(
                    signed(&mut pos)
                        .ok_or_else(|| self.expected("a number, vector or string to read", &first))?,
                )
            }
        };
        if let Some(UserFile::Read { next, .. }) = &mut self.user_files[slot] {
            *next = pos;
        }
        Ok(Some(value))
    }

    fn file_slot(&self, ident: &str, at: &Token) -> PResult<usize> {
        match self.lookup(ident) {
            Some(Value::File(slot)) if self.user_files.get(*slot as usize).is_some_and(Option::is_some) => {
                Ok(*slot as usize)
            }
            Some(v) => Err(self.semantic(at, format!("`{ident}` is a {}, not an open file", v.type_name()))),
            None => Err(self.semantic(
                at,
                format!("`{ident}` is not an open file (was it closed, or read to its end?)"),
            )),
        }
    }

    fn close_file(&mut self, ident: &str, slot: usize, at: &Token) -> PResult<()> {
        if let Some(UserFile::Write(mut w)) = self.user_files[slot].take() {
            w.flush()
                .map_err(|e| self.error(at, SceneErrorKind::Io, format!("cannot write to `{ident}`: {e}")))?;
        }
        if let Some(s) = self.scope_of(ident) {
            self.scopes[s].remove(ident);
        }
        Ok(())
    }

    /// Where `name` may be written: a relative path inside the scene's folder (and inside
    /// the folder a queue job is confined to), through no link that leads out of it.
    fn writable_path(&self, at: &Token, name: &str) -> PResult<PathBuf> {
        let relative = Path::new(name);
        let plain = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !plain || name.is_empty() {
            return Err(self.error(
                at,
                SceneErrorKind::Semantic,
                format!("`{name}`: a scene may write only files inside its own folder, named by a relative path without `..`"),
            ));
        }
        let path = self.base_dir.join(relative);
        let root = self.opts.confine_to.as_deref().unwrap_or(&self.base_dir);
        let parent = path.parent().unwrap_or(&self.base_dir);
        let inside = match (parent.canonicalize(), root.canonicalize()) {
            (Ok(p), Ok(r)) => p.starts_with(r),
            _ => false,
        };
        let leads_out = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
        if !inside || leads_out {
            return Err(self.error(
                at,
                SceneErrorKind::Semantic,
                format!("`{name}` is not inside the scene's folder, where a scene may write"),
            ));
        }
        Ok(path)
    }
}

/// `f` as C's `%g` writes it (6 significant digits, trailing zeros dropped, an exponent
/// below 1e-4 or from 1e6), which is how POV-Ray's `#write` writes floats.
pub fn format_g(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    if !f.is_finite() {
        return if f.is_nan() {
            "nan".into()
        } else if f > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    // The exponent after rounding to 6 significant digits.
    let scientific = format!("{f:.5e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("a decimal exponent");
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if !(-4..6).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exponent.abs())
    } else {
        let decimals = (5 - exponent).max(0) as usize;
        trim(&format!("{f:.decimals$}"))
    }
}

/// `#write`'s binary items (`uint8 200`, `sint16be <1, 2, 3>`): integers of a size and
/// byte order, each value rounded and clamped to the type's range, as POV-Ray 3.7 writes
/// them (arrays.inc's `ARRAYS_WriteDF3` makes density files with them).
#[derive(Clone, Copy, Debug)]
struct BinaryFormat {
    bytes: usize,
    signed: bool,
    big_endian: bool,
}

impl BinaryFormat {
    fn named(w: &str) -> Option<BinaryFormat> {
        let (bytes, signed, big_endian) = match w {
            "uint8" => (1, false, false),
            "sint8" => (1, true, false),
            "uint16be" => (2, false, true),
            "uint16le" => (2, false, false),
            "sint16be" => (2, true, true),
            "sint16le" => (2, true, false),
            "sint32be" => (4, true, true),
            "sint32le" => (4, true, false),
            _ => return None,
        };
        Some(BinaryFormat {
            bytes,
            signed,
            big_endian,
        })
    }

    fn push(self, value: f64, out: &mut Vec<u8>) {
        let bits = 8 * self.bytes as u32;
        let (min, max) = if self.signed {
            (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
        } else {
            (0, (1i64 << bits) - 1)
        };
        let v = if value.is_nan() {
            0
        } else {
            ((value + 0.5).floor().clamp(min as f64, max as f64)) as i64
        };
        let le = v.to_le_bytes();
        let mut word = le[..self.bytes].to_vec();
        if self.big_endian {
            word.reverse();
        }
        out.extend_from_slice(&word);
    }
}

impl Parser<'_> {
    /// The numbers after a binary format keyword, up to the next `,` or `)`.
    fn write_binary(&mut self, format: BinaryFormat, out: &mut Vec<u8>) -> PResult<()> {
        while !self.peek_raw_is_sym(Sym::Comma) && !self.peek_raw_is_sym(Sym::RParen) {
            let at = self.peek_at();
            match self.parse_expr()? {
                Operand::Num(Num::Float(f)) => format.push(f, out),
                Operand::Num(Num::Vec(v)) => v.c[..v.n as usize].iter().for_each(|&c| format.push(c, out)),
                Operand::Str(_) => {
                    return Err(self.semantic(
                        &at,
                        "a binary `#write` item is a number or a vector, not a string",
                    ))
                }
            }
            if out.len() as u64 > MAX_WRITTEN_BYTES {
                return Err(self.limit(
                    &at,
                    format!(
                        "the scene writes more than {} MiB to data files",
                        MAX_WRITTEN_BYTES >> 20
                    ),
                ));
            }
        }
        Ok(())
    }
}
