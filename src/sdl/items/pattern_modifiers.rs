//! Pattern modifiers shared by pigments (and, in time, normals and textures):
//! turbulence and its octaves, omega and lambda, frequency, phase, wave forms,
//! `noise_generator`, `agate_turb`, the fractal modifiers and `warp { }` (read in
//! `warps.rs`).

use glam::DVec3;

use crate::scene::pattern::{Pattern, PatternKind, Turbulence, Wave};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// The modifiers any pattern takes: turbulence and its parameters, frequency, phase,
/// the waves and the noise generator.
pub(crate) const TURBULENCE_AND_WAVE: &[&str] = &[
    "turbulence",
    "octaves",
    "omega",
    "lambda",
    "frequency",
    "phase",
    "ramp_wave",
    "triangle_wave",
    "sine_wave",
    "scallop_wave",
    "cubic_wave",
    "poly_wave",
    "noise_generator",
    "agate_turb",
];

/// Whether `w` starts a pattern modifier [`Parser::pattern_modifier`] reads.
pub(crate) fn is_pattern_modifier(w: &str) -> bool {
    TURBULENCE_AND_WAVE.contains(&w)
        || matches!(
            w,
            "warp"
                | "brick_size"
                | "mortar"
                | "control0"
                | "control1"
                | "form"
                | "metric"
                | "offset"
                | "solid"
                | "interpolate"
        )
        || crate::sdl::items::fractal_patterns::is_fractal_modifier(w)
}

/// Octaves a turbulence may sum: POV-Ray takes 1 to 10.
const MAX_OCTAVES: f64 = 10.0;

impl Parser<'_> {
    /// Reads the modifier that `t` (a word for which [`is_pattern_modifier`] holds)
    /// starts, into `pattern`.
    pub(crate) fn pattern_modifier(&mut self, t: &Token, pattern: &mut Pattern) -> PResult<()> {
        let w = t.word().unwrap_or("");
        match w {
            "turbulence" => pattern.turbulence_mut().amount = self.parse_turbulence_amount()?,
            "octaves" | "omega" | "lambda" => {
                let mut turbulence = *pattern.turbulence_mut();
                self.turbulence_parameter(t, &mut turbulence)?;
                pattern.turbulence = Some(turbulence);
            }
            "frequency" => pattern.frequency = self.parse_float()?,
            "phase" => pattern.phase = self.parse_float()?,
            "ramp_wave" => pattern.wave = Wave::Ramp,
            "triangle_wave" => pattern.wave = Wave::Triangle,
            "sine_wave" => pattern.wave = Wave::Sine,
            "scallop_wave" => pattern.wave = Wave::Scallop,
            "cubic_wave" => pattern.wave = Wave::Cubic,
            "poly_wave" => {
                let exponent = if self.starts_float() {
                    self.parse_float()?
                } else {
                    1.0
                };
                pattern.wave = Wave::Poly(exponent);
            }
            "noise_generator" => {
                let v = self.parse_float()?;
                if !(1.0..=3.0).contains(&v) {
                    return Err(self.semantic(t, format!("`noise_generator` is 1, 2 or 3, not {v}")));
                }
                pattern.noise_generator = Some(v as u8);
            }
            "agate_turb" => {
                let v = self.parse_float()?;
                if let PatternKind::Agate { turbulence } = &mut pattern.kind {
                    *turbulence = v;
                }
            }
            "warp" => self.warp_block(t, pattern)?,
            "exponent" | "exterior" | "interior" => self.fractal_modifier(t, w, &mut pattern.kind)?,
            "brick_size" | "mortar" | "control0" | "control1" | "form" | "metric" | "offset" | "solid"
            | "interpolate" => self.kind_parameter(t, w, &mut pattern.kind)?,
            _ => return Err(self.expected("a pattern modifier", t)),
        }
        Ok(())
    }

    /// A parameter of brick, quilted or crackle; on another pattern it is read and named
    /// in a warning, as it changes nothing.
    fn kind_parameter(&mut self, t: &Token, w: &str, kind: &mut PatternKind) -> PResult<()> {
        match (w, kind) {
            ("brick_size", PatternKind::Brick { size, .. }) => *size = self.parse_vector3()?,
            ("mortar", PatternKind::Brick { mortar, .. }) => *mortar = self.parse_float()?,
            ("control0", PatternKind::Quilted { control0, .. }) => *control0 = self.parse_float()?,
            ("control1", PatternKind::Quilted { control1, .. }) => *control1 = self.parse_float()?,
            ("form", PatternKind::Crackle { form, .. }) => *form = self.parse_vector3()?,
            ("metric", PatternKind::Crackle { metric, .. }) => *metric = self.parse_float()?,
            ("offset", PatternKind::Crackle { offset, .. }) => *offset = self.parse_float()?,
            ("solid", PatternKind::Crackle { solid, .. }) => *solid = true,
            ("interpolate", PatternKind::DensityFile { interpolate, .. }) => {
                // POV-Ray's (int) of the float; out of range, its x86-64 result.
                let v = self.parse_float()?;
                *interpolate = if v > -2_147_483_649.0 && v < 2_147_483_648.0 {
                    v as i32
                } else {
                    i32::MIN
                };
            }
            _ => {
                match w {
                    "solid" => {}
                    "brick_size" | "form" => {
                        self.parse_vector3()?;
                    }
                    _ => {
                        self.parse_float()?;
                    }
                }
                self.warn(t, format!("`{w}` does nothing on this pattern"));
            }
        }
        Ok(())
    }

    /// `turbulence` takes a vector or one float for all three axes.
    fn parse_turbulence_amount(&mut self) -> PResult<DVec3> {
        self.parse_vector3()
    }

    pub(crate) fn turbulence_parameter(&mut self, t: &Token, turbulence: &mut Turbulence) -> PResult<()> {
        let v = self.parse_float()?;
        match t.word() {
            Some("octaves") => {
                if !(1.0..=MAX_OCTAVES).contains(&v.floor()) {
                    return Err(self.semantic(t, format!("`octaves` is 1 to 10, not {v}")));
                }
                turbulence.octaves = v as u32;
            }
            Some("omega") => turbulence.omega = v,
            _ => turbulence.lambda = v,
        }
        Ok(())
    }
}

