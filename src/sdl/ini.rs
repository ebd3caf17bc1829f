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
    /// `Clock`, `+K`: the value of `clock` for a still.
    pub clock: Option<f64>,
    /// `File_Gamma`: `None` for sRGB (POV-Ray 3.7's default), else the exponent.
    pub file_gamma: Option<f64>,
    /// `Bits_Per_Color`, `+FN16`: 16-bit samples in the PNG.
    pub sixteen_bit: Option<bool>,
    /// `Output_Alpha`, `+UA`: an alpha channel.
    pub output_alpha: Option<bool>,
    /// `Start_Row`, `End_Row`, `Start_Column`, `End_Column` as written: below 1 (at or
    /// below 1 for the ends) a fraction of the image, else a 1-based pixel number.
    pub start_row: Option<f64>,
    pub end_row: Option<f64>,
    pub start_column: Option<f64>,
    pub end_column: Option<f64>,
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
        "clock" => o.clock = Some(float(ctx, vcol, key, value)?),
        "file_gamma" => {
            o.file_gamma = if value.trim().eq_ignore_ascii_case("srgb") {
                None
            } else {
                let g = float(ctx, vcol, key, value)?;
                if !(0.1..=10.0).contains(&g) {
                    return Err(ctx.error(
                        vcol,
                        value.len(),
                        format!("`File_Gamma` must be `sRGB` or between 0.1 and 10, found `{value}`"),
                    ));
                }
                Some(g)
            }
        }
        "start_row" => o.start_row = Some(region_value(ctx, vcol, key, value)?),
        "end_row" => o.end_row = Some(region_value(ctx, vcol, key, value)?),
        "start_column" => o.start_column = Some(region_value(ctx, vcol, key, value)?),
        "end_column" => o.end_column = Some(region_value(ctx, vcol, key, value)?),
        "output_file_type" => output_type(o, ctx, kcol, value.trim()),
        "bits_per_color" | "bits_per_colour" => {
            let bits: u32 = num(ctx, vcol, key, value)?;
            bit_depth(o, ctx, kcol, bits);
        }
        "output_alpha" => o.output_alpha = Some(boolean(ctx, vcol, key, value)?),
        "pre_scene_command"
        | "pre_frame_command"
        | "post_scene_command"
        | "post_frame_command"
        | "user_abort_command"
        | "fatal_error_command" => o.warnings.push(Warning {
            location: Some(ctx.location(kcol)),
            message: format!("INI option `{key}` would run a shell command; spotray never runs one"),
        }),
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
    } else if let Some(slot) = ["SR", "ER", "SC", "EC"].iter().position(|p| upper.starts_with(p)) {
        let v = region_value(ctx, col, word, rest(2))?;
        *[
            &mut o.start_row,
            &mut o.end_row,
            &mut o.start_column,
            &mut o.end_column,
        ][slot] = Some(v);
    } else if upper.starts_with('K')
        && rest(1).starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
    {
        o.clock = Some(float(ctx, col, "+K", rest(1))?);
    } else if upper.starts_with('F') && on {
        output_type(o, ctx, col, rest(1));
    } else if upper == "UA" {
        o.output_alpha = Some(on);
    } else {
        o.warnings.push(Warning {
            location: Some(ctx.location(col)),
            message: format!("INI switch `{word}` is ignored by spotray"),
        });
    }
    Ok(())
}

/// A region bound: a non-negative number.
fn region_value(ctx: &Ctx<'_>, col: usize, key: &str, v: &str) -> Result<f64, SceneError> {
    let f = float(ctx, col, key, v)?;
    if f < 0.0 {
        return Err(ctx.error(col, v.len(), format!("`{key}` cannot be negative, found `{v}`")));
    }
    Ok(f)
}

/// `Output_File_Type` / `+F`: a type letter and an optional bit depth (`N16`).
fn output_type(o: &mut IniOptions, ctx: &Ctx<'_>, col: usize, value: &str) {
    let mut chars = value.chars();
    let kind = chars.next().map(|c| c.to_ascii_uppercase());
    let bits = chars.as_str();
    match kind {
        None | Some('N') => {
            if !bits.is_empty() {
                match bits.parse() {
                    Ok(n) => bit_depth(o, ctx, col, n),
                    Err(_) => o.warnings.push(Warning {
                        location: Some(ctx.location(col)),
                        message: format!("bit depth `{bits}` is not a number: the PNG keeps 8 bits"),
                    }),
                }
            }
        }
        Some(other) => o.warnings.push(Warning {
            location: Some(ctx.location(col)),
            message: format!("output file type `{other}` is written as PNG: spotray writes PNG files only"),
        }),
    }
}

/// POV-Ray takes 5 to 16 bits a colour for PNG; a PNG file holds 8 or 16, so other
/// depths are written at the next one up, with a warning.
fn bit_depth(o: &mut IniOptions, ctx: &Ctx<'_>, col: usize, bits: u32) {
    let sixteen = bits > 8;
    if bits != 8 && bits != 16 {
        let written = if sixteen { 16 } else { 8 };
        o.warnings.push(Warning {
            location: Some(ctx.location(col)),
            message: format!("{bits} bits a colour: the PNG is written with {written}"),
        });
    }
    o.sixteen_bit = Some(sixteen);
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
    fn output_options_clock_and_partial_renders() {
        let text = "Clock=0.5\nFile_Gamma=2.2\n+SR0.5 +ER20 +SC2 +EC0.5\n\
                    Output_File_Type=T\n+FN16\nOutput_Alpha=off\n+UA\nPre_Scene_Command=rm -rf x\n+KFI1\n";
        let o = parse_ini_str("o.ini", text).unwrap();
        assert_eq!(o.clock, Some(0.5));
        assert_eq!(o.file_gamma, Some(2.2));
        assert_eq!(
            (o.start_row, o.end_row, o.start_column, o.end_column),
            (Some(0.5), Some(20.0), Some(2.0), Some(0.5))
        );
        assert_eq!((o.sixteen_bit, o.output_alpha), (Some(true), Some(true)));
        let messages: Vec<_> = o.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(messages[0].contains("type `T` is written as PNG"), "{messages:?}");
        assert!(messages[1].contains("never runs one"), "{messages:?}");
        assert!(messages[2].contains("`+KFI1` is ignored"), "{messages:?}");
        assert_eq!(messages.len(), 3);
        let o = parse_ini_str(
            "o.ini",
            "Bits_Per_Color=12
-UA
+FN5
",
        )
        .unwrap();
        assert_eq!((o.sixteen_bit, o.output_alpha), (Some(false), Some(false)));
        let messages: Vec<_> = o.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "12 bits a colour: the PNG is written with 16",
                "5 bits a colour: the PNG is written with 8"
            ]
        );
        let o = parse_ini_str("o.ini", "+K-2.5\nFile_Gamma=sRGB\n").unwrap();
        assert_eq!((o.clock, o.file_gamma), (Some(-2.5), None));
        for (bad, want) in [
            ("File_Gamma=0", "between 0.1 and 10"),
            ("Start_Row=-1", "cannot be negative"),
            ("+ERx", "expected a number"),
        ] {
            let e = parse_ini_str("bad.ini", bad).unwrap_err();
            assert!(e.to_string().contains(want), "{bad}: {e}");
        }
    }

    #[test]
    fn sections_are_skipped() {
        let o = parse_ini_str("s.ini", "Width=10\n[Other]\nWidth=20\n").unwrap();
        assert_eq!(o.width, Some(10));
        assert_eq!(o.warnings.len(), 1);
    }
}
