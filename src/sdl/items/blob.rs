//! `blob { threshold T  sphere { ... }  cylinder { ... }  component s, r, c ... }`: the
//! threshold and components, each with its own transforms and texture.

use std::sync::Arc;

use glam::DMat4;

use crate::scene::{Blob, BlobComponent, BlobKind, CsgOp, Object, Shape};
use crate::sdl::items::objects::transform_texture;
use crate::sdl::items::transform::{invertible, is_transform_keyword};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// The blob's body up to its object modifiers (after `blob {`).
    pub(crate) fn parse_blob_params(&mut self, t: &Token) -> PResult<Shape> {
        let mut threshold = 1.0;
        let mut components = Vec::new();
        loop {
            let w = self.next()?;
            match w.word() {
                Some("threshold") => {
                    let at = self.peek_at();
                    threshold = self.parse_float()?;
                    if !threshold.is_finite() || threshold <= 0.0 {
                        return Err(self.semantic(
                            &at,
                            format!("the blob's threshold must be a positive number, found {threshold}"),
                        ));
                    }
                }
                Some("component") => {
                    let at = self.peek_at();
                    let strength = self.parse_float()?;
                    self.comma("component")?;
                    let radius = self.parse_float()?;
                    self.comma("component")?;
                    let center = self.parse_vector3()?;
                    let kind = BlobKind::Sphere { center, radius };
                    components.push(self.checked_component(
                        &at,
                        kind,
                        strength,
                        DMat4::IDENTITY,
                        Vec::new(),
                    )?);
                    self.count_objects(&w, 1)?;
                }
                Some("sphere") | Some("cylinder") => {
                    components.push(self.parse_blob_component(&w)?);
                    self.count_objects(&w, 1)?;
                }
                _ => {
                    self.unget(w);
                    break;
                }
            }
        }
        if components.is_empty() {
            return Err(self.semantic(t, "a blob needs at least one component"));
        }
        components.shrink_to_fit();
        Ok(Shape::Blob(Arc::new(Blob {
            threshold,
            components,
        })))
    }

    /// `sphere { c, r, [strength] s ... }` or `cylinder { a, b, r, [strength] s ... }`
    /// with the component's transforms and texture, after its keyword `t`.
    fn parse_blob_component(&mut self, t: &Token) -> PResult<BlobComponent> {
        let kw = t.word().unwrap_or("sphere").to_string();
        self.expect_sym(Sym::LBrace, &format!("after the blob's `{kw}`"))?;
        let at = self.peek_at();
        let first = self.parse_vector3()?;
        self.comma(&kw)?;
        let kind = if kw == "cylinder" {
            let apex = self.parse_vector3()?;
            self.comma(&kw)?;
            let radius = self.parse_float()?;
            BlobKind::Cylinder {
                base: first,
                apex,
                radius,
            }
        } else {
            let radius = self.parse_float()?;
            BlobKind::Sphere {
                center: first,
                radius,
            }
        };
        self.comma(&kw)?;
        let s = self.next()?;
        if !s.is_word("strength") {
            self.unget(s);
        }
        let strength = self.parse_float()?;
        // The texture is held by a stand-in object so that it follows the component's
        // later transforms as an object's texture does.
        let mut holder = Object::new(Shape::Csg {
            op: CsgOp::Union,
            children: Vec::new(),
            cutaway_textures: false,
        });
        loop {
            let m = self.next()?;
            if m.is_sym(Sym::RBrace) {
                break;
            }
            let Some(w) = m.word().map(str::to_string) else {
                return Err(self.expected(&format!("`}}` to close the blob's `{kw}`"), &m));
            };
            if is_transform_keyword(&w) {
                let matrix = self.parse_transform_item(&m)?.expect("transform keyword");
                if !invertible(&matrix) {
                    return Err(self.semantic(&m, "transformation is singular (cannot be inverted)"));
                }
                let before = holder.transform.as_deref().copied().unwrap_or(DMat4::IDENTITY);
                holder.transform = Some(Box::new(matrix * before));
                continue;
            }
            match w.as_str() {
                "texture" => {
                    let layers = self.parse_texture_block(&m)?;
                    self.attach_layers(&mut holder, layers);
                }
                "pigment" => self.object_pigment(&m, &mut holder)?,
                "normal" => self.object_normal(&m, &mut holder)?,
                "finish" => {
                    self.ensure_texture(&mut holder);
                    let start = (*holder.texture.last().expect("ensured").finish).clone();
                    let f = self.parse_finish_block(&m, start)?;
                    holder.texture.last_mut().expect("ensured").finish = self.finishes.share(f);
                }
                _ => return Err(self.expected(&format!("`}}` to close the blob's `{kw}`"), &m)),
            }
        }
        let transform = holder.transform.as_deref().copied().unwrap_or(DMat4::IDENTITY);
        let mut texture = std::mem::take(&mut holder.texture);
        for layer in &mut texture {
            transform_texture(layer, transform);
        }
        self.checked_component(&at, kind, strength, transform, texture)
    }

    /// The component, or an error at `at` for a radius, strength or position that
    /// gives no field.
    fn checked_component(
        &self,
        at: &Token,
        kind: BlobKind,
        strength: f64,
        transform: DMat4,
        texture: Vec<crate::scene::Texture>,
    ) -> PResult<BlobComponent> {
        let (radius, finite) = match kind {
            BlobKind::Sphere { center, radius } => (radius, center.is_finite()),
            BlobKind::Cylinder { base, apex, radius } => {
                let finite = base.is_finite() && apex.is_finite();
                if finite && (apex - base).length() < 1e-10 {
                    return Err(self.semantic(
                        at,
                        "degenerate cylinder component in blob: its ends are the same point",
                    ));
                }
                (radius, finite)
            }
        };
        if !finite {
            return Err(self.semantic(at, "a blob component's position must be finite"));
        }
        if !radius.is_finite() || radius <= 0.0 {
            return Err(self.semantic(
                at,
                format!("a blob component's radius must be a positive number, found {radius}"),
            ));
        }
        if !strength.is_finite() {
            return Err(self.semantic(
                at,
                format!("a blob component's strength must be a finite number, found {strength}"),
            ));
        }
        Ok(BlobComponent {
            kind,
            strength,
            transform,
            texture,
        })
    }
}
