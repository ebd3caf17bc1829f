//! `global_settings { ... }` (including `radiosity { ... }`) and `background { ... }`.

use crate::scene::{Colour, Radiosity};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `global_settings { ... }` after keyword `t`.
    pub fn parse_global_settings(&mut self, t: &Token) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `global_settings`")?;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(());
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a global setting or `}` to close `global_settings`", &item));
            };
            match w.as_str() {
                "assumed_gamma" => {
                    let g = self.parse_float()?;
                    if !(g.is_finite() && g > 0.0) {
                        return Err(self.semantic(&item, "`assumed_gamma` must be positive"));
                    }
                    self.scene.global.assumed_gamma = Some(g);
                }
                "ambient_light" => self.scene.global.ambient_light = self.parse_colour_rgb()?,
                "max_trace_level" => {
                    let v = self.parse_count("max_trace_level", 256)?;
                    self.scene.global.max_trace_level = v as u32;
                }
                "adc_bailout" => self.scene.global.adc_bailout = self.parse_float()?,
                "radiosity" => {
                    let start = self.scene.global.radiosity.clone().unwrap_or_default();
                    let r = self.parse_radiosity_block(start)?;
                    self.scene.global.radiosity = Some(r);
                }
                "photons" => self.scene.global.photons = Some(self.parse_global_photons(&item)?),
                "charset" => {
                    let name = self.next()?;
                    self.charset = match name.word() {
                        Some("ascii") => crate::sdl::font::Charset::Ascii,
                        Some("utf8") | Some("sys") => crate::sdl::font::Charset::Utf8,
                        _ => return Err(self.expected("`ascii`, `utf8` or `sys` after `charset`", &name)),
                    };
                }
                "hf_gray_16" => {
                    self.parse_optional_bool()?;
                }
                "irid_wavelength" => {
                    self.parse_colour()?;
                    self.warn(&item, "`irid_wavelength` is ignored by spotray");
                }
                "noise_generator" => {
                    let v = self.parse_float()?;
                    // POV-Ray truncates the number and accepts 1 to 3.
                    let n = if v.is_finite() { v.trunc() } else { 0.0 };
                    if !(1.0..=3.0).contains(&n) {
                        return Err(self.semantic(&item, format!("`noise_generator` is 1, 2 or 3, not {v}")));
                    }
                    self.scene.global.noise_generator = n as u8;
                }
                "max_intersections" | "number_of_waves" | "mm_per_unit" => {
                    self.parse_float()?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "subsurface" => {
                    self.skip_braced_block(&item)?;
                    self.warn(&item, "`subsurface` is ignored by spotray");
                }
                _ => return Err(self.expected("a global setting or `}` to close `global_settings`", &item)),
            }
            let _ = t;
        }
    }

    /// `radiosity { ... }` after keyword `t`, modifying `start`.
    pub fn parse_radiosity_block(&mut self, start: Radiosity) -> PResult<Radiosity> {
        self.expect_sym(Sym::LBrace, "after `radiosity`")?;
        let mut r = start;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(r);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a radiosity setting or `}` to close `radiosity`", &item));
            };
            match w.as_str() {
                "count" => {
                    r.count = self.parse_count("count", u32::MAX as u64)? as u32;
                    if self.accept_sym_raw(Sym::Comma)? {
                        self.parse_float()?;
                    }
                }
                "nearest_count" => {
                    r.nearest_count = self.parse_count("nearest_count", 20)? as u32;
                    if self.accept_sym_raw(Sym::Comma)? {
                        self.parse_float()?;
                    }
                }
                "error_bound" => r.error_bound = self.parse_float()?,
                "recursion_limit" => r.recursion_limit = self.parse_count("recursion_limit", 20)? as u32,
                "pretrace_start" => r.pretrace_start = self.parse_float()?,
                "pretrace_end" => r.pretrace_end = self.parse_float()?,
                "low_error_factor" => r.low_error_factor = self.parse_float()?,
                "minimum_reuse" => r.minimum_reuse = self.parse_float()?,
                "maximum_reuse" => r.maximum_reuse = self.parse_float()?,
                "brightness" => r.brightness = self.parse_float()?,
                "gray_threshold" => r.gray_threshold = self.parse_float()?,
                "adc_bailout" => r.adc_bailout = self.parse_float()?,
                "always_sample" => r.always_sample = self.parse_optional_bool()?,
                "normal" => r.normal = self.parse_optional_bool()?,
                "media" => r.media = self.parse_optional_bool()?,
                "max_sample" => {
                    self.parse_float()?;
                    self.warn(&item, "radiosity `max_sample` is ignored by spotray");
                }
                "subsurface" => {
                    if self.parse_optional_bool()? {
                        self.not_rendered(
                            &item,
                            "radiosity subsurface",
                            "spotray renders no subsurface light transport",
                        );
                    }
                }
                "save_file" | "load_file" => {
                    self.parse_string()?;
                    self.warn(&item, format!("radiosity `{w}` is ignored by spotray"));
                }
                _ => return Err(self.expected("a radiosity setting or `}` to close `radiosity`", &item)),
            }
        }
    }

    /// `background { COLOUR }` after keyword `t`.
    pub fn parse_background(&mut self, _t: &Token) -> PResult<Colour> {
        self.expect_sym(Sym::LBrace, "after `background`")?;
        let c = self.parse_colour()?.to_colour();
        self.expect_sym(Sym::RBrace, "to close `background`")?;
        Ok(c)
    }
}
