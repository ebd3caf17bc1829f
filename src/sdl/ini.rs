//! POV-Ray INI files: `Key=Value` options and `+X`/`-X` switches.

use std::path::{Path, PathBuf};

use crate::sdl::error::{Location, SceneError, SceneErrorKind, Snippet, Warning};

/// The INI options spotray uses. Anything else is reported in `warnings`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IniOptions {
    pub input_file: Option<String>,
    pub output_file: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub antialias: Option<bool>,
    pub antialias_threshold: Option<f64>,
    pub antialias_depth: Option<u32>,
    pub sampling_method: Option<u32>,
    pub jitter: Option<bool>,
    pub jitter_amount: Option<f64>,
    pub quality: Option<u32>,
    /// As written (relative paths are relative to the directory POV-Ray runs in).
    pub library_paths: Vec<PathBuf>,
    pub declares: Vec<(String, f64)>,
    pub warnings: Vec<Warning>,
}

/// Reads and parses an INI file.
/// POV-Ray's INI files are a few lines long; anything this big is not one.
const MAX_INI_BYTES: u64 = 1 << 20;

pub fn parse_ini_file(path: &Path) -> Result<IniOptions, SceneError> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_INI_BYTES {
            return Err(SceneError::new(
                SceneErrorKind::Limit,
                format!(
                    "INI file `{}` is {} bytes, more than the limit of {MAX_INI_BYTES}",
                    path.display(),
                    meta.len()
                ),
            ));
        }
    }
    let bytes = std::fs::read(path).map_err(|e| {
        SceneError::new(
            crate::sdl::unreadable_file_kind(path),
            format!("cannot read INI file `{}`: {e}", path.display()),
        )
    })?;
    let text = String::from_utf8_lossy(&bytes);
    crate::sdl::catch_parser_panic(|| parse_ini(path, &text))
}

/// Parses INI text; `name` is used in messages.
pub fn parse_ini_str(name: &str, text: &str) -> Result<IniOptions, SceneError> {
    crate::sdl::catch_parser_panic(|| parse_ini(Path::new(name), text))
}

struct Ctx<'a> {
    file: &'a Path,
    line_no: u32,
    line: &'a str,
}

impl Ctx<'_> {
    fn location(&self, col: usize) -> Location {
        Location {
            file: self.file.to_path_buf(),
            line: self.line_no,
            column: col as u32 + 1,
        }
    }

    fn error(&self, col: usize, len: usize, msg: String) -> SceneError {
        SceneError::new(SceneErrorKind::Syntax, msg).at(
            self.location(col),
            Some(Snippet {
                line_text: self.line.to_string(),
                span: len.max(1) as u32,
            }),
        )
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Some(true),
        "off" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        &v[1..v.len() - 1]
    } else {
        v
    }
}

/// Removes a `;` comment (outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut in_quote = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            ';' if !in_quote => return &line[..i],
            _ => {}
        }
    }
    line
}

fn parse_ini(file: &Path, text: &str) -> Result<IniOptions, SceneError> {
    #[cfg(test)]
    crate::sdl::panic_if_asked(text);
    let mut o = IniOptions::default();
    let mut in_section = false;
    for (i, raw_line) in text.lines().enumerate() {
        let ctx = Ctx {
            file,
            line_no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            line: raw_line,
        };
        let line = strip_comment(raw_line);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        let col0 = line.len() - line.trim_start().len();
        if trimmed.starts_with('[') {
            if !in_section {
                o.warnings.push(Warning {
                    location: Some(ctx.location(col0)),
                    message: "INI sections are ignored (only options before the first section apply)".into(),
                });
            }
            in_section = true;
            continue;
        }
        if in_section {
            continue;
        }
        if trimmed.starts_with('+') || trimmed.starts_with('-') {
            // One or more switches separated by whitespace.
            let mut offset = col0;
            for word in trimmed.split_whitespace() {
                let col = line[offset..].find(word).map_or(offset, |p| p + offset);
                offset = col + word.len();
                apply_switch(&mut o, &ctx, col, word)?;
            }
            continue;
        }
        let Some(eq) = trimmed.find('=') else {
            return Err(ctx.error(
                col0,
                trimmed.len(),
                format!("expected `Key=Value` or a `+`/`-` switch, found `{trimmed}`"),
            ));
        };
        let key = trimmed[..eq].trim();
        let value = unquote(&trimmed[eq + 1..]);
        let vcol = col0 + eq + 1;
        apply_option(&mut o, &ctx, col0, vcol, key, value)?;
    }
    Ok(o)
}

