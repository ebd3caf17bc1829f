//! `pigment { ... }`: solid colours, `checker`, `image_map` and the colour-mapped patterns,
//! with `color_map` and pattern modifiers.

use glam::DMat4;

use crate::scene::pattern::{Pattern, PatternKind, SharedFunction, Warp};
use crate::scene::{default_colour_map, Colour, Pigment, PigmentMap, PigmentPattern};
use crate::sdl::eval::value::Value;
use crate::sdl::items::pattern_modifiers::is_pattern_modifier;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Most entries a colour map may have (POV-Ray's limit).
const MAX_MAP_ENTRIES: usize = 256;

/// Pattern names recognised by POV-Ray but not modelled by spotray.
pub(crate) fn is_unsupported_pattern(w: &str) -> bool {
    matches!(w, "facets" | "pavement" | "wood_")
}

impl Parser<'_> {
    /// `pigment { ... }` after keyword `t`, modifying `start`.
    pub fn parse_pigment_block(&mut self, t: &Token, start: Pigment) -> PResult<Pigment> {
        self.expect_sym(Sym::LBrace, "after `pigment`")?;
        self.enter(t)?;
        let r = self.pigment_body(start, Sym::RBrace);
        self.leave();
        r
    }

    /// The items of a pigment up to `close` (`}` for a block, `]` for a map entry).
    pub(crate) fn pigment_body(&mut self, start: Pigment, close: Sym) -> PResult<Pigment> {
        let wanted = if close == Sym::RBrace {
            "a pigment item or `}` to close `pigment`"
        } else {
            "a pigment item or `]` to close the pigment map entry"
        };
        let mut p = start;
        let mut pending_map: Option<PigmentMap> = None;
        let mut first = true;
        // Modifiers and transforms met before a pattern keyword, for the pattern it
        // will start; and the transform the pigment had before this block.
        let mut template = Pattern::new(PatternKind::Bozo);
        let mut before = p.transform.as_deref().copied();
        loop {
            let item = self.next()?;
            if item.is_sym(close) {
                break;
            }
            let word = item.word().map(str::to_string);
            if let Some(w) = &word {
                if !item.kw {
                    match self.lookup(w) {
                        Some(Value::Pigment(x)) | Some(Value::Density(x)) if first => {
                            p = (**x).clone();
                            before = p.transform.as_deref().copied();
                            first = false;
                            continue;
                        }
                        Some(Value::ColourMap(m)) => {
                            let m = PigmentMap::Colours((**m).clone());
                            set_map(&mut p, &mut pending_map, m);
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
                return Err(self.expected(wanted, &item));
            };
            match w.as_str() {
                "color" | "colour" | "rgb" | "rgbf" | "rgbt" | "rgbft" | "srgb" | "srgbf" | "srgbt"
                | "srgbft" | "red" | "green" | "blue" | "filter" | "transmit" => {
                    self.unget(item);
                    let c = self.parse_colour()?;
                    p = Pigment::solid(c.to_colour());
                }
                "image_map" => {
                    let im = self.parse_image_map(&item)?;
                    let mut place =
                        match std::mem::replace(&mut p.pattern, PigmentPattern::Solid(Colour::BLACK)) {
                            PigmentPattern::Mapped { pattern, .. } | PigmentPattern::ImageMap(_, pattern) => {
                                pattern
                            }
                            PigmentPattern::Solid(_) | PigmentPattern::Uv(_) => {
                                let mut pattern =
                                    std::mem::replace(&mut template, Pattern::new(PatternKind::Bozo));
                                if let Some(m) = before.take() {
                                    wrap_innermost(&mut pattern, m);
                                }
                                Box::new(pattern)
                            }
                        };
                    place.set_kind(PatternKind::Bozo);
                    p.transform = None;
                    p.pattern = PigmentPattern::ImageMap(im, place);
                }
                "color_map" | "colour_map" => {
                    let m = self.parse_colour_map_block(&item)?;
                    set_map(&mut p, &mut pending_map, PigmentMap::Colours(m));
                }
                "density_map" => {
                    let m = self.parse_density_map_block(&item)?;
                    set_map(&mut p, &mut pending_map, PigmentMap::Pigments(m));
                }
                "pigment_map" => {
                    let average = matches!(&p.pattern, PigmentPattern::Mapped { pattern, .. } if pattern.kind == PatternKind::Average);
                    let m = self.parse_pigment_map_block(&item, average)?;
                    set_map(&mut p, &mut pending_map, PigmentMap::Pigments(m));
                }
                _ if is_pattern_name(&w) || is_list_pattern_name(&w) || w == "average" => {
                    let kind = self.parse_pattern_args(&item, &w)?;
                    // A list pattern takes its entries now, padded with its defaults.
                    let list = match kind.list_size() {
                        Some(count) => Some(self.pigment_list(&kind, count)?),
                        None => None,
                    };
                    self.close_object_pattern(&kind)?;
                    p.pattern = match std::mem::replace(&mut p.pattern, PigmentPattern::Solid(Colour::BLACK))
                    {
                        PigmentPattern::Mapped { mut pattern, map } => {
                            pattern.set_kind(kind);
                            PigmentPattern::Mapped {
                                pattern,
                                map: list.or(map),
                            }
                        }
                        _ => {
                            let mut pattern =
                                std::mem::replace(&mut template, Pattern::new(PatternKind::Bozo));
                            pattern.set_kind(kind);
                            if let Some(m) = before.take() {
                                wrap_innermost(&mut pattern, m);
                            }
                            p.transform = None;
                            PigmentPattern::Mapped {
                                pattern: Box::new(pattern),
                                map: list.or(pending_map.take()),
                            }
                        }
                    };
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    if matches!(p.pattern, PigmentPattern::Solid(_)) {
                        template.transform(m);
                    }
                    p.transform(m);
                }
                _ if is_pattern_modifier(&w) => match &mut p.pattern {
                    PigmentPattern::Mapped { pattern, .. } | PigmentPattern::ImageMap(_, pattern) => {
                        self.pattern_modifier(&item, pattern)?
                    }
                    PigmentPattern::Solid(_) | PigmentPattern::Uv(_) => {
                        self.pattern_modifier(&item, &mut template)?
                    }
                },
                "quick_color" | "quick_colour" => {
                    self.parse_colour()?;
                }
                "uv_mapping" => {
                    // As in POV-Ray, the rest of the block is a pigment of its own,
                    // evaluated at the surface coordinates.
                    let start = self.default_texture.pigment.clone();
                    let inner = self.pigment_body(start, close)?;
                    return Ok(Pigment {
                        pattern: PigmentPattern::Uv(Box::new(inner)),
                        transform: None,
                    });
                }
                _ if is_unsupported_pattern(&w) => {
                    self.unsupported_here(&item, &w)?;
                    self.skip_to(close)?;
                    return Ok(p);
                }
                _ => return Err(self.expected(wanted, &item)),
            }
        }
        if let (Some(m), PigmentPattern::Mapped { map, .. }) = (pending_map, &mut p.pattern) {
            *map = Some(m);
        }
        Ok(p)
    }

    /// A list pattern's entries, `C1 [,] C2 ...` where each is a colour or
    /// `pigment { }`, at most `count`; the missing ones are the pattern's defaults.
    fn pigment_list(&mut self, kind: &PatternKind, count: usize) -> PResult<PigmentMap> {
        let mut entries: Vec<Pigment> = Vec::new();
        while entries.len() < count {
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
            self.accept_sym_raw(Sym::Comma)?;
        }
        let defaults = default_colour_map(kind);
        let colours: Option<Vec<(f64, Colour)>> = (0..count)
            .map(|i| match entries.get(i) {
                Some(Pigment {
                    pattern: PigmentPattern::Solid(c),
                    transform: None,
                }) => Some((i as f64, *c)),
                Some(_) => None,
                None => Some((i as f64, defaults[i].1)),
            })
            .collect();
        Ok(match colours {
            Some(colours) => PigmentMap::Colours(colours),
            None => {
                let mut pigments: Vec<(f64, Pigment)> = entries
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (i as f64, p))
                    .collect();
                for (i, default) in defaults.iter().enumerate().take(count).skip(pigments.len()) {
                    pigments.push((i as f64, Pigment::solid(default.1)));
                }
                PigmentMap::Pigments(pigments)
            }
        })
    }

    /// `pigment_map { [value PIGMENT_ITEMS] ... }` after its keyword. In an
    /// `average` pigment the value is a weight, 1 if left out (as in POV-Ray).
    pub fn parse_pigment_map_block(&mut self, t: &Token, average: bool) -> PResult<Vec<(f64, Pigment)>> {
        self.expect_sym(Sym::LBrace, "after `pigment_map`")?;
        self.enter(t)?;
        let r = self.pigment_map_entries(t, average);
        self.leave();
        r
    }

    fn pigment_map_entries(&mut self, t: &Token, average: bool) -> PResult<Vec<(f64, Pigment)>> {
        let mut map = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if let Some(w) = item.word().map(str::to_string) {
                if let Some(Value::PigmentMap(m) | Value::DensityMap(m)) = self.lookup(&w) {
                    map = (**m).clone();
                    continue;
                }
            }
            if !item.is_sym(Sym::LBracket) {
                return Err(self.expected("`[` to start a pigment map entry, or `}`", &item));
            }
            let value = self.map_entry_value(average)?;
            let start = self.default_texture.pigment.clone();
            map.push((value, self.pigment_body(start, Sym::RBracket)?));
            self.check_map_size(&item, map.len(), "pigment")?;
        }
        if map.is_empty() {
            return Err(self.semantic(t, "a pigment map needs at least one entry"));
        }
        Ok(map)
    }

    pub(crate) fn parse_pattern_args(&mut self, t: &Token, w: &str) -> PResult<PatternKind> {
        Ok(match w {
            "gradient" => {
                let v = self.parse_vector3()?;
                PatternKind::Gradient(v)
            }
            "radial" => PatternKind::Radial,
            "onion" => PatternKind::Onion,
            "leopard" => PatternKind::Leopard,
            "bozo" => PatternKind::Bozo,
            "spotted" => PatternKind::Spotted,
            "marble" => PatternKind::Marble,
            "wood" => PatternKind::Wood,
            "boxed" => PatternKind::Boxed,
            "cylindrical" => PatternKind::Cylindrical,
            "spherical" => PatternKind::Spherical,
            "planar" => PatternKind::Planar,
            "wrinkles" => PatternKind::Wrinkles,
            "bumps" => PatternKind::Bumps,
            "dents" => PatternKind::Dents,
            "cells" => PatternKind::Cells,
            "spiral1" | "spiral2" => {
                let arms = PatternKind::spiral_arms(self.parse_float()?);
                if w == "spiral1" {
                    PatternKind::Spiral1 { arms }
                } else {
                    PatternKind::Spiral2 { arms }
                }
            }
            "quilted" => PatternKind::quilted(),
            "crackle" => PatternKind::crackle(),
            // The list patterns as values (in `pattern { }`): 0, 1 (2 for hexagon).
            "checker" => PatternKind::Checker,
            "object" => self.parse_object_pattern_start(t)?,
            "hexagon" => PatternKind::Hexagon,
            "brick" => PatternKind::brick(),
            "cubic" => PatternKind::Cubic,
            "square" => PatternKind::Square,
            "triangular" => PatternKind::Triangular,
            "average" => PatternKind::Average,
            "pigment_pattern" => {
                let start = self.default_texture.pigment.clone();
                PatternKind::PigmentPattern(Box::new(self.parse_pigment_block(t, start)?))
            }
            // POV-Ray's default agate_turb.
            "agate" => PatternKind::Agate { turbulence: 1.0 },
            "function" => {
                let Some(f) = self.parse_function(t)? else {
                    return Ok(PatternKind::Bozo);
                };
                if f.params.len() != 3 {
                    return Err(self.semantic(
                        t,
                        format!(
                            "a function used as a pattern takes x, y and z, not {} parameter(s)",
                            f.params.len()
                        ),
                    ));
                }
                PatternKind::Function(SharedFunction(std::sync::Arc::new(f)))
            }
            "granite" => PatternKind::Granite,
            "aoi" => PatternKind::Aoi,
            "slope" => PatternKind::Slope(Box::new(self.parse_slope(t)?)),
            "image_pattern" => {
                let block = self.parse_image_block(t, crate::sdl::items::image::ImageUse::Pattern)?;
                PatternKind::ImagePattern(Box::new(crate::scene::pattern::ImageValue {
                    map: block.map,
                    use_alpha: block.use_alpha,
                    indices: None,
                }))
            }
            "density_file" => self.parse_density_file(t)?,
            "tiling" => {
                let v = self.parse_float()?;
                // POV-Ray 3.7.0 takes the whole part and refuses any other number.
                let n = v.trunc();
                if !(1.0..=27.0).contains(&n) {
                    return Err(self.semantic(t, format!("the tiling number must be 1 to 27, not {v}")));
                }
                if n > 10.0 {
                    self.unsupported_here(t, &format!("tiling {n}"))?;
                }
                PatternKind::Tiling(n as u8)
            }
            _ => self.parse_fractal_pattern(t, w)?,
        })
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
                        map = vec![(0.0, Colour::BLACK), (1.0, Colour::WHITE)];
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
}

/// Patterns that spotray models with a colour map.
pub fn is_pattern_name(w: &str) -> bool {
    matches!(
        w,
        "function"
            | "pigment_pattern"
            | "boxed"
            | "cylindrical"
            | "spherical"
            | "planar"
            | "wrinkles"
            | "bumps"
            | "dents"
            | "cells"
            | "spiral1"
            | "spiral2"
            | "quilted"
            | "crackle"
            | "gradient"
            | "radial"
            | "onion"
            | "leopard"
            | "bozo"
            | "spotted"
            | "marble"
            | "wood"
            | "agate"
            | "granite"
            | "density_file"
            | "tiling"
            | "image_pattern"
            | "slope"
            | "aoi"
    ) || crate::sdl::items::fractal_patterns::is_fractal_pattern_name(w)
}

/// The patterns that take a list of colours, pigments, normals or textures.
pub fn is_list_pattern_name(w: &str) -> bool {
    matches!(
        w,
        "checker" | "hexagon" | "brick" | "cubic" | "square" | "triangular" | "object"
    )
}

impl Parser<'_> {
    /// A map entry's value, with the comma after it; an `average` map's may be left
    /// out and is then 1.
    pub(crate) fn map_entry_value(&mut self, average: bool) -> PResult<f64> {
        let value = if average && !self.starts_float() {
            1.0
        } else {
            self.parse_float()?
        };
        self.accept_sym_raw(Sym::Comma)?;
        Ok(value)
    }
}

/// Gives the pigment's pattern the map `m`, or keeps it for the pattern to come.
fn set_map(p: &mut Pigment, pending: &mut Option<PigmentMap>, m: PigmentMap) {
    match &mut p.pattern {
        PigmentPattern::Mapped { map, .. } => *map = Some(m),
        _ => *pending = Some(m),
    }
}

/// Makes `m` the innermost transform of `pattern` (a transform the pigment had before
/// its pattern began), merged with an innermost transform it already has.
fn wrap_innermost(pattern: &mut Pattern, m: DMat4) {
    match pattern.warps.last_mut() {
        Some(Warp::Transform(inner)) => *inner *= m,
        _ => pattern.warps.push(Warp::Transform(m)),
    }
}
