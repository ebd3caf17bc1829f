//! `photons { }` blocks in `global_settings`, objects and lights, read and checked as
//! POV-Ray 3.7 reads them, into the settings photon mapping uses.

use crate::scene::{LightPhotons, ObjectPhotons, PhotonSettings, Switch};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// The largest `gather` count: each shading point keeps this many photons at once.
const MOST_GATHERED: f64 = 100_000.0;

const GLOBAL_ITEMS: &str = "`spacing`, `count`, `gather`, `media`, `jitter`, `max_trace_level`, \
     `adc_bailout`, `save_file`, `load_file`, `autostop`, `expand_thresholds`, `radius`";
const OBJECT_ITEMS: &str = "`target`, `refraction`, `reflection`, `collect`, `pass_through`, `split_union`";
const LIGHT_ITEMS: &str = "`refraction`, `reflection`, `area_light`";

impl Parser<'_> {
    /// `global_settings { photons { ... } }` after keyword `t`. As in POV-Ray, a block
    /// starts from the defaults, whatever an earlier one said.
    pub(crate) fn parse_global_photons(&mut self, t: &Token) -> PResult<PhotonSettings> {
        self.open_photons(t)?;
        let r = self.global_photons_body();
        self.leave();
        let settings = r?;
        if settings.gather_min > settings.gather_max {
            return Err(self.semantic(
                t,
                format!(
                    "photons `gather` asks for at least {} photons but at most {}",
                    settings.gather_min, settings.gather_max
                ),
            ));
        }
        Ok(settings)
    }

    /// An object's `photons { ... }` after keyword `t`, changing `start`.
    pub(crate) fn parse_object_photons(&mut self, t: &Token, start: ObjectPhotons) -> PResult<ObjectPhotons> {
        self.open_photons(t)?;
        let r = self.object_photons_body(start);
        self.leave();
        let mut photons = r?;
        if photons.target > 0.0 && photons.pass_through && photons.refraction == Switch::On {
            // POV-Ray 3.7 refuses the three together the same way.
            photons.pass_through = false;
            self.warn(
                t,
                "a photon target that refracts photons cannot pass them through: `pass_through` is ignored",
            );
        }
        Ok(photons)
    }

    /// A light's `photons { ... }` after keyword `t`, changing `start`.
    pub(crate) fn parse_light_photons(&mut self, t: &Token, start: LightPhotons) -> PResult<LightPhotons> {
        self.open_photons(t)?;
        let r = self.light_photons_body(start);
        self.leave();
        r
    }

    fn open_photons(&mut self, t: &Token) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `photons`")?;
        self.enter(t)
    }

    fn positive(&mut self, item: &Token, word: &str) -> PResult<f64> {
        let v = self.parse_float()?;
        if v.is_nan() || v <= 0.0 || v.is_infinite() {
            return Err(self.semantic(item, format!("photons `{word}` must be greater than zero")));
        }
        Ok(v)
    }

    fn global_photons_body(&mut self) -> PResult<PhotonSettings> {
        let mut s = PhotonSettings::default();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(s);
            }
            let word = item.word().unwrap_or("");
            match word {
                "spacing" => s.spacing = self.positive(&item, word)?,
                "count" => s.count = Some(self.positive(&item, word)?),
                "jitter" => s.jitter = self.parse_float()?.clamp(0.0, 1.0),
                "max_trace_level" => {
                    s.max_trace_level = Some(self.parse_count("max_trace_level", 256)? as u32)
                }
                "adc_bailout" => s.adc_bailout = Some(self.parse_float()?.max(0.0)),
                "autostop" => s.autostop = self.parse_float()?,
                "gather" => {
                    s.gather_min = self.parse_count("gather", MOST_GATHERED as u64)? as u32;
                    self.comma(word)?;
                    s.gather_max = self.parse_count("gather", MOST_GATHERED as u64)? as u32;
                }
                "expand_thresholds" => {
                    let tolerance = self.parse_float()?;
                    self.comma(word)?;
                    let count = self.parse_float()?;
                    if tolerance < 0.0 || count < 0.0 {
                        self.warn(&item, "photons `expand_thresholds` below zero are taken as zero");
                    }
                    s.expand_tolerance = tolerance.max(0.0);
                    s.expand_min_count = count.clamp(0.0, MOST_GATHERED) as u32;
                }
                "media" => {
                    s.media_steps = self.parse_count("media", 1 << 20)? as u32;
                    if self.accept_sym_raw(Sym::Comma)? {
                        s.media_factor = self.positive(&item, "media")?;
                    }
                }
                "radius" => {
                    // Up to four numbers, each optional: gather radius and multiplier,
                    // media radius and multiplier.
                    for i in 0..4 {
                        if i > 0 && !self.accept_sym_raw(Sym::Comma)? {
                            break;
                        }
                        if !self.starts_float() {
                            continue;
                        }
                        let v = self.parse_float()?;
                        match i {
                            0 => s.radius = (v > 0.0 && v.is_finite()).then_some(v),
                            2 => s.media_radius = (v > 0.0 && v.is_finite()).then_some(v),
                            _ if v > 0.0 && v.is_finite() => {
                                if i == 1 {
                                    s.radius_multiplier = v;
                                } else {
                                    s.media_radius_multiplier = v;
                                }
                            }
                            _ => {
                                return Err(self.semantic(
                                    &item,
                                    "the photons gather radius multipliers must be greater than zero",
                                ))
                            }
                        }
                    }
                }
                "save_file" | "load_file" => {
                    self.parse_string()?;
                    self.warn(
                        &item,
                        format!("photons `{word}` is ignored: spotray shoots the photons for every render"),
                    );
                }
                _ => return Err(self.expected(&format!("{GLOBAL_ITEMS} or `}}` to close `photons`"), &item)),
            }
        }
    }

    fn object_photons_body(&mut self, mut p: ObjectPhotons) -> PResult<ObjectPhotons> {
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(p);
            }
            match item.word().unwrap_or("") {
                "target" => {
                    p.target = if self.starts_float() {
                        let m = self.parse_float()?;
                        if m.is_finite() {
                            m.max(0.0)
                        } else {
                            return Err(self.semantic(
                                &item,
                                "the photons `target` spacing multiplier must be a number",
                            ));
                        }
                    } else {
                        1.0
                    }
                }
                "refraction" => p.refraction = Switch::from_bool(self.parse_optional_bool()?),
                "reflection" => p.reflection = Switch::from_bool(self.parse_optional_bool()?),
                "collect" => p.collect = self.parse_optional_bool()?,
                "pass_through" => p.pass_through = self.parse_optional_bool()?,
                "split_union" => {
                    self.parse_optional_bool()?;
                }
                _ => return Err(self.expected(&format!("{OBJECT_ITEMS} or `}}` to close `photons`"), &item)),
            }
        }
    }

    fn light_photons_body(&mut self, mut p: LightPhotons) -> PResult<LightPhotons> {
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(p);
            }
            match item.word().unwrap_or("") {
                "refraction" => p.refraction = Switch::from_bool(self.parse_optional_bool()?),
                "reflection" => p.reflection = Switch::from_bool(self.parse_optional_bool()?),
                "area_light" => p.area_light = true,
                _ => return Err(self.expected(&format!("{LIGHT_ITEMS} or `}}` to close `photons`"), &item)),
            }
        }
    }
}
