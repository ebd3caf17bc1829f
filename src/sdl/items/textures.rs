//! `texture { ... }` (layers, textures from identifiers), `interior { ... }` and
//! `material { ... }`.

use std::sync::Arc;

use crate::scene::pattern::{Pattern, PatternKind};
use crate::scene::{Interior, Texture, TextureMap};
use crate::sdl::eval::value::{Material, Value};
use crate::sdl::items::objects::transform_texture;
use crate::sdl::items::pattern_modifiers::is_pattern_modifier;
use crate::sdl::items::pigments::{is_list_pattern_name, is_pattern_name, is_unsupported_pattern};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `texture { ... }` after the keyword `t`; returns the layers (bottom first).
    pub fn parse_texture_block(&mut self, t: &Token) -> PResult<Vec<Texture>> {
        self.expect_sym(Sym::LBrace, "after `texture`")?;
        self.enter(t)?;
        let r = self.texture_body(Sym::RBrace);
        self.leave();
        r
    }

    /// The items of a texture up to `close` (`}` for a block, `]` for a map entry).
    fn texture_body(&mut self, close: Sym) -> PResult<Vec<Texture>> {
        let wanted = if close == Sym::RBrace {
            "`pigment`, `finish`, `normal`, a pattern, a transformation or `}` to close `texture`"
        } else {
            "`pigment`, `finish`, `normal`, a pattern, a transformation or `]` to close the texture map entry"
        };
        let mut layers = vec![self.default_texture.clone()];
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(close) {
                return Ok(layers);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected(wanted, &item));
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
                "pigment" | "finish" | "normal" if top.map.is_some() => {
                    return Err(self.semantic(
                        &item,
                        format!("a patterned texture takes its `{w}` from its entries, not its own"),
                    ));
                }
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
                _ if is_pattern_name(&w) || is_list_pattern_name(&w) || w == "average" => {
                    if layers.len() > 1 {
                        self.unsupported_here(&item, "patterned texture as a layer of a layered texture")?;
                        self.skip_to(close)?;
                        return Ok(layers);
                    }
                    let kind = self.parse_pattern_args(&item, &w)?;
                    let entries = match kind.list_size() {
                        Some(count) => self.texture_list(count)?,
                        None => Vec::new(),
                    };
                    self.close_object_pattern(&kind)?;
                    let top = layers.last_mut().expect("layer");
                    match &mut top.map {
                        Some(map) => {
                            map.pattern.set_kind(kind);
                            if !entries.is_empty() {
                                map.entries = entries;
                            }
                        }
                        None => {
                            top.map = Some(Box::new(TextureMap {
                                pattern: Pattern::new(kind),
                                entries,
                            }))
                        }
                    }
                }
                "texture_map" => {
                    let Some(map) = layers.last_mut().expect("layer").map.as_mut() else {
                        return Err(self.semantic(&item, "`texture_map` needs a pattern before it"));
                    };
                    let average = map.pattern.kind == PatternKind::Average;
                    let entries = self.parse_texture_map_block(&item, average)?;
                    layers
                        .last_mut()
                        .expect("layer")
                        .map
                        .as_mut()
                        .expect("map")
                        .entries = entries;
                }
                _ if is_pattern_modifier(&w) => match layers.last_mut().expect("layer").map.as_mut() {
                    Some(map) => self.pattern_modifier(&item, &mut map.pattern)?,
                    None => return Err(self.expected(wanted, &item)),
                },
                "material_map" => {
                    if top.map.is_some() || layers.len() > 1 {
                        return Err(self.semantic(&item, "`material_map` starts a texture of its own"));
                    }
                    let map = self.parse_material_map(&item)?;
                    layers.last_mut().expect("layer").map = Some(Box::new(map));
                }
                "tiles" => {
                    if top.map.is_some() || layers.len() > 1 {
                        return Err(self.semantic(&item, "`tiles` starts a texture of its own"));
                    }
                    let map = self.parse_tiles_block(&item)?;
                    layers.last_mut().expect("layer").map = Some(Box::new(map));
                }
                "uv_mapping" => {
                    // As in POV-Ray, the rest of the block is a texture of its own,
                    // evaluated at the surface coordinates.
                    let mut inner = self.texture_body(close)?;
                    for layer in &mut inner {
                        layer.uv = true;
                    }
                    return Ok(inner);
                }
                _ if is_unsupported_pattern(&w) => {
                    self.unsupported_here(&item, &format!("patterned texture ({w} texture)"))?;
                    self.skip_to(close)?;
                    return Ok(layers);
                }
                _ => return Err(self.expected(wanted, &item)),
            }
        }
    }

    /// `tiles { TEXTURE... tile2 TEXTURE... }` after its keyword: POV-Ray's older form of a
    /// checker texture, each tile's textures layered; as in POV-Ray the first tile is the
    /// checker's second entry (value 1) and `tile2` its first (value 0).
    fn parse_tiles_block(&mut self, t: &Token) -> PResult<TextureMap> {
        self.expect_sym(Sym::LBrace, "after `tiles`")?;
        self.enter(t)?;
        let r = self.tiles_entries(t);
        self.leave();
        r
    }

    fn tiles_entries(&mut self, t: &Token) -> PResult<TextureMap> {
        let first = self.tile_layers()?;
        if first.is_empty() {
            return Err(self.semantic(t, "`tiles` needs a texture for its first tile"));
        }
        let tile2 = self.next()?;
        if !tile2.is_word("tile2") {
            return Err(self.expected("`texture` or `tile2`", &tile2));
        }
        let mut second = self.tile_layers()?;
        if second.is_empty() {
            second = vec![self.default_texture.clone()];
        }
        self.expect_sym(Sym::RBrace, "to close `tiles`")?;
        Ok(TextureMap {
            pattern: Pattern::new(PatternKind::Checker),
            entries: vec![(0.0, second), (1.0, first)],
        })
    }

    /// One tile's `texture { }` blocks, layered in order.
    fn tile_layers(&mut self) -> PResult<Vec<Texture>> {
        let mut layers = Vec::new();
        while self.peek_raw_is_word("texture") {
            let t = self.next()?;
            layers.extend(self.parse_texture_block(&t)?);
        }
        Ok(layers)
    }

    /// A list pattern's textures, `texture { } [,] texture { } ...` (at most `count`);
    /// the missing ones are the default texture.
    fn texture_list(&mut self, count: usize) -> PResult<Vec<(f64, Vec<Texture>)>> {
        let mut list = Vec::new();
        while list.len() < count && self.peek_raw_is_word("texture") {
            let t = self.next()?;
            let layers = self.parse_texture_block(&t)?;
            list.push((list.len() as f64, layers));
            self.accept_sym_raw(Sym::Comma)?;
        }
        while list.len() < count {
            list.push((list.len() as f64, vec![self.default_texture.clone()]));
        }
        Ok(list)
    }

    /// `texture_map { [value TEXTURE_ITEMS] ... }` after its keyword.
    fn parse_texture_map_block(&mut self, t: &Token, average: bool) -> PResult<Vec<(f64, Vec<Texture>)>> {
        self.expect_sym(Sym::LBrace, "after `texture_map`")?;
        self.enter(t)?;
        let r = self.texture_map_entries(t, average);
        self.leave();
        r
    }

    fn texture_map_entries(&mut self, t: &Token, average: bool) -> PResult<Vec<(f64, Vec<Texture>)>> {
        let mut map = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if !item.is_sym(Sym::LBracket) {
                return Err(self.expected("`[` to start a texture map entry, or `}`", &item));
            }
            let value = self.map_entry_value(average)?;
            map.push((value, self.texture_body(Sym::RBracket)?));
            self.check_map_size(&item, map.len(), "texture")?;
        }
        if map.is_empty() {
            return Err(self.semantic(t, "a texture map needs at least one entry"));
        }
        Ok(map)
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
                "caustics" => i.caustics = self.parse_float()?,
                "fade_distance" => i.fade_distance = self.parse_float()?,
                "fade_power" => i.fade_power = self.parse_float()?,
                "fade_color" | "fade_colour" => i.fade_colour = self.parse_colour_rgb()?,
                "dispersion" | "dispersion_samples" => {
                    self.parse_float()?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "media" => {
                    let m = self.parse_media_block(&item)?;
                    i.media.push(m);
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
