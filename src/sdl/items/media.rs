//! `media { }` and `density { }`: participating media for interiors and the
//! atmosphere, read with POV-Ray 3.7's defaults, limits and errors.

use crate::scene::{Colour, Media, Phase, Pigment};
use crate::sdl::eval::value::Value;
use crate::sdl::items::transform::is_transform_keyword;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Most intervals and samples per interval a medium may ask for: beyond these a
/// render would not finish in any useful time.
pub const MAX_MEDIA_INTERVALS: f64 = 1000.0;
pub const MAX_MEDIA_SAMPLES: f64 = 10_000.0;
/// Deepest `aa_level` taken (each level can double the samples).
pub const MAX_MEDIA_AA_LEVEL: f64 = 16.0;

impl Parser<'_> {
    /// `media { [Ident] items }` after keyword `t`, modifying a copy of the identifier's
    /// medium or the default one.
    pub(crate) fn parse_media_block(&mut self, t: &Token) -> PResult<Media> {
        self.expect_sym(Sym::LBrace, "after `media`")?;
        self.enter(t)?;
        let r = self.media_body();
        self.leave();
        r
    }

    fn media_body(&mut self) -> PResult<Media> {
        let mut m = Media::default();
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(m);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a media item or `}` to close `media`", &item));
            };
            if first && !item.kw {
                first = false;
                let base = self.block_base(&item, &w, "a media", |v| match v {
                    Value::Media(x) => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    m = base;
                }
                continue;
            }
            first = false;
            match w.as_str() {
                "absorption" => m.absorption = self.parse_colour_rgb()?,
                "emission" => m.emission = self.parse_colour_rgb()?,
                "scattering" => self.parse_scattering(&item, &mut m)?,
                "method" => {
                    let v = self.parse_float()?.trunc();
                    if !(1.0..=3.0).contains(&v) {
                        return Err(self.semantic(&item, "media `method` choices are 1, 2 or 3"));
                    }
                    m.method = v as u8;
                }
                "intervals" => {
                    let v = self.parse_float()?.trunc();
                    m.intervals = self.bounded(&item, v, 1.0, MAX_MEDIA_INTERVALS, "media `intervals`")?;
                }
                "samples" => {
                    let min = self.parse_float()?.trunc();
                    m.min_samples = self.bounded(&item, min, 1.0, MAX_MEDIA_SAMPLES, "media `samples`")?;
                    m.max_samples = m.min_samples;
                    if self.accept_sym_raw(Sym::Comma)? {
                        let max = self.parse_float()?.trunc();
                        if max < min {
                            return Err(self.semantic(
                                &item,
                                "the most samples per interval in media is smaller than the least",
                            ));
                        }
                        m.max_samples =
                            self.bounded(&item, max, 1.0, MAX_MEDIA_SAMPLES, "media `samples`")?;
                    }
                }
                "confidence" => {
                    m.confidence = self.parse_float()?;
                    if !(0.0..1.0).contains(&m.confidence) {
                        return Err(self.semantic(&item, "media `confidence` must be at least 0 and below 1"));
                    }
                }
                "variance" => {
                    m.variance = self.parse_float()?;
                }
                "ratio" => m.ratio = self.parse_float()?,
                "jitter" => m.jitter = self.parse_float()?,
                "aa_threshold" => {
                    m.aa_threshold = self.parse_float()?;
                    if m.aa_threshold.is_nan() || m.aa_threshold <= 0.0 {
                        return Err(self.semantic(&item, "media `aa_threshold` must be greater than zero"));
                    }
                }
                "aa_level" => {
                    let v = self.parse_float()?.trunc();
                    m.aa_level = self.bounded(&item, v, 1.0, MAX_MEDIA_AA_LEVEL, "media `aa_level`")?;
                }
                "collect" => {
                    self.parse_optional_bool()?;
                }
                "density" => {
                    let d = self.parse_density_block(&item)?;
                    m.density.push(d);
                }
                _ if is_transform_keyword(&w) => {
                    if let Some(x) = self.parse_transform_item(&item)? {
                        m.transform(x);
                    }
                }
                _ => return Err(self.expected("a media item or `}` to close `media`", &item)),
            }
        }
    }

    /// A whole number in `lo..=hi`, or an error naming `what` at `at`.
    fn bounded(&self, at: &Token, v: f64, lo: f64, hi: f64, what: &str) -> PResult<u32> {
        if v.is_nan() || v < lo {
            return Err(self.semantic(at, format!("{what} must be at least {lo}")));
        }
        if v > hi {
            return Err(self.limit(at, format!("{what} of {v} is over spotray's limit of {hi}")));
        }
        Ok(v as u32)
    }

    /// `scattering { TYPE, COLOUR [eccentricity E] [extinction X] }` after its keyword.
    fn parse_scattering(&mut self, t: &Token, m: &mut Media) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `scattering`")?;
        self.enter(t)?;
        let r = self.scattering_body(t, m);
        self.leave();
        r
    }

    fn scattering_body(&mut self, t: &Token, m: &mut Media) -> PResult<()> {
        let kind = self.parse_float()?.trunc();
        m.phase = match kind as i64 {
            2 => Phase::MieHazy,
            3 => Phase::MieMurky,
            4 => Phase::Rayleigh,
            5 => Phase::HenyeyGreenstein(0.0),
            1 => Phase::Isotropic,
            _ => {
                // POV-Ray warns and scatters evenly.
                self.warn(t, "unknown media scattering type: it scatters evenly (type 1)");
                Phase::Isotropic
            }
        };
        self.accept_sym_raw(Sym::Comma)?;
        m.scattering = self.parse_colour_rgb()?;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(());
            }
            match item.word() {
                Some("eccentricity") => {
                    let Phase::HenyeyGreenstein(_) = m.phase else {
                        return Err(self.semantic(
                            &item,
                            "`eccentricity` is only for scattering type 5 (Henyey-Greenstein)",
                        ));
                    };
                    m.phase = Phase::HenyeyGreenstein(self.parse_float()?);
                }
                Some("extinction") => m.extinction = self.parse_float()?,
                _ => {
                    return Err(
                        self.expected("`eccentricity`, `extinction` or `}` to close `scattering`", &item)
                    )
                }
            }
        }
    }

    /// `density { [Ident] PATTERN ... }` after keyword `t`: a pigment whose colour is
    /// the medium's density.
    pub(crate) fn parse_density_block(&mut self, t: &Token) -> PResult<Pigment> {
        self.expect_sym(Sym::LBrace, "after `density`")?;
        self.enter(t)?;
        let start = Pigment::solid(Colour::WHITE);
        let r = self.pigment_body(start, Sym::RBrace);
        self.leave();
        r
    }
}

impl Parser<'_> {
    /// `density_map { [value DENSITY_ITEMS] ... }` after its keyword: entries read as
    /// `pigment_map`'s are.
    pub(crate) fn parse_density_map_block(&mut self, t: &Token) -> PResult<Vec<(f64, Pigment)>> {
        self.parse_pigment_map_block(t, false)
    }
}