fn num<T: std::str::FromStr>(ctx: &Ctx<'_>, col: usize, key: &str, v: &str) -> Result<T, SceneError> {
    v.trim().parse::<T>().map_err(|_| {
        ctx.error(
            col,
            v.len(),
            format!("expected a number for `{key}`, found `{v}`"),
        )
    })
}

fn float(ctx: &Ctx<'_>, col: usize, key: &str, v: &str) -> Result<f64, SceneError> {
    let f: f64 = num(ctx, col, key, v)?;
    if f.is_finite() {
        Ok(f)
    } else {
        Err(ctx.error(
            col,
            v.len(),
            format!("expected a finite number for `{key}`, found `{v}`"),
        ))
    }
}

fn boolean(ctx: &Ctx<'_>, col: usize, key: &str, v: &str) -> Result<bool, SceneError> {
    parse_bool(v).ok_or_else(|| ctx.error(col, v.len(), format!("expected on/off for `{key}`, found `{v}`")))
}

fn apply_option(
    o: &mut IniOptions,
    ctx: &Ctx<'_>,
    kcol: usize,
    vcol: usize,
    key: &str,
    value: &str,
) -> Result<(), SceneError> {
    match key.to_ascii_lowercase().as_str() {
        "input_file_name" => o.input_file = Some(value.to_string()),
        "output_file_name" => o.output_file = Some(value.to_string()),
        "width" => o.width = Some(num(ctx, vcol, key, value)?),
        "height" => o.height = Some(num(ctx, vcol, key, value)?),
        "antialias" => o.antialias = Some(boolean(ctx, vcol, key, value)?),
        "antialias_threshold" => o.antialias_threshold = Some(float(ctx, vcol, key, value)?),
        "antialias_depth" => o.antialias_depth = Some(num(ctx, vcol, key, value)?),
        "sampling_method" => o.sampling_method = Some(num(ctx, vcol, key, value)?),
        "jitter" => o.jitter = Some(boolean(ctx, vcol, key, value)?),
        "jitter_amount" => o.jitter_amount = Some(float(ctx, vcol, key, value)?),
        "quality" => o.quality = Some(num(ctx, vcol, key, value)?),
        "library_path" => o.library_paths.push(PathBuf::from(value)),
        "declare" => {
            let Some(eq) = value.find('=') else {
                return Err(ctx.error(
                    vcol,
                    value.len(),
                    format!("expected `Declare=NAME=VALUE`, found `{value}`"),
                ));
            };
            let name = value[..eq].trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(ctx.error(vcol, value.len(), format!("`{name}` is not a valid identifier")));
            }
            let v = float(ctx, vcol + eq + 1, key, &value[eq + 1..])?;
            o.declares.push((name.to_string(), v));
        }
        _ => o.warnings.push(Warning {
            location: Some(ctx.location(kcol)),
            message: format!("INI option `{key}` is ignored by spotray"),
        }),
    }
    Ok(())
}

