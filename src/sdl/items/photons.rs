//! `photons { }` blocks in `global_settings`, objects and lights, read and checked as
//! POV-Ray 3.7 reads them. spotray traces no photons yet: a scene that turns photon
//! mapping on (in `global_settings`) renders without its caustics and is told so; the
//! blocks of objects and lights only matter then, and are read quietly.

use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Where a `photons { }` block stands: which items it takes.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum PhotonsIn {
    Global,
    Object,
    Light,
}

impl PhotonsIn {
    fn items(self) -> &'static str {
        match self {
            PhotonsIn::Global => {
                "`spacing`, `count`, `gather`, `media`, `jitter`, `max_trace_level`, `adc_bailout`, \
                 `save_file`, `load_file`, `autostop`, `expand_thresholds`, `radius`"
            }
            PhotonsIn::Object => {
                "`target`, `refraction`, `reflection`, `collect`, `pass_through`, `split_union`"
            }
            PhotonsIn::Light => "`refraction`, `reflection`, `area_light`",
        }
    }
}

impl Parser<'_> {
    /// `photons { ... }` after keyword `t`, in `place`.
    pub(crate) fn parse_photons_block(&mut self, t: &Token, place: PhotonsIn) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `photons`")?;
        self.enter(t)?;
        let r = self.photons_body(place);
        self.leave();
        r?;
        if place == PhotonsIn::Global {
            self.not_rendered(
                t,
                "photons",
                "no photons are traced, so the scene renders without its caustics",
            );
        }
        Ok(())
    }

    fn photons_body(&mut self, place: PhotonsIn) -> PResult<()> {
        use PhotonsIn::{Global, Light, Object};
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(());
            }
            let word = item.word().unwrap_or("");
            match (place, word) {
                (Global, "spacing" | "count") => {
                    let v = self.parse_float()?;
                    if v.is_nan() || v <= 0.0 {
                        return Err(
                            self.semantic(&item, format!("photons `{word}` must be greater than zero"))
                        );
                    }
                }
                (Global, "jitter" | "max_trace_level" | "adc_bailout" | "autostop") => {
                    self.parse_float()?;
                }
                (Global, "gather" | "expand_thresholds") => {
                    self.parse_float()?;
                    self.comma(word)?;
                    self.parse_float()?;
                }
                (Global, "media") => {
                    self.parse_float()?;
                    if self.accept_sym_raw(Sym::Comma)? {
                        self.parse_float()?;
                    }
                }
                (Global, "radius") => {
                    // Up to four numbers, each optional: gather radius and multiplier,
                    // media radius and multiplier.
                    for i in 0..4 {
                        if i > 0 && !self.accept_sym_raw(Sym::Comma)? {
                            break;
                        }
                        if self.starts_float() {
                            self.parse_float()?;
                        }
                    }
                }
                (Global, "save_file" | "load_file") => {
                    self.parse_string()?;
                }
                (Object, "target") => {
                    if self.starts_float() {
                        self.parse_float()?;
                    }
                }
                (Object, "collect" | "pass_through" | "split_union")
                | (Object | Light, "refraction" | "reflection") => {
                    self.parse_optional_bool()?;
                }
                (Light, "area_light") => {}
                _ => {
                    return Err(
                        self.expected(&format!("{} or `}}` to close `photons`", place.items()), &item)
                    );
                }
            }
        }
    }
}
