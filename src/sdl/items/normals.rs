//! `normal { ... }`: a pattern with its amount, `slope_map` or `normal_map`, the
//! pattern modifiers, `bump_size`, `accuracy` and `no_bump_scale`.

use crate::scene::pattern::{ImageValue, Pattern, PatternKind};
use crate::scene::{Normal, NormalMap};
use crate::sdl::eval::value::Value;
use crate::sdl::items::image::ImageUse;
use crate::sdl::items::pattern_modifiers::is_pattern_modifier;
use crate::sdl::items::pigments::{is_list_pattern_name, is_pattern_name, is_unsupported_pattern};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Most entries a slope or normal map may have (POV-Ray's limit for any map).
const MAX_MAP_ENTRIES: usize = 256;

impl Parser<'_> {
    /// `normal { ... }` after keyword `t`, modifying `start`.
    pub fn parse_normal_block(
        &mut self,
        t: &Token,
        start: Option<Box<Normal>>,
    ) -> PResult<Option<Box<Normal>>> {
        self.expect_sym(Sym::LBrace, "after `normal`")?;
        self.enter(t)?;
        let r = self.normal_body(start.map(|n| *n), Sym::RBrace);
        self.leave();
        Ok(r?.map(Box::new))
    }

    /// The items of a normal up to `close` (`}` for a block, `]` for a map entry).
    fn normal_body(&mut self, start: Option<Normal>, close: Sym) -> PResult<Option<Normal>> {
        let mut n = start.unwrap_or_else(|| {
            let mut n = Normal::new(Pattern::new(PatternKind::Bumps));
            n.pattern_given = false;
            n
        });
        let wanted = if close == Sym::RBrace {
            "a normal pattern, modifier or `}` to close `normal`"
        } else {
            "a normal pattern, modifier or `]` to close the normal map entry"
        };
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(close) {
                return Ok(Some(n));
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected(wanted, &item));
            };
            if !item.kw {
                let base = self.block_base(&item, &w, "a normal", |v| match v {
                    Value::Normal(x) if first => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    n = base;
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                _ if is_pattern_name(&w) || is_list_pattern_name(&w) || w == "average" => {
                    let kind = self.parse_pattern_args(&item, &w)?;
                    let entries = kind.list_size();
                    let list = match entries {
                        Some(count) => self.normal_list(count)?,
                        None => None,
                    };
                    self.close_object_pattern(&kind)?;
                    n.pattern.set_kind(kind);
                    n.pattern_given = true;
                    if let Some(list) = list {
                        n.map = NormalMap::Normals(list);
                        continue;
                    }
                    // `bumps 0.5` or, as POV-Ray also reads it, `bumps, 0.5`.
                    self.accept_sym_raw(Sym::Comma)?;
                    if self.starts_float() {
                        n.amount = self.parse_float()?;
                    }
                }
                "bump_size" => n.amount = self.parse_float()?,
                "bump_map" => {
                    let block = self.parse_image_block(&item, ImageUse::Bumps)?;
                    n.pattern.set_kind(PatternKind::BumpMap(Box::new(ImageValue {
                        map: block.map,
                        use_alpha: false,
                        indices: block.indices,
                    })));
                    n.pattern_given = true;
                    if let Some(size) = block.bump_size {
                        n.amount = size;
                    }
                }
                "accuracy" => {
                    let a = self.parse_float()?;
                    if a.is_nan() || a <= 0.0 {
                        return Err(self.semantic(&item, format!("`accuracy` must be above 0, not {a}")));
                    }
                    n.accuracy = a;
                }
                "no_bump_scale" => {
                    n.scale_bumps = if self.starts_float() {
                        self.parse_float()? == 0.0
                    } else {
                        false
                    };
                }
                "slope_map" => n.map = NormalMap::Slopes(self.parse_slope_map_block(&item)?),
                "normal_map" => {
                    let average = n.pattern_given && n.pattern.kind == PatternKind::Average;
                    n.map = NormalMap::Normals(self.parse_normal_map_block(&item, average)?);
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    n.transform(m);
                }
                _ if is_pattern_modifier(&w) => self.pattern_modifier(&item, &mut n.pattern)?,
                "uv_mapping" => {
                    // As in POV-Ray, the rest of the block is a normal of its own,
                    // evaluated at the surface coordinates.
                    let start = self.default_texture.normal.clone().map(|n| *n);
                    let inner = self.normal_body(start, close)?;
                    return Ok(inner.map(|mut n| {
                        n.uv = true;
                        n
                    }));
                }
                _ if is_unsupported_pattern(&w) => {
                    self.skip_pattern_arguments(&w, &item)?;
                    self.accept_sym_raw(Sym::Comma)?;
                    if self.starts_float() {
                        self.parse_float()?;
                    }
                    self.warn(
                        &item,
                        format!("normal pattern `{w}` is not supported by spotray; the normal is ignored"),
                    );
                    self.skip_to(close)?;
                    return Ok(None);
                }
                _ => return Err(self.expected(wanted, &item)),
            }
        }
    }

    /// A list pattern's normals, `normal { } [,] normal { } ...` (at most `count`);
    /// `None` when none follows.
    fn normal_list(&mut self, count: usize) -> PResult<Option<Vec<(f64, Normal)>>> {
        let mut list = Vec::new();
        while list.len() < count && self.peek_raw_is_word("normal") {
            let t = self.next()?;
            let start = self.default_texture.normal.clone();
            let n = self.parse_normal_block(&t, start)?.map(|n| *n);
            let n = n.unwrap_or_else(|| {
                let mut flat = Normal::new(Pattern::new(PatternKind::Bumps));
                flat.amount = 0.0;
                flat
            });
            list.push((list.len() as f64, n));
            self.accept_sym_raw(Sym::Comma)?;
        }
        Ok((!list.is_empty()).then_some(list))
    }

    /// Skips to and past `close`, nested blocks included.
    pub(crate) fn skip_to(&mut self, close: Sym) -> PResult<()> {
        if close == Sym::RBrace {
            return self.skip_rest_of_block();
        }
        let mut depth = 0usize;
        loop {
            let t = self.next()?;
            if t.is_sym(Sym::LBrace) || t.is_sym(Sym::LBracket) {
                depth += 1;
            } else if t.is_sym(Sym::RBrace) || t.is_sym(Sym::RBracket) {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
        }
    }

    /// `slope_map { [value, <height, slope>] ... }` after its keyword.
    pub fn parse_slope_map_block(&mut self, t: &Token) -> PResult<Vec<(f64, f64, f64)>> {
        self.expect_sym(Sym::LBrace, "after `slope_map`")?;
        let mut map = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if let Some(w) = item.word().map(str::to_string) {
                if let Some(Value::SlopeMap(m)) = self.lookup(&w) {
                    map = (**m).clone();
                    continue;
                }
            }
            if !item.is_sym(Sym::LBracket) {
                return Err(self.expected("`[` to start a slope map entry, or `}`", &item));
            }
            let value = self.parse_float()?;
            self.accept_sym_raw(Sym::Comma)?;
            let v = self.parse_vector_n(2)?;
            self.expect_sym(Sym::RBracket, "to close the slope map entry")?;
            map.push((value, v.c[0], v.c[1]));
            self.check_map_size(&item, map.len(), "slope")?;
        }
        if map.is_empty() {
            return Err(self.semantic(t, "a slope map needs at least one entry"));
        }
        Ok(map)
    }

    /// `normal_map { [value NORMAL_ITEMS] ... }` after its keyword.
    pub fn parse_normal_map_block(&mut self, t: &Token, average: bool) -> PResult<Vec<(f64, Normal)>> {
        self.expect_sym(Sym::LBrace, "after `normal_map`")?;
        self.enter(t)?;
        let r = self.normal_map_entries(t, average);
        self.leave();
        r
    }

    fn normal_map_entries(&mut self, t: &Token, average: bool) -> PResult<Vec<(f64, Normal)>> {
        let mut map = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if let Some(w) = item.word().map(str::to_string) {
                if let Some(Value::NormalMap(m)) = self.lookup(&w) {
                    map = (**m).clone();
                    continue;
                }
            }
            if !item.is_sym(Sym::LBracket) {
                return Err(self.expected("`[` to start a normal map entry, or `}`", &item));
            }
            let value = self.map_entry_value(average)?;
            let start = self.default_texture.normal.clone().map(|n| *n);
            let n = self.normal_body(start, Sym::RBracket)?.unwrap_or_else(|| {
                let mut flat = Normal::new(Pattern::new(PatternKind::Bumps));
                flat.amount = 0.0;
                flat
            });
            map.push((value, n));
            self.check_map_size(&item, map.len(), "normal")?;
        }
        if map.is_empty() {
            return Err(self.semantic(t, "a normal map needs at least one entry"));
        }
        Ok(map)
    }

    pub(crate) fn check_map_size(&mut self, at: &Token, len: usize, what: &str) -> PResult<()> {
        if len > MAX_MAP_ENTRIES {
            return Err(self.limit(at, format!("a {what} map has at most {MAX_MAP_ENTRIES} entries")));
        }
        Ok(())
    }

    /// Consumes what follows an unmodelled pattern's name before its amount, as POV-Ray
    /// reads it: `density_file df3 "f.df3"`, `pigment_pattern { }`, `slope y`.
    fn skip_pattern_arguments(&mut self, w: &str, item: &Token) -> PResult<()> {
        match w {
            "density_file" => {
                let kind = self.next()?;
                if !kind.is_word("df3") {
                    return Err(self.expected("`df3` after `density_file`", &kind));
                }
                self.parse_string()?;
            }
            "pigment_pattern" | "object" | "slope" => {
                if self.peek_raw_is_sym(Sym::LBrace) {
                    self.skip_braced_block(item)?;
                } else if w == "slope" {
                    self.parse_vector3()?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
