//! `sky_sphere { ... }`, as POV-Ray 3.7.0 reads it: an optional sky_sphere identifier
//! first, then any number of `pigment { }` layers, `emission` and transformations, in
//! any order; at least one pigment.

use crate::scene::{Colour, Pigment, SkySphere};
use crate::sdl::eval::value::Value;
use crate::sdl::items::transform::is_transform_keyword;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

const ITEM: &str = "a sky_sphere item (pigment, emission, a transformation) or `}` to close `sky_sphere`";

impl Parser<'_> {
    /// `sky_sphere { ... }` after the keyword `t`.
    pub fn parse_sky_sphere_block(&mut self, t: &Token) -> PResult<SkySphere> {
        self.expect_sym(Sym::LBrace, "after `sky_sphere`")?;
        self.enter(t)?;
        let r = self.sky_sphere_body(t);
        self.leave();
        r
    }

    fn sky_sphere_body(&mut self, t: &Token) -> PResult<SkySphere> {
        let mut sky = SkySphere::default();
        let mut first = true;
        let mut poisoned = false;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected(ITEM, &item));
            };
            if first && !item.kw {
                let base = self.block_base(&item, &w, "a sky_sphere", |v| match v {
                    Value::SkySphere(s) => Some((**s).clone()),
                    _ => None,
                })?;
                match base {
                    Some(base) => sky = base,
                    // A declaration poisoned by an unsupported feature, met inside
                    // another declaration: this one is poisoned too, and its emptiness
                    // tells nothing.
                    None => poisoned = true,
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                // A new layer starts from POV-Ray's blank pigment (black), not from
                // the default texture's.
                "pigment" => {
                    let p = self.parse_pigment_block(&item, Pigment::solid(Colour::BLACK))?;
                    if p.uses_uv() {
                        // POV-Ray stops on it when it renders: a sky has no surface.
                        return Err(self.semantic(
                            &item,
                            "`uv_mapping` cannot be used in a sky_sphere's pigment: the sky has no surface",
                        ));
                    }
                    sky.pigments.push(p);
                }
                "emission" => sky.emission = self.parse_colour_rgb()?,
                _ if is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    sky.transform = m * sky.transform;
                }
                _ => return Err(self.expected(ITEM, &item)),
            }
        }
        if sky.pigments.is_empty() && !poisoned {
            return Err(self.semantic(t, "empty sky_sphere: it needs at least one pigment"));
        }
        Ok(sky)
    }

    /// Whether POV-Ray 3.7.0 would read what comes now under a language version below
    /// 3.7: one set so by `#version`, or none set at all (which it takes as 3.62).
    pub(crate) fn language_below_3_7(&self) -> bool {
        !self.version_seen
            || self
                .version
                .unwrap_or(crate::sdl::eval::directives::DEFAULT_VERSION)
                < 3.7
    }

    /// POV-Ray 3.7's gamma mode for a scene that sets `assumed_gamma` in a language
    /// below 3.7: its image maps are decoded with the working gamma, so they come in as
    /// stored (matched against POV-Ray 3.7.0.10's render of `interior/media/media3.pov`,
    /// `#version 3.6` with `assumed_gamma 1.0`).
    pub(crate) fn legacy_image_gamma(&self) -> bool {
        self.scene.global.assumed_gamma.is_some() && self.language_below_3_7()
    }
}
