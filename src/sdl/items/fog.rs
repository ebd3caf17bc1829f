//! `fog { ... }`: its colour, distance, type, ground fog's offset and altitude, the
//! up vector (turned by the fog's transforms), and turbulence.

use crate::scene::pattern::Turbulence;
use crate::scene::Fog;
use crate::sdl::items::transform::is_transform_keyword;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

impl Parser<'_> {
    /// The body of `fog` (after its keyword `t`).
    pub(crate) fn parse_fog_block(&mut self, t: &Token) -> PResult<Fog> {
        self.expect_sym(Sym::LBrace, "after `fog`")?;
        self.enter(t)?;
        let r = self.fog_body();
        self.leave();
        r
    }

    fn fog_body(&mut self) -> PResult<Fog> {
        let mut fog = Fog::default();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if matches!(item.tok, Tok::Number(_)) {
                self.unget(item.clone());
                fog.distance = self.parse_float()?;
                self.warn(&item, "should use the `distance` keyword");
                continue;
            }
            let word = item.word().map(str::to_string).unwrap_or_default();
            match word.as_str() {
                "distance" => fog.distance = self.parse_float()?,
                "fog_type" => {
                    let kind = self.parse_float()?;
                    fog.ground = kind.trunc() == 2.0;
                    if !(1.0..=2.0).contains(&kind.trunc()) {
                        self.warn(&item, "unknown fog type: the fog is constant");
                    }
                }
                "fog_alt" => fog.alt = self.parse_float()?,
                "fog_offset" => fog.offset = self.parse_float()?,
                "turb_depth" => fog.turb_depth = self.parse_float()?,
                "up" => fog.up = self.parse_vector3()?,
                "turbulence" => {
                    fog.turbulence.get_or_insert_with(Turbulence::default).amount = self.parse_vector3()?;
                }
                "octaves" | "omega" | "lambda" => {
                    self.turbulence_parameter(&item, fog.turbulence.get_or_insert_with(Turbulence::default))?;
                }
                "translate" => {
                    self.parse_transform_item(&item)?;
                    self.warn(&item, "a fog's up vector can't be translated");
                }
                w if is_transform_keyword(w) => {
                    if let Some(m) = self.parse_transform_item(&item)? {
                        fog.up = m.transform_vector3(fog.up);
                    }
                }
                _ => {
                    self.unget(item);
                    fog.colour = self.parse_colour()?.to_colour();
                }
            }
        }
        let length = fog.up.length();
        fog.up = if length > 0.0 && length.is_finite() {
            fog.up / length
        } else {
            glam::DVec3::Y
        };
        Ok(fog)
    }
}
