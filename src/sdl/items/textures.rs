//! Textures: `texture`, `pigment` (solid, checker, image_map, colour-mapped patterns),
//! `finish`, `normal`, `interior`, `material` and `color_map`.

use crate::scene::{
    Colour, Finish, Interior, Normal, NormalPattern, Pattern, Pigment, PigmentPattern, Texture,
};
use crate::sdl::eval::value::{Material, Value};
use crate::sdl::items::objects::transform_texture;
use crate::sdl::items::transform::compose;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Most entries a colour map may have (POV-Ray's limit).
const MAX_MAP_ENTRIES: usize = 256;

/// Pattern modifiers spotray parses but ignores (with a warning).
fn is_ignored_pattern_modifier(w: &str) -> bool {
    matches!(
        w,
        "turbulence"
            | "octaves"
            | "omega"
            | "lambda"
            | "frequency"
            | "phase"
            | "ramp_wave"
            | "triangle_wave"
            | "sine_wave"
            | "scallop_wave"
            | "cubic_wave"
            | "poly_wave"
            | "noise_generator"
            | "agate_turb"
    )
}

/// Pattern names recognised by POV-Ray but not modelled by spotray.
fn is_unsupported_pattern(w: &str) -> bool {
    matches!(
        w,
        "brick"
            | "hexagon"
            | "crackle"
            | "cells"
            | "spiral1"
            | "spiral2"
            | "mandel"
            | "julia"
            | "magnet"
            | "quilted"
            | "ripples"
            | "waves"
            | "wrinkles"
            | "bumps"
            | "dents"
            | "average"
            | "boxed"
            | "cylindrical"
            | "spherical"
            | "planar"
            | "facets"
            | "density_file"
            | "function"
            | "pigment_pattern"
            | "image_pattern"
            | "object"
            | "slope"
            | "aoi"
            | "tiling"
            | "pavement"
            | "square"
            | "triangular"
            | "cubic"
            | "wood_"
    )
}

fn default_colour_map() -> Vec<(f64, Colour)> {
    vec![(0.0, Colour::BLACK), (1.0, Colour::WHITE)]
}

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
                    let start = top.finish.clone();
                    let f = self.parse_finish_block(&item, start)?;
                    layers.last_mut().expect("layer").finish = f;
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
                "texture_map" | "material_map" | "tiles" | "image_pattern" => {
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

    /// `pigment { ... }` after keyword `t`, modifying `start`.
    pub fn parse_pigment_block(&mut self, t: &Token, start: Pigment) -> PResult<Pigment> {
        self.expect_sym(Sym::LBrace, "after `pigment`")?;
        self.enter(t)?;
        let r = self.pigment_body(start);
        self.leave();
        r
    }

    fn pigment_body(&mut self, start: Pigment) -> PResult<Pigment> {
        let mut p = start;
        let mut pending_map: Option<Vec<(f64, Colour)>> = None;
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            let word = item.word().map(str::to_string);
            if let Some(w) = &word {
                if !item.kw {
                    match self.lookup(w) {
                        Some(Value::Pigment(x)) if first => {
                            p = (**x).clone();
                            first = false;
                            continue;
                        }
                        Some(Value::ColourMap(m)) => {
                            let m = (**m).clone();
                            self.set_colour_map(&mut p, &mut pending_map, m);
                            first = false;
                            continue;
                        }
                        Some(Value::Vector(_)) | Some(Value::Float(_)) | Some(Value::Array(_)) => {
                            self.unget(item);
                            let c = self.parse_colour()?;
                            p = Pigment::solid(c.to_colour());
                            first = false;
                            continue;
                        }
                        Some(Value::Poisoned(p)) => {
                            let p = p.clone();
                            self.use_poisoned(&p, w, &item)?;
                            first = false;
                            continue;
                        }
                        Some(v) => {
                            return Err(self.semantic(
                                &item,
                                format!(
                                    "expected a pigment or colour, found {} identifier `{w}`",
                                    v.type_name()
                                ),
                            ))
                        }
                        None => return Err(self.unknown_identifier(&item, w)),
                    }
                }
            }
            first = false;
            let Some(w) = word else {
                if item.is_sym(Sym::Lt) || item.is_sym(Sym::LParen) {
                    self.unget(item);
                    let c = self.parse_colour()?;
                    p = Pigment::solid(c.to_colour());
                    continue;
                }
                return Err(self.expected("a pigment item or `}` to close `pigment`", &item));
            };
            match w.as_str() {
                "color" | "colour" | "rgb" | "rgbf" | "rgbt" | "rgbft" | "srgb" | "srgbf" | "srgbt"
                | "srgbft" | "red" | "green" | "blue" | "filter" | "transmit" => {
                    self.unget(item);
                    let c = self.parse_colour()?;
                    p = Pigment::solid(c.to_colour());
                }
                "checker" => {
                    let (a, b) = self.parse_checker_entries()?;
                    p.pattern = PigmentPattern::Checker(Box::new(a), Box::new(b));
                }
                "image_map" => {
                    let im = self.parse_image_map(&item)?;
                    p.pattern = PigmentPattern::ImageMap(im);
                }
                "color_map" | "colour_map" => {
                    let m = self.parse_colour_map_block(&item)?;
                    self.set_colour_map(&mut p, &mut pending_map, m);
                }
                _ if is_pattern_name(&w) => {
                    let pattern = self.parse_pattern_args(&w)?;
                    let map = match &p.pattern {
                        PigmentPattern::Mapped { map, .. } => map.clone(),
                        _ => pending_map.take().unwrap_or_else(|| default_map_for(&pattern)),
                    };
                    p.pattern = PigmentPattern::Mapped { pattern, map };
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    p.transform = Some(compose(m, p.transform));
                }
                _ if is_ignored_pattern_modifier(&w) => {
                    self.skip_modifier_value(&w)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "warp" => {
                    self.skip_braced_block(&item)?;
                    self.warn(&item, "`warp` is ignored by spotray");
                }
                "quick_color" | "quick_colour" => {
                    self.parse_colour()?;
                }
                _ if is_unsupported_pattern(&w) || w == "pigment_map" => {
                    self.unsupported_here(&item, &w)?;
                    self.skip_rest_of_block()?;
                    return Ok(p);
                }
                _ => return Err(self.expected("a pigment item or `}` to close `pigment`", &item)),
            }
        }
        if let (Some(m), PigmentPattern::Mapped { map, .. }) = (pending_map, &mut p.pattern) {
            *map = m;
        }
        Ok(p)
    }

    fn set_colour_map(
        &mut self,
        p: &mut Pigment,
        pending: &mut Option<Vec<(f64, Colour)>>,
        m: Vec<(f64, Colour)>,
    ) {
        match &mut p.pattern {
            PigmentPattern::Mapped { map, .. } => *map = m,
            _ => *pending = Some(m),
        }
    }

    /// Skips the value after an ignored pattern modifier.
    fn skip_modifier_value(&mut self, w: &str) -> PResult<()> {
        match w {
            "ramp_wave" | "triangle_wave" | "sine_wave" | "scallop_wave" | "cubic_wave" => Ok(()),
            "poly_wave" => {
                if self.starts_float() {
                    self.parse_float()?;
                }
                Ok(())
            }
            "turbulence" => {
                self.parse_vector3()?;
                Ok(())
            }
            _ => {
                self.parse_float()?;
                Ok(())
            }
        }
    }

    fn parse_pattern_args(&mut self, w: &str) -> PResult<Pattern> {
        Ok(match w {
            "gradient" => {
                let v = self.parse_vector3()?;
                Pattern::Gradient(v)
            }
            "radial" => Pattern::Radial,
            "onion" => Pattern::Onion,
            "leopard" => Pattern::Leopard,
            "bozo" => Pattern::Bozo,
            "spotted" => Pattern::Spotted,
            "marble" => Pattern::Marble,
            "wood" => Pattern::Wood,
            "agate" => Pattern::Agate,
            _ => Pattern::Granite,
        })
    }

    /// `checker [C1 [,] C2]` where each entry is a colour or `pigment { }`.
    fn parse_checker_entries(&mut self) -> PResult<(Pigment, Pigment)> {
        let mut entries = Vec::new();
        while entries.len() < 2 {
            if self.peek_raw_is_word("pigment") {
                let t = self.next()?;
                let start = self.default_texture.pigment.clone();
                entries.push(self.parse_pigment_block(&t, start)?);
            } else if self.starts_colour() {
                let c = self.parse_colour()?;
                entries.push(Pigment::solid(c.to_colour()));
            } else {
                break;
            }
            if entries.len() == 1 {
                self.accept_sym_raw(Sym::Comma)?;
            }
        }
        let mut it = entries.into_iter();
        let a = it
            .next()
            .unwrap_or_else(|| Pigment::solid(Colour::rgb(0.0, 0.0, 1.0)));
        let b = it
            .next()
            .unwrap_or_else(|| Pigment::solid(Colour::rgb(0.0, 1.0, 0.0)));
        Ok((a, b))
    }

    /// `color_map { ... }` after its keyword.
    pub fn parse_colour_map_block(&mut self, t: &Token) -> PResult<Vec<(f64, Colour)>> {
        self.expect_sym(Sym::LBrace, "after `color_map`")?;
        let mut map: Vec<(f64, Colour)> = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if let Some(w) = item.word().map(str::to_string) {
                match self.lookup(&w) {
                    Some(Value::ColourMap(m)) => {
                        map = (**m).clone();
                        continue;
                    }
                    Some(Value::Poisoned(p)) => {
                        let p = p.clone();
                        self.use_poisoned(&p, &w, &item)?;
                        map = default_colour_map();
                        continue;
                    }
                    _ => {}
                }
            }
            if !item.is_sym(Sym::LBracket) {
                return Err(self.expected("`[` to start a colour map entry, or `}`", &item));
            }
            let v1 = self.parse_float()?;
            // Old style `[v1, v2 colour1 colour2]` (comma optional) starts with a number.
            self.accept_sym_raw(Sym::Comma)?;
            if matches!(
                self.peek_raw().map(|t| &t.tok),
                Some(crate::sdl::token::Tok::Number(_))
            ) {
                // Old style: [v1, v2 color c1 color c2]
                let v2 = self.parse_float()?;
                let c1 = self.parse_colour()?.to_colour();
                let c2 = self.parse_colour()?.to_colour();
                map.push((v1, c1));
                map.push((v2, c2));
                self.expect_sym(Sym::RBracket, "to close the colour map entry")?;
                continue;
            }
            let c = self.parse_colour()?.to_colour();
            map.push((v1, c));
            self.expect_sym(Sym::RBracket, "to close the colour map entry")?;
            if map.len() > MAX_MAP_ENTRIES {
                return Err(self.limit(
                    &item,
                    format!("a colour map has at most {MAX_MAP_ENTRIES} entries"),
                ));
            }
        }
        if map.is_empty() {
            return Err(self.semantic(t, "a colour map needs at least one entry"));
        }
        Ok(map)
    }

    /// `finish { ... }` after keyword `t`, modifying `start`.
    pub fn parse_finish_block(&mut self, t: &Token, start: Finish) -> PResult<Finish> {
        self.expect_sym(Sym::LBrace, "after `finish`")?;
        self.enter(t)?;
        let r = self.finish_body(start);
        self.leave();
        r
    }

    fn finish_body(&mut self, start: Finish) -> PResult<Finish> {
        let mut f = start;
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(f);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a finish item or `}` to close `finish`", &item));
            };
            if !item.kw {
                let base = self.block_base(&item, &w, "a finish", |v| match v {
                    Value::Finish(x) if first => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    f = base;
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                "ambient" => f.ambient = self.parse_colour_rgb()?,
                "emission" => f.emission = self.parse_colour_rgb()?,
                "diffuse" => {
                    if self.peek_raw_is_word("albedo") {
                        self.next()?;
                    }
                    f.diffuse = self.parse_float()?;
                    if self.accept_sym_raw(Sym::Comma)? {
                        self.parse_float()?;
                        self.warn(&item, "the backside `diffuse` value is ignored");
                    }
                }
                "brilliance" => f.brilliance = self.parse_float()?,
                "specular" => {
                    if self.peek_raw_is_word("albedo") {
                        self.next()?;
                    }
                    f.specular = self.parse_float()?;
                }
                "roughness" => {
                    let r = self.parse_float()?;
                    if r <= 0.0 {
                        return Err(self.semantic(&item, "`roughness` must be greater than 0"));
                    }
                    f.roughness = r;
                }
                "phong" => {
                    if self.peek_raw_is_word("albedo") {
                        self.next()?;
                    }
                    f.phong = self.parse_float()?;
                }
                "phong_size" => f.phong_size = self.parse_float()?,
                "metallic" => {
                    f.metallic = if self.starts_float() {
                        self.parse_float()?
                    } else {
                        1.0
                    };
                }
                "reflection" => {
                    if self.peek_raw_is_sym(Sym::LBrace) {
                        self.parse_reflection_block(&item, &mut f)?;
                    } else {
                        let c = self.parse_colour_rgb()?;
                        f.reflection_min = c;
                        f.reflection_max = c;
                    }
                }
                "reflection_exponent" => {
                    f.reflection_falloff = self.parse_float()?;
                }
                "conserve_energy" => f.conserve_energy = self.parse_optional_bool()?,
                "fresnel" => f.reflection_fresnel = self.parse_optional_bool()?,
                "crand" => {
                    self.parse_float()?;
                    self.warn(&item, "`crand` is ignored by spotray");
                }
                "irid" | "subsurface" => {
                    self.skip_braced_block(&item)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                _ => return Err(self.expected("a finish item or `}` to close `finish`", &item)),
            }
        }
    }

    /// `reflection { [min,] max [fresnel b] [falloff f] [exponent f] [metallic f] }`.
    fn parse_reflection_block(&mut self, t: &Token, f: &mut Finish) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `reflection`")?;
        let first = self.parse_colour_rgb()?;
        if self.accept_sym_raw(Sym::Comma)? {
            let max = self.parse_colour_rgb()?;
            f.reflection_min = first;
            f.reflection_max = max;
        } else {
            f.reflection_min = first;
            f.reflection_max = first;
        }
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(());
            }
            match item.word() {
                Some("fresnel") => f.reflection_fresnel = self.parse_optional_bool()?,
                Some("falloff") => f.reflection_falloff = self.parse_float()?,
                Some("exponent") => {
                    self.parse_float()?;
                    self.warn(&item, "reflection `exponent` is ignored by spotray");
                }
                Some("metallic") => {
                    f.reflection_metallic = if self.starts_float() {
                        self.parse_float()?
                    } else {
                        1.0
                    };
                }
                _ => {
                    return Err(self.expected(
                        "`fresnel`, `falloff`, `exponent`, `metallic` or `}` to close `reflection`",
                        &item,
                    ))
                }
            }
            let _ = t;
        }
    }

    /// `normal { ... }` after keyword `t`, modifying `start`.
    pub fn parse_normal_block(&mut self, t: &Token, start: Option<Normal>) -> PResult<Option<Normal>> {
        self.expect_sym(Sym::LBrace, "after `normal`")?;
        self.enter(t)?;
        let r = self.normal_body(start);
        self.leave();
        r
    }

    fn normal_body(&mut self, start: Option<Normal>) -> PResult<Option<Normal>> {
        let mut n = start;
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(n);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a normal item or `}` to close `normal`", &item));
            };
            if !item.kw {
                let base = self.block_base(&item, &w, "a normal", |v| match v {
                    Value::Normal(x) if first => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    n = Some(base);
                }
                first = false;
                continue;
            }
            first = false;
            let kind = match w.as_str() {
                "bumps" => Some(NormalPattern::Bumps),
                "dents" => Some(NormalPattern::Dents),
                "ripples" => Some(NormalPattern::Ripples),
                "waves" => Some(NormalPattern::Waves),
                "wrinkles" => Some(NormalPattern::Wrinkles),
                _ => None,
            };
            if let Some(kind) = kind {
                let amount = if self.starts_float() {
                    self.parse_float()?
                } else {
                    0.5
                };
                let transform = n.as_ref().and_then(|x| x.transform);
                n = Some(Normal {
                    kind,
                    amount,
                    transform,
                });
                continue;
            }
            match w.as_str() {
                "bump_size" => {
                    let a = self.parse_float()?;
                    if let Some(x) = &mut n {
                        x.amount = a;
                    }
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    if let Some(x) = &mut n {
                        x.transform = Some(compose(m, x.transform));
                    }
                }
                _ if is_ignored_pattern_modifier(&w) => {
                    self.skip_modifier_value(&w)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "warp" | "normal_map" | "slope_map" => {
                    self.skip_braced_block(&item)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "no_bump_scale" | "accuracy" => {
                    if self.starts_float() {
                        self.parse_float()?;
                    }
                }
                _ if is_pattern_name(&w)
                    || is_unsupported_pattern(&w)
                    || w == "checker"
                    || w == "bump_map" =>
                {
                    if w == "bump_map" || w == "gradient" {
                        if w == "gradient" {
                            self.parse_vector3()?;
                        } else {
                            self.skip_braced_block(&item)?;
                        }
                    }
                    if self.starts_float() {
                        self.parse_float()?;
                    }
                    self.warn(
                        &item,
                        format!("normal pattern `{w}` is not supported by spotray; the normal is ignored"),
                    );
                    n = None;
                }
                _ => return Err(self.expected("a normal pattern, modifier or `}` to close `normal`", &item)),
            }
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
                "caustics" => i.caustics = self.parse_float()?,
                "fade_distance" => i.fade_distance = self.parse_float()?,
                "fade_power" => i.fade_power = self.parse_float()?,
                "fade_color" | "fade_colour" => i.fade_colour = self.parse_colour_rgb()?,
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
                    let start = m.interior.clone().unwrap_or_default();
                    m.interior = Some(self.parse_interior_block(&item, start)?);
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

/// Patterns that spotray models with a colour map.
pub fn is_pattern_name(w: &str) -> bool {
    matches!(
        w,
        "gradient"
            | "radial"
            | "onion"
            | "leopard"
            | "bozo"
            | "spotted"
            | "marble"
            | "wood"
            | "agate"
            | "granite"
    )
}

/// The colour map used when a pattern has none. POV-Ray's built-in coloured maps for
/// some patterns are not documented numerically; spotray uses black to white.
fn default_map_for(_p: &Pattern) -> Vec<(f64, Colour)> {
    default_colour_map()
}