fn apply_switch(o: &mut IniOptions, ctx: &Ctx<'_>, col: usize, word: &str) -> Result<(), SceneError> {
    let (on, body) = match (word.strip_prefix('+'), word.strip_prefix('-')) {
        (Some(b), _) => (true, b),
        (None, Some(b)) => (false, b),
        _ => {
            return Err(ctx.error(
                col,
                word.len(),
                format!("expected a `+` or `-` switch, found `{word}`"),
            ));
        }
    };
    let upper = body.to_ascii_uppercase();
    let rest = |n: usize| &body[n.min(body.len())..];
    if upper.starts_with("AM") {
        o.sampling_method = Some(num(ctx, col, "+AM", rest(2))?);
    } else if upper.starts_with('A') && !upper.starts_with("AG") {
        o.antialias = Some(on);
        if !rest(1).is_empty() {
            o.antialias_threshold = Some(float(ctx, col, "+A", rest(1))?);
        }
    } else if upper.starts_with('W') {
        o.width = Some(num(ctx, col, "+W", rest(1))?);
    } else if upper.starts_with('H') {
        o.height = Some(num(ctx, col, "+H", rest(1))?);
    } else if upper.starts_with('Q') {
        o.quality = Some(num(ctx, col, "+Q", rest(1))?);
    } else if upper.starts_with('R') {
        o.antialias_depth = Some(num(ctx, col, "+R", rest(1))?);
    } else if upper.starts_with('J') {
        o.jitter = Some(on);
        if !rest(1).is_empty() {
            o.jitter_amount = Some(float(ctx, col, "+J", rest(1))?);
        }
    } else if upper.starts_with('I') {
        o.input_file = Some(unquote(rest(1)).to_string());
    } else if upper.starts_with('O') {
        o.output_file = Some(unquote(rest(1)).to_string());
    } else if upper.starts_with('L') {
        o.library_paths.push(PathBuf::from(unquote(rest(1))));
    } else {
        o.warnings.push(Warning {
            location: Some(ctx.location(col)),
            message: format!("INI switch `{word}` is ignored by spotray"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecslogo_ini() {
        let text = "; comment\nInput_File_Name=ECSLogo.pov\n+W1920 +H1080\nQuality=11\nAntialias=on\nSampling_Method=2\nAntialias_Depth=5\nJitter=on\n";
        let o = parse_ini_str("ECSLogo.ini", text).unwrap();
        assert_eq!(o.input_file.as_deref(), Some("ECSLogo.pov"));
        assert_eq!((o.width, o.height), (Some(1920), Some(1080)));
        assert_eq!(o.quality, Some(11));
        assert_eq!(o.antialias, Some(true));
        assert_eq!(o.sampling_method, Some(2));
        assert_eq!(o.antialias_depth, Some(5));
        assert_eq!(o.jitter, Some(true));
        assert!(o.warnings.is_empty());
    }

    #[test]
    fn switches_declares_and_paths() {
        let text =
            "+A0.3 -J +AM1 +R3\nLibrary_Path=\"inc dir\"\n+L/usr/share/x\nDeclare=Foo=2.5\nDisplay=off\n";
        let o = parse_ini_str("x.ini", text).unwrap();
        assert_eq!(o.antialias, Some(true));
        assert_eq!(o.antialias_threshold, Some(0.3));
        assert_eq!(o.jitter, Some(false));
        assert_eq!(o.sampling_method, Some(1));
        assert_eq!(o.antialias_depth, Some(3));
        assert_eq!(
            o.library_paths,
            vec![PathBuf::from("inc dir"), PathBuf::from("/usr/share/x")]
        );
        assert_eq!(o.declares, vec![("Foo".to_string(), 2.5)]);
        assert_eq!(o.warnings.len(), 1);
        assert!(o.warnings[0].message.contains("Display"));
    }

    #[test]
    fn errors_point_at_the_value() {
        let e = parse_ini_str("bad.ini", "Width=abc\n").unwrap_err();
        assert_eq!(e.kind(), SceneErrorKind::Syntax);
        assert_eq!(e.location().unwrap().line, 1);
        assert_eq!(e.location().unwrap().column, 7);
        assert!(e
            .to_string()
            .contains("expected a number for `Width`, found `abc`"));
        let e = parse_ini_str("bad.ini", "\njust words\n").unwrap_err();
        assert_eq!(e.location().unwrap().line, 2);
    }

    #[test]
    fn sections_are_skipped() {
        let o = parse_ini_str("s.ini", "Width=10\n[Other]\nWidth=20\n").unwrap();
        assert_eq!(o.width, Some(10));
        assert_eq!(o.warnings.len(), 1);
    }
}