impl Parser<'_> {
    /// `{ PATTERN [modifiers and transforms] }` after the keyword `pattern` (`t`), as
    /// in `function { pattern { ... } }`. `None` for a pattern spotray cannot evaluate
    /// yet (named as unsupported where it is used).
    pub(crate) fn parse_pattern_block(&mut self, t: &Token) -> PResult<Option<Pattern>> {
        self.expect_sym(Sym::LBrace, "after `pattern`")?;
        self.enter(t)?;
        let r = self.pattern_block_body();
        self.leave();
        r
    }

    fn pattern_block_body(&mut self) -> PResult<Option<Pattern>> {
        let mut pattern = Pattern::new(PatternKind::Bozo);
        let mut kind_seen = false;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                if !kind_seen {
                    return Err(self.expected("a pattern (`gradient x`, `bozo`, ...)", &item));
                }
                break;
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a pattern, a pattern modifier or `}`", &item));
            };
            // The list patterns give their values here: 0 and 1 (and 2 for hexagon).
            if crate::sdl::items::pigments::is_pattern_name(&w)
                || matches!(w.as_str(), "checker" | "hexagon" | "brick" | "cubic")
            {
                let kind = self.parse_pattern_args(&item, &w)?;
                pattern.set_kind(kind);
                kind_seen = true;
            } else if is_pattern_modifier(&w) {
                self.pattern_modifier(&item, &mut pattern)?;
            } else if crate::sdl::items::transform::is_transform_keyword(&w) {
                let m = self.parse_transform_item(&item)?.expect("transform keyword");
                pattern.transform(m);
            } else if crate::sdl::items::pigments::is_unsupported_pattern(&w) {
                self.unsupported_here(&item, &w)?;
                self.skip_rest_of_block()?;
                return Ok(None);
            } else {
                return Err(self.expected("a pattern, a pattern modifier or `}`", &item));
            }
        }
        Ok(Some(pattern))
    }
}
