//! Right-hand values of `#declare`/`#local` and macro arguments: any expression, scene
//! item or identifier, plus `array[...]` declarations with initialisers.

use std::rc::Rc;

use crate::scene::pattern::{Pattern, PatternKind};
use crate::scene::Normal;
use crate::sdl::eval::expr::Operand;
use crate::sdl::eval::value::{Array, Num, Value};
use crate::sdl::keywords::is_object_keyword;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// A normal with no effect (stands in for normals spotray does not model).
fn null_normal() -> Normal {
    let mut n = Normal::new(Pattern::new(PatternKind::Bumps));
    n.amount = 0.0;
    n
}

impl Parser<'_> {
    /// Parses any value that may follow `#declare Name =`.
    pub fn parse_rvalue(&mut self, at: &Token) -> PResult<Value> {
        let t = self.next()?;
        match &t.tok {
            Tok::Word(w) if t.kw => {
                let w = w.clone();
                self.keyword_rvalue(&w, t)
            }
            Tok::Word(w) => {
                let w = w.clone();
                match self.lookup(&w) {
                    None => Err(self.unknown_identifier(&t, &w)),
                    Some(Value::Float(_)) | Some(Value::Vector(_)) | Some(Value::Str(_)) => {
                        self.unget(t);
                        self.numeric_rvalue()
                    }
                    // `F(1, 2)` or `S(0.5)`: a value computed by the function or spline,
                    // not a copy of it.
                    Some(
                        Value::Function(_)
                        | Value::Spline(_)
                        | Value::TransformFunction(_)
                        | Value::PigmentFunction(_),
                    ) if self.peek_raw_is_sym(Sym::LParen) => {
                        self.unget(t);
                        self.numeric_rvalue()
                    }
                    Some(Value::Array(_)) => {
                        if self.peek_raw_is_sym(Sym::LBracket) {
                            let v = self.array_element(&w, &t)?;
                            match v {
                                Value::Float(f) => self.continue_expression(Operand::Num(Num::Float(f)), t),
                                Value::Vector(v) => self.continue_expression(Operand::Num(Num::Vec(v)), t),
                                Value::Str(s) => self.continue_expression(Operand::Str(s), t),
                                other => Ok(other),
                            }
                        } else {
                            // A copy is deep: it must fit the memory budget as well.
                            if let Some(Value::Array(a)) = self.lookup(&w) {
                                let bytes = a.approx_bytes();
                                self.reserve_memory(&t, bytes, &format!("a copy of array `{w}`"))?;
                            }
                            Ok(self.lookup(&w).cloned().expect("looked up"))
                        }
                    }
                    Some(Value::Poisoned(p)) => {
                        let p = p.clone();
                        self.use_poisoned(&p, &w, &t)?;
                        // A poisoned function may be called: skip its arguments.
                        self.skip_parens_if_any()?;
                        if self.lazy > 0 {
                            Ok(Value::Poisoned(p))
                        } else {
                            Ok(Value::Float(0.0))
                        }
                    }
                    Some(v) => Ok(v.clone()),
                }
            }
            _ => {
                let _ = at;
                self.unget(t);
                self.numeric_rvalue()
            }
        }
    }

    // As in POV-Ray, a declared value is a sum of products: a comparison, `&`, `|` or
    // `?:` needs parentheses. So in an array initialiser `<1, 2> <3, 4>` (comma left out)
    // the second `<` starts the next element instead of comparing.
    fn continue_expression(&mut self, first: Operand, t: Token) -> PResult<Value> {
        let e = self.parse_additive_from(Some((first, t)))?;
        self.finish_numeric(e)
    }

    fn numeric_rvalue(&mut self) -> PResult<Value> {
        let e = self.parse_additive()?;
        self.finish_numeric(e)
    }

    /// Applies trailing colour component keywords (`Cyan red 0.6`).
    fn finish_numeric(&mut self, e: Operand) -> PResult<Value> {
        let mut v = e.into_value();
        if let Value::Vector(vec) = &mut v {
            loop {
                let idx = match self.peek_raw().and_then(|t| t.word()) {
                    Some("red") => 0,
                    Some("green") => 1,
                    Some("blue") => 2,
                    Some("filter") => 3,
                    Some("transmit") => 4,
                    _ => break,
                };
                self.next()?;
                vec.n = 5;
                vec.c[idx] = self.parse_float()?;
            }
        }
        Ok(v)
    }

    fn keyword_rvalue(&mut self, w: &str, t: Token) -> PResult<Value> {
        match w {
            _ if is_object_keyword(w) => Ok(Value::Object(Rc::new(self.parse_object(&t)?))),
            "texture" => {
                // `texture { A } texture { B }` declares a layered texture.
                let mut layers = self.parse_texture_block(&t)?;
                while self.peek_raw_is_word("texture") {
                    let next = self.next()?;
                    layers.extend(self.parse_texture_block(&next)?);
                }
                Ok(Value::Texture(Rc::new(layers)))
            }
            "pigment" => {
                let start = self.default_texture.pigment.clone();
                Ok(Value::Pigment(Box::new(self.parse_pigment_block(&t, start)?)))
            }
            "finish" => {
                let start = (*self.default_texture.finish).clone();
                Ok(Value::Finish(Box::new(self.parse_finish_block(&t, start)?)))
            }
            "normal" => {
                let start = self.default_texture.normal.clone();
                let n = self.parse_normal_block(&t, start)?;
                Ok(Value::Normal(n.unwrap_or_else(|| Box::new(null_normal()))))
            }
            "interior" => Ok(Value::Interior(Box::new(
                self.parse_interior_block(&t, Default::default())?,
            ))),
            "media" => Ok(Value::Media(Box::new(self.parse_media_block(&t)?))),
            "density" => Ok(Value::Density(Box::new(self.parse_density_block(&t)?))),
            "density_map" => Ok(Value::DensityMap(Rc::new(self.parse_density_map_block(&t)?))),
            "material" => Ok(Value::Material(Box::new(self.parse_material_block(&t)?))),
            "camera" => Ok(Value::Camera(Box::new(self.parse_camera_block(&t)?))),
            "color_map" | "colour_map" => Ok(Value::ColourMap(Rc::new(self.parse_colour_map_block(&t)?))),
            "slope_map" => Ok(Value::SlopeMap(Rc::new(self.parse_slope_map_block(&t)?))),
            "normal_map" => Ok(Value::NormalMap(Rc::new(self.parse_normal_map_block(&t, false)?))),
            "pigment_map" => Ok(Value::PigmentMap(Rc::new(
                self.parse_pigment_map_block(&t, false)?,
            ))),
            "transform" => Ok(Value::Transform(Box::new(self.parse_transform_value(&t)?))),
            "array" => Ok(Value::Array(Box::new(self.parse_array_decl()?))),
            "spline" => {
                self.expect_sym(Sym::LBrace, "after `spline`")?;
                Ok(Value::Spline(std::sync::Arc::new(self.parse_spline_body(&t)?)))
            }
            // `function { spline { S } }`: the spline, called like a function.
            "function"
                if self.peek_raw_is_sym(Sym::LBrace)
                    && self.peek_raw_nth(1).is_some_and(|n| n.is_word("spline")) =>
            {
                self.next()?;
                let inner = self.next()?;
                self.expect_sym(Sym::LBrace, "after `spline`")?;
                let spline = self.parse_spline_body(&inner)?;
                self.expect_sym(Sym::RBrace, "to close `function`")?;
                Ok(Value::Spline(std::sync::Arc::new(spline)))
            }
            // `function { transform { T } }` (transforms.inc's vtransform).
            "function"
                if self.peek_raw_is_sym(Sym::LBrace)
                    && self.peek_raw_nth(1).is_some_and(|n| n.is_word("transform")) =>
            {
                self.next()?;
                let inner = self.next()?;
                let m = self.parse_transform_value(&inner)?;
                self.expect_sym(Sym::RBrace, "to close `function`")?;
                Ok(Value::TransformFunction(Box::new(m)))
            }
            // `function { pigment { P } }` (functions.inc's eval_pigment).
            "function"
                if self.peek_raw_is_sym(Sym::LBrace)
                    && self.peek_raw_nth(1).is_some_and(|n| n.is_word("pigment")) =>
            {
                self.next()?;
                let inner = self.next()?;
                let start = self.default_texture.pigment.clone();
                let pigment = self.parse_pigment_block(&inner, start)?;
                self.expect_sym(Sym::RBrace, "to close `function`")?;
                Ok(Value::PigmentFunction(std::sync::Arc::new(
                    self.compile_pigment(&inner, &pigment)?,
                )))
            }
            "function" => Ok(match self.parse_function(&t)? {
                Some(f) => Value::Function(std::sync::Arc::new(f)),
                None => Value::Float(0.0),
            }),
            "sky_sphere" => Ok(Value::SkySphere(Box::new(self.parse_sky_sphere_block(&t)?))),
            "fog" | "rainbow" | "texture_map" | "material_map" => {
                self.unsupported_here(&t, w)?;
                self.skip_parens_if_any()?;
                self.skip_braced_block(&t)?;
                Ok(Value::Float(0.0))
            }
            _ => {
                self.unget(t);
                self.numeric_rvalue()
            }
        }
    }

    /// `array[N]...[M] [{ ... }]` after the keyword `array`.
    fn parse_array_decl(&mut self) -> PResult<Array> {
        let mut dims = Vec::new();
        let mut total: usize = 1;
        while self.peek_raw_is_sym(Sym::LBracket) {
            let open = self.next()?;
            let size = self.parse_float_expr()?;
            self.expect_sym(Sym::RBracket, "to close the array size")?;
            if size.is_nan() || size < 1.0 {
                return Err(self.semantic(
                    &open,
                    format!("an array dimension must be at least 1, found {size}"),
                ));
            }
            let n = if size < 1e18 { size as usize } else { usize::MAX };
            total = total
                .checked_mul(n)
                .filter(|&x| x <= self.opts.limits.max_array_elements)
                .ok_or_else(|| {
                    self.limit(
                        &open,
                        format!(
                            "array has more than {} elements",
                            self.opts.limits.max_array_elements
                        ),
                    )
                })?;
            dims.push(n);
            self.reserve_memory(
                &open,
                Array::bytes_for(total),
                &format!("an array of {total} elements"),
            )?;
        }
        if dims.is_empty() {
            let found = self.next()?;
            return Err(self.expected("`[` with the array size after `array`", &found));
        }
        let mut arr = Array {
            dims,
            items: Vec::new(),
        };
        if self.peek_raw_is_sym(Sym::LBrace) {
            let mut items = Vec::new();
            self.parse_array_init(&arr.dims, 0, &mut items)?;
            arr.items = items;
        }
        Ok(arr)
    }

    fn parse_array_init(
        &mut self,
        dims: &[usize],
        level: usize,
        out: &mut Vec<Option<Value>>,
    ) -> PResult<()> {
        let open = self.expect_sym(Sym::LBrace, "to start the array initialiser")?;
        self.enter(&open)?;
        let r = (|| {
            for i in 0..dims[level] {
                // POV-Ray reads the commas between elements as optional.
                if i > 0 {
                    self.accept_sym_raw(Sym::Comma)?;
                }
                if self.peek_raw_is_sym(Sym::RBrace) {
                    let close = self.next()?;
                    return Err(self.semantic(
                        &close,
                        format!(
                            "the array initialiser has {i} element(s) here; the array declares {}",
                            dims[level]
                        ),
                    ));
                }
                if level + 1 < dims.len() {
                    self.parse_array_init(dims, level + 1, out)?;
                } else {
                    let at = self.peek_at();
                    let v = self.parse_rvalue(&at)?;
                    out.push(Some(v));
                }
            }
            // A trailing comma is tolerated.
            self.accept_sym_raw(Sym::Comma)?;
            let close = self.next()?;
            if !close.is_sym(Sym::RBrace) {
                return Err(self.expected(&format!("`}}` after the {} array elements", dims[level]), &close));
            }
            Ok(())
        })();
        self.leave();
        r
    }
}
