//! Object modifiers: transforms, textures, `interior`, `material`, flags such as
//! `hollow` or `no_shadow`, and the `#default` texture.

use std::sync::Arc;

use crate::scene::{CsgOp, Object, Shape, Texture};
use crate::sdl::items::objects::{transform_object, transform_texture, SceneObject};
use crate::sdl::items::transform::{invertible, is_transform_keyword};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// Object modifiers up to and including the closing `}` of `kw`.
    pub fn parse_object_modifiers(&mut self, open: &Token, kw: &str, obj: &mut SceneObject) -> PResult<()> {
        // `bounded_by`'s objects, for a later `clipped_by { bounded_by }`.
        let mut bounds: Vec<Object> = Vec::new();
        loop {
            let t = self.next()?;
            if t.is_sym(Sym::RBrace) {
                if let SceneObject::Shape { object, .. } = obj {
                    if object.texture.is_empty() && !object.interior_texture().is_empty() {
                        // POV-Ray's rule, checked as it is, per object.
                        return Err(self.semantic(&t, "`interior_texture` needs an (exterior) texture"));
                    }
                    if let Some(shape) = uv_unsupported_shape(object) {
                        self.unsupported_here(&t, &format!("uv_mapping` on a `{shape}"))?;
                    }
                }
                return Ok(());
            }
            let Some(w) = t.word().map(str::to_string) else {
                return Err(self.expected(&format!("`}}` to close `{kw}`"), &t));
            };
            if is_transform_keyword(&w) {
                let m = self.parse_transform_item(&t)?.expect("transform keyword");
                if !invertible(&m) {
                    return Err(self.semantic(&t, "transformation is singular (cannot be inverted)"));
                }
                transform_object(obj, m);
                continue;
            }
            let SceneObject::Shape { object, .. } = obj else {
                return Err(self.expected(&format!("`}}` to close `{kw}`"), &t));
            };
            match w.as_str() {
                "texture" => {
                    let layers = self.parse_texture_block(&t)?;
                    self.attach_layers(object, layers);
                }
                "pigment" => self.object_pigment(&t, object)?,
                "finish" => {
                    self.ensure_texture(object);
                    let top = object.texture.last_mut().expect("ensured");
                    let start = (*top.finish).clone();
                    let f = self.parse_finish_block(&t, start)?;
                    object.texture.last_mut().expect("ensured").finish = self.finishes.share(f);
                }
                "normal" => self.object_normal(&t, object)?,
                "interior" => {
                    let start = object.interior.as_deref().cloned().unwrap_or_default();
                    let interior = self.parse_interior_block(&t, start)?;
                    object.interior = Some(Arc::new(media_in_object_space(object, interior)));
                }
                "material" => {
                    let m = self.parse_material_block(&t)?;
                    self.attach_layers(object, m.texture);
                    if let Some(i) = m.interior {
                        object.interior = Some(if i.media.is_empty() {
                            i
                        } else {
                            Arc::new(media_in_object_space(object, (*i).clone()))
                        });
                    }
                }
                "inverse" => object.inverse = !object.inverse,
                "no_shadow" => object.no_shadow = true,
                "no_reflection" => object.no_reflection = true,
                "no_image" => object.no_image = true,
                "double_illuminate" => object.double_illuminate = true,
                "hollow" => object.hollow = self.parse_optional_bool()?,
                "sturm" | "hierarchy" | "split_union" | "no_radiosity" => {
                    self.parse_optional_bool()?;
                }
                "open" => match &mut object.shape {
                    Shape::Cylinder(c) => c.open = true,
                    Shape::Cone(c) => c.open = true,
                    Shape::Isosurface(i) => i.open = true,
                    Shape::Prism(p) => p.open = true,
                    Shape::Sor(s) => s.open = true,
                    _ => return Err(self.expected(&format!("`}}` to close `{kw}`"), &t)),
                },
                "cutaway_textures" => match &mut object.shape {
                    Shape::Csg { cutaway_textures, .. } => *cutaway_textures = true,
                    _ => return Err(self.expected(&format!("`}}` to close `{kw}`"), &t)),
                },
                "inside_vector" => {
                    if !matches!(object.shape, Shape::Mesh { .. }) {
                        return Err(self.expected(&format!("`}}` to close `{kw}`"), &t));
                    }
                    self.parse_vector3()?;
                }
                "smooth" if matches!(object.shape, Shape::Mesh { .. }) => {}
                "bounded_by" => {
                    bounds = self.parse_object_list(&t, true)?;
                    self.warn(&t, "`bounded_by` is ignored (it only speeds up POV-Ray)");
                }
                "clipped_by" => {
                    let mut clips = self.parse_object_list(&t, false)?;
                    if clips.is_empty() {
                        // `clipped_by { bounded_by }`: the bounds so far clip too.
                        clips = bounds.clone();
                    }
                    self.clip_object(&t, object, clips)?;
                }
                "radiosity" => {
                    self.skip_braced_block(&t)?;
                    self.warn(&t, "per-object `radiosity { }` settings are ignored");
                }
                "interior_texture" => {
                    let layers = self.parse_texture_block(&t)?;
                    self.attach_interior_layers(object, layers);
                }
                "uv_mapping" => {
                    if !object.texture.is_empty() {
                        return Err(self.semantic(&t, "`uv_mapping` must be specified before the texture"));
                    }
                    object.uv_mapping = true;
                }
                "photons" => {
                    let photons = self.parse_object_photons(&t, object.photons())?;
                    object.extra_mut().photons = Some(photons);
                }
                "texture_list" => {
                    self.unsupported_here(&t, &w)?;
                    if self.peek_raw_is_sym(Sym::LBrace) {
                        self.skip_braced_block(&t)?;
                    }
                }
                _ => {
                    if self.is_object_start(&t) {
                        return Err(self.syntax(&t, format!("expected `}}` to close `{kw}`, found `{w}`")));
                    }
                    return Err(self.expected(&format!("`}}` to close `{kw}`"), &t));
                }
            }
            let _ = open;
        }
    }

    /// Skips `{ ... }` (after its keyword) with balanced braces.
    pub fn skip_braced_block(&mut self, t: &Token) -> PResult<()> {
        self.expect_sym(Sym::LBrace, &format!("after `{}`", t.word().unwrap_or("")))?;
        let mut depth = 1usize;
        while depth > 0 {
            let x = self.next()?;
            if x.is_sym(Sym::LBrace) {
                depth += 1;
            } else if x.is_sym(Sym::RBrace) {
                depth -= 1;
            } else if matches!(x.tok, crate::sdl::token::Tok::Eof) {
                return Err(self.expected("`}`", &x));
            }
        }
        Ok(())
    }

    /// The objects of `bounded_by { }` or `clipped_by { }` (after its keyword `t`).
    /// Inside `bounded_by`, `clipped_by` stands for the clipping objects (which are
    /// not kept for bounding); inside `clipped_by`, a lone `bounded_by` is the caller's.
    fn parse_object_list(&mut self, t: &Token, bounding: bool) -> PResult<Vec<Object>> {
        let kw = if bounding { "bounded_by" } else { "clipped_by" };
        self.expect_sym(Sym::LBrace, &format!("after `{kw}`"))?;
        let mut objects = Vec::new();
        loop {
            let c = self.next()?;
            if c.is_sym(Sym::RBrace) {
                return Ok(objects);
            }
            let other = if bounding { "clipped_by" } else { "bounded_by" };
            if c.is_word(other) && objects.is_empty() {
                continue;
            }
            if !self.is_object_start(&c) {
                return Err(self.expected(&format!("an object or `}}` to close `{kw}`"), &c));
            }
            match self.parse_object(&c)? {
                SceneObject::Shape { object, .. } => objects.push(object),
                SceneObject::Light(_) => {
                    return Err(self.semantic(&c, format!("a light source cannot be used in `{kw}`")))
                }
            }
            let _ = t;
        }
    }

    /// Adds clipping objects given in the parent's space to `object`.
    fn clip_object(&mut self, t: &Token, object: &mut Object, clips: Vec<Object>) -> PResult<()> {
        if clips.is_empty() {
            return Err(self.semantic(t, "`clipped_by` needs at least one object"));
        }
        let inverse = object.transform.as_deref().copied().map(|m| m.inverse());
        let list = &mut object.extra_mut().clip;
        for clip in clips {
            let mut clip = SceneObject::Shape {
                object: clip,
                lights: Vec::new(),
            };
            if let Some(inv) = inverse {
                transform_object(&mut clip, inv);
            }
            if let SceneObject::Shape { object, .. } = clip {
                list.push(object);
            }
        }
        Ok(())
    }

    /// Adds texture layers given in the current (parent) space to an object.
    pub fn attach_layers(&mut self, object: &mut Object, layers: Vec<Texture>) {
        let inv = inverse_of(object);
        for mut layer in layers {
            if let Some(inv) = inv {
                transform_texture(&mut layer, inv);
            }
            object.texture.push(layer);
        }
        // A pushed-to Vec keeps room for four layers: a million objects with one each
        // would hold three unused layers apiece (1.5 KiB).
        object.texture.shrink_to_fit();
    }

    /// Adds `interior_texture` layers given in the current (parent) space to an object.
    fn attach_interior_layers(&mut self, object: &mut Object, layers: Vec<Texture>) {
        let inv = inverse_of(object);
        let list = &mut object.extra_mut().interior_texture;
        for mut layer in layers {
            if let Some(inv) = inv {
                transform_texture(&mut layer, inv);
            }
            list.push(layer);
        }
        list.shrink_to_fit();
    }

    /// Gives an untextured object a copy of the default texture (for object-level
    /// `pigment`/`finish`/`normal`).
    pub(crate) fn ensure_texture(&mut self, object: &mut Object) {
        if object.texture.is_empty() {
            let d = self.default_texture.clone();
            self.attach_layers(object, vec![d]);
        }
    }

    pub(crate) fn object_pigment(&mut self, t: &Token, object: &mut Object) -> PResult<()> {
        self.ensure_texture(object);
        let m = object.transform.as_deref().copied().filter(invertible);
        let mut start = object.texture.last().expect("ensured").pigment.clone();
        if let Some(m) = m {
            start.transform(m);
        }
        let mut p = self.parse_pigment_block(t, start)?;
        if let Some(m) = m {
            p.transform(m.inverse());
        }
        object.texture.last_mut().expect("ensured").pigment = p;
        Ok(())
    }

    pub(crate) fn object_normal(&mut self, t: &Token, object: &mut Object) -> PResult<()> {
        self.ensure_texture(object);
        let m = object.transform.as_deref().copied().filter(invertible);
        let mut start = object.texture.last().expect("ensured").normal.clone();
        if let (Some(m), Some(n)) = (m, &mut start) {
            n.transform(m);
        }
        let mut n = self.parse_normal_block(t, start)?;
        if let (Some(m), Some(n)) = (m, &mut n) {
            n.transform(m.inverse());
        }
        object.texture.last_mut().expect("ensured").normal = n;
        Ok(())
    }

    /// Applies `#default` texturing to a top-level object: every part with no texture of
    /// its own or from an ancestor gets the default texture, except the untextured
    /// parts of `cutaway_textures` CSGs (the renderer takes those from the parts they
    /// cut).
    pub fn apply_default_texture(&self, object: &mut Object) {
        fn fill(o: &mut Object, default: &Texture, in_cutaway: bool) {
            if !o.texture.is_empty() {
                return;
            }
            let inv = inverse_of(o);
            match &mut o.shape {
                Shape::Csg {
                    children,
                    cutaway_textures,
                    op,
                } => {
                    let cutting = *cutaway_textures
                        && matches!(op, CsgOp::Difference | CsgOp::Intersection)
                        && children.iter().any(|c| !c.texture.is_empty());
                    let is_difference = *op == CsgOp::Difference;
                    let mut d = default.clone();
                    if let Some(inv) = inv {
                        transform_texture(&mut d, inv);
                    }
                    for (i, c) in children.iter_mut().enumerate() {
                        let cut = in_cutaway || (cutting && !(is_difference && i == 0));
                        fill(c, &d, cut);
                    }
                }
                _ if in_cutaway => {}
                _ => {
                    let mut d = default.clone();
                    if let Some(inv) = inv {
                        transform_texture(&mut d, inv);
                    }
                    o.texture = vec![d];
                }
            }
        }
        fill(object, &self.default_texture, false);
    }
}

/// The shape of an object whose textures ask for surface coordinates that spotray does
/// not give it yet (POV-Ray's bicubic_patch has its own).
fn uv_unsupported_shape(object: &crate::scene::Object) -> Option<&'static str> {
    let name = match &object.shape {
        Shape::BicubicPatch(_) => "bicubic_patch",
        _ => return None,
    };
    let textures = object.texture.iter().chain(object.interior_texture());
    (object.uv_mapping || textures.clone().any(crate::scene::Texture::uses_uv)).then_some(name)
}

/// An interior given in the current (parent) space moved into `object`'s space, as its
/// textures are: its media's densities then move with the object.
fn media_in_object_space(object: &Object, mut interior: crate::scene::Interior) -> crate::scene::Interior {
    let inv = inverse_of(object);
    if let Some(inv) = inv {
        for m in &mut interior.media {
            m.transform(inv);
        }
    }
    interior
}

/// The inverse of an object's transform, when it has one that can be inverted: what moves
/// things given in the parent's space into the object's.
fn inverse_of(object: &Object) -> Option<glam::DMat4> {
    object
        .transform
        .as_deref()
        .copied()
        .filter(invertible)
        .map(|m| m.inverse())
}
