//! `texture { ... }` (layers, textures from identifiers), `interior { ... }` and
//! `material { ... }`.

use std::sync::Arc;

use crate::scene::{Interior, Texture};
use crate::sdl::eval::value::{Material, Value};
use crate::sdl::items::objects::transform_texture;
use crate::sdl::items::pigments::{is_pattern_name, is_unsupported_pattern};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `texture { ... }` after the keyword `t`; returns the layers (bottom first).
    pub fn parse_texture_block(&mut self, t: &Token) -> PResult<Vec<Texture>> {
        self.expect_sym(Sym::LBrace, "after `texture`")?;
        self.enter(t)?;
        let r = self.texture_body(t);
        self.leave();
        r
    }

    fn texture_body(&mut self, t: &Token) -> PResult<Vec<Texture>> {
        let mut layers = vec![self.default_texture.clone()];
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(layers);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a texture item or `}` to close `texture`", &item));
            };
            if first && !item.kw {
                // A material's texture stands in for a texture; an empty one keeps ours.
                let base = self.block_base(&item, &w, "a texture", |v| match v {
                    Value::Texture(l) => Some(Some((**l).clone())),
                    Value::Material(m) => Some((!m.texture.is_empty()).then(|| m.texture.clone())),
                    _ => None,
                })?;
                if let Some(Some(base)) = base {
                    layers = base;
                }
                first = false;
                continue;
            }
            first = false;
            let top = layers.last_mut().expect("at least one layer");
            match w.as_str() {
                "pigment" => {
                    let start = top.pigment.clone();
                    let p = self.parse_pigment_block(&item, start)?;
                    layers.last_mut().expect("layer").pigment = p;
                }
                "finish" => {
                    let start = (*top.finish).clone();
                    let f = self.parse_finish_block(&item, start)?;
                    layers.last_mut().expect("layer").finish = self.finishes.share(f);
                }
                "normal" => {
                    let start = top.normal.clone();
                    let n = self.parse_normal_block(&item, start)?;
                    layers.last_mut().expect("layer").normal = n;
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    for l in &mut layers {
                        transform_texture(l, m);
                    }
                }
                "texture_map" | "material_map" | "tiles" | "image_pattern" | "uv_mapping" => {
                    self.unsupported_here(&item, &w)?;
                    self.skip_rest_of_block()?;
                    return Ok(layers);
                }
                _ if is_unsupported_pattern(&w) || is_pattern_name(&w) || w == "checker" => {
                    self.unsupported_here(&item, &format!("patterned texture ({w} texture)"))?;
                    self.skip_rest_of_block()?;
                    return Ok(layers);
                }
                _ => {
                    return Err(self.expected(
                        "`pigment`, `finish`, `normal`, a transformation or `}` to close `texture`",
                        &item,
                    ))
                }
            }
            let _ = t;
        }
    }

    /// `interior { ... }` after keyword `t`, modifying `start`.
    pub fn parse_interior_block(&mut self, t: &Token, start: Interior) -> PResult<Interior> {
        self.expect_sym(Sym::LBrace, "after `interior`")?;
        let mut i = start;
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(i);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("an interior item or `}` to close `interior`", &item));
            };
            if first && !item.kw {
                let base = self.block_base(&item, &w, "an interior", |v| match v {
                    Value::Interior(x) => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    i = base;
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                "ior" => i.ior = self.parse_float()?,
                "caustics" => {
                    i.caustics = self.parse_float()?;
                    if i.caustics != 0.0 {
                        self.not_rendered(&item, "caustics", "no fake caustics are added to shadows");
                    }
                }
                "fade_distance" | "fade_power" => {
                    let v = self.parse_float()?;
                    if w == "fade_distance" {
                        i.fade_distance = v;
                    } else {
                        i.fade_power = v;
                    }
                    if v != 0.0 {
                        self.not_rendered(&item, &w, "light passing through the object is not attenuated");
                    }
                }
                "fade_color" | "fade_colour" => {
                    i.fade_colour = self.parse_colour_rgb()?;
                    self.not_rendered(&item, &w, "light passing through the object is not attenuated");
                }
                "dispersion" | "dispersion_samples" => {
                    self.parse_float()?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "media" => {
                    self.unsupported_here(&item, "media")?;
                    self.skip_braced_block(&item)?;
                }
                _ => return Err(self.expected("an interior item or `}` to close `interior`", &item)),
            }
            let _ = t;
        }
    }

    /// `material { [Ident] [texture] [interior] [transforms] }` after keyword `t`.
    pub fn parse_material_block(&mut self, t: &Token) -> PResult<Material> {
        self.expect_sym(Sym::LBrace, "after `material`")?;
        let mut m = Material {
            texture: Vec::new(),
            interior: None,
        };
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(m);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("`texture`, `interior` or `}` to close `material`", &item));
            };
            if first && !item.kw {
                let base = self.block_base(&item, &w, "a material", |v| match v {
                    Value::Material(x) => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    m = base;
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                "texture" => {
                    let layers = self.parse_texture_block(&item)?;
                    m.texture.extend(layers);
                }
                "interior" => {
                    let start = m.interior.as_deref().cloned().unwrap_or_default();
                    m.interior = Some(Arc::new(self.parse_interior_block(&item, start)?));
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let x = self.parse_transform_item(&item)?.expect("transform keyword");
                    for l in &mut m.texture {
                        transform_texture(l, x);
                    }
                }
                _ => return Err(self.expected("`texture`, `interior` or `}` to close `material`", &item)),
            }
            let _ = t;
        }
    }
}
