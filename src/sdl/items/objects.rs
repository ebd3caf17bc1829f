//! Object statements: primitives, CSG, `object { Ident ... }`, meshes, and the object
//! modifiers (transforms, textures, flags).

use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::scene::{CsgOp, Light, MeshTriangle, Object, Shape, Texture};
use crate::sdl::eval::value::Value;
use crate::sdl::items::transform::{compose, invertible, is_transform_keyword};
use crate::sdl::keywords::is_object_keyword;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// An object as the parser handles it: geometry plus any lights defined inside it (in
/// the same space), or a bare light source.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // short-lived parse values; boxing buys nothing
pub enum SceneObject {
    Shape { object: Object, lights: Vec<Light> },
    Light(Light),
}

/// Number of model nodes in an object tree (for the object limit). Mesh triangles are
/// shared between copies, so a mesh counts once here (its triangles were counted when
/// it was created).
pub fn count_nodes(o: &Object) -> usize {
    match &o.shape {
        Shape::Csg { children, .. } => 1 + children.iter().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Premultiplies a texture layer's pattern transforms by `m` (moving the texture from
/// the space it was written in into a space `m` maps from).
pub fn transform_texture(tex: &mut Texture, m: DMat4) {
    tex.pigment.transform = Some(compose(m, tex.pigment.transform));
    if let Some(n) = &mut tex.normal {
        n.transform = Some(compose(m, n.transform));
    }
}

/// Applies a transform (object → world, applied after the existing ones) to a light.
pub fn transform_light(l: &mut Light, m: DMat4) {
    l.position = m.transform_point3(l.position);
    match &mut l.kind {
        crate::scene::LightKind::Point => {}
        crate::scene::LightKind::Spot { point_at, .. }
        | crate::scene::LightKind::Cylinder { point_at, .. }
        | crate::scene::LightKind::Parallel { point_at } => *point_at = m.transform_point3(*point_at),
    }
    if let Some(a) = &mut l.area {
        a.axis1 = m.transform_vector3(a.axis1);
        a.axis2 = m.transform_vector3(a.axis2);
    }
}

/// Applies a transform to an object (after its existing transforms).
pub fn transform_object(o: &mut SceneObject, m: DMat4) {
    match o {
        SceneObject::Shape { object, lights } => {
            object.transform = Some(compose(m, object.transform));
            for l in lights {
                transform_light(l, m);
            }
        }
        SceneObject::Light(l) => transform_light(l, m),
    }
}

/// A stand-in for an object that could not be built (an empty union).
pub fn empty_object() -> SceneObject {
    SceneObject::Shape {
        object: Object::new(Shape::Csg {
            op: CsgOp::Union,
            children: Vec::new(),
            cutaway_textures: false,
        }),
        lights: Vec::new(),
    }
}

fn is_degenerate(a: DVec3, b: DVec3, c: DVec3) -> bool {
    (b - a).cross(c - a).length_squared() <= 1e-24
}

impl Parser<'_> {
    /// True when token `t` starts an object statement.
    pub fn is_object_start(&self, t: &Token) -> bool {
        t.word().is_some_and(is_object_keyword)
    }

    /// Parses an object statement whose keyword `t` was just read.
    pub fn parse_object(&mut self, t: &Token) -> PResult<SceneObject> {
        let Some(kw) = t.word() else {
            return Err(self.expected("an object", t));
        };
        if crate::sdl::keywords::is_unsupported_feature(kw) {
            self.unsupported_here(t, kw)?;
            self.skip_braced_block(t)?;
            return Ok(empty_object());
        }
        self.enter(t)?;
        let r = self.parse_object_inner(t);
        self.leave();
        r
    }

    fn parse_object_inner(&mut self, t: &Token) -> PResult<SceneObject> {
        let kw = t.word().unwrap_or("object").to_string();
        self.expect_sym(Sym::LBrace, &format!("after `{kw}`"))?;
        let mut obj = match kw.as_str() {
            "light_source" => SceneObject::Light(self.parse_light_body(t)?),
            "object" => self.parse_object_reference(t)?,
            "union" | "intersection" | "difference" | "merge" => self.parse_csg_children(t, &kw)?,
            "mesh" => self.parse_mesh_body(t)?,
            _ => {
                let shape = self.parse_shape_params(t, &kw)?;
                self.count_objects(t, 1)?;
                SceneObject::Shape {
                    object: Object::new(shape),
                    lights: Vec::new(),
                }
            }
        };
        match &mut obj {
            SceneObject::Light(l) => self.parse_light_modifiers(t, l)?,
            SceneObject::Shape { .. } => self.parse_object_modifiers(t, &kw, &mut obj)?,
        }
        Ok(obj)
    }

    /// The comma between parameters (optional in POV-Ray).
    fn comma(&mut self, _kw: &str) -> PResult<()> {
        self.accept_sym_raw(Sym::Comma)?;
        Ok(())
    }

    fn parse_shape_params(&mut self, t: &Token, kw: &str) -> PResult<Shape> {
        let shape = match kw {
            "sphere" => {
                let center = self.parse_vector3()?;
                self.comma(kw)?;
                let radius = self.parse_float()?;
                Shape::Sphere {
                    center,
                    radius: radius.abs(),
                }
            }
            "box" => {
                let corner1 = self.parse_vector3()?;
                self.comma(kw)?;
                let corner2 = self.parse_vector3()?;
                Shape::Box { corner1, corner2 }
            }
            "plane" => {
                let n = self.parse_vector3()?;
                self.comma(kw)?;
                let d = self.parse_float()?;
                let len = n.length();
                if len == 0.0 || !len.is_finite() {
                    return Err(self.semantic(t, "the plane's normal vector has zero length"));
                }
                Shape::Plane {
                    normal: n / len,
                    distance: d,
                }
            }
            "cylinder" => {
                let base = self.parse_vector3()?;
                self.comma(kw)?;
                let cap = self.parse_vector3()?;
                self.comma(kw)?;
                let radius = self.parse_float()?;
                if (cap - base).length_squared() == 0.0 {
                    return Err(self.semantic(t, "degenerate cylinder: base and cap are the same point"));
                }
                Shape::Cylinder {
                    base,
                    cap,
                    radius: radius.abs(),
                    open: false,
                }
            }
            "cone" => {
                let base = self.parse_vector3()?;
                self.comma(kw)?;
                let base_radius = self.parse_float()?;
                self.comma(kw)?;
                let cap = self.parse_vector3()?;
                self.comma(kw)?;
                let cap_radius = self.parse_float()?;
                if (cap - base).length_squared() == 0.0 {
                    return Err(self.semantic(t, "degenerate cone: base and cap are the same point"));
                }
                Shape::Cone {
                    base,
                    base_radius,
                    cap,
                    cap_radius,
                    open: false,
                }
            }
            "torus" => {
                let major = self.parse_float()?;
                self.comma(kw)?;
                let minor = self.parse_float()?;
                Shape::Torus { major, minor }
            }
            "disc" => {
                let center = self.parse_vector3()?;
                self.comma(kw)?;
                let normal = self.parse_vector3()?;
                self.comma(kw)?;
                let radius = self.parse_float()?;
                let hole_radius = if self.accept_sym_raw(Sym::Comma)? {
                    self.parse_float()?
                } else {
                    0.0
                };
                let len = normal.length();
                if len == 0.0 || !len.is_finite() {
                    return Err(self.semantic(t, "the disc's normal vector has zero length"));
                }
                Shape::Disc {
                    center,
                    normal: normal / len,
                    radius,
                    hole_radius,
                }
            }
            "triangle" => {
                let a = self.parse_vector3()?;
                self.comma(kw)?;
                let b = self.parse_vector3()?;
                self.comma(kw)?;
                let c = self.parse_vector3()?;
                Shape::Triangle { a, b, c }
            }
            "smooth_triangle" => {
                let a = self.parse_vector3()?;
                self.comma(kw)?;
                let na = self.parse_vector3()?;
                self.comma(kw)?;
                let b = self.parse_vector3()?;
                self.comma(kw)?;
                let nb = self.parse_vector3()?;
                self.comma(kw)?;
                let c = self.parse_vector3()?;
                self.comma(kw)?;
                let nc = self.parse_vector3()?;
                Shape::SmoothTriangle { a, na, b, nb, c, nc }
            }
            _ => return Err(self.expected("an object", t)),
        };
        Ok(shape)
    }

    /// `object { Ident | OBJECT  ... }` up to (not including) the modifiers.
    fn parse_object_reference(&mut self, t: &Token) -> PResult<SceneObject> {
        let first = self.next()?;
        if self.is_object_start(&first) {
            return self.parse_object(&first);
        }
        let Some(w) = first.word().map(str::to_string) else {
            return Err(self.expected("an object identifier inside `object { }`", &first));
        };
        let element;
        let value = match self.lookup(&w) {
            Some(Value::Array(_)) if self.peek_raw_is_sym(Sym::LBracket) => {
                element = self.array_element(&w, &first)?;
                Some(&element)
            }
            other => other,
        };
        let w = w.as_str();
        match value {
            Some(Value::Poisoned(p)) => {
                let p = p.clone();
                self.use_poisoned(&p, w, &first)?;
                Ok(empty_object())
            }
            Some(Value::Object(o)) => {
                let o = (**o).clone();
                let n = match &o {
                    SceneObject::Shape { object, .. } => count_nodes(object),
                    SceneObject::Light(_) => 1,
                };
                self.count_objects(t, n)?;
                Ok(o)
            }
            Some(v) => Err(self.semantic(
                &first,
                format!(
                    "expected an object identifier, found {} identifier `{w}`",
                    v.type_name()
                ),
            )),
            None if crate::sdl::keywords::is_keyword(w) => {
                Err(self.expected("an object identifier inside `object { }`", &first))
            }
            None => Err(self.unknown_identifier(&first, w)),
        }
    }

    fn parse_csg_children(&mut self, t: &Token, kw: &str) -> PResult<SceneObject> {
        let op = match kw {
            "union" => CsgOp::Union,
            "intersection" => CsgOp::Intersection,
            "difference" => CsgOp::Difference,
            _ => CsgOp::Merge,
        };
        let mut children = Vec::new();
        let mut lights = Vec::new();
        loop {
            let c = self.next()?;
            if !self.is_object_start(&c) {
                self.unget(c);
                break;
            }
            match self.parse_object(&c)? {
                SceneObject::Shape {
                    object,
                    lights: inner,
                } => {
                    children.push(object);
                    lights.extend(inner);
                }
                SceneObject::Light(l) => lights.push(l),
            }
        }
        if children.is_empty() && lights.is_empty() {
            self.warn(t, format!("`{kw}` has no objects"));
        } else if children.len() < 2 && op != CsgOp::Union {
            self.warn(t, format!("`{kw}` should have at least 2 objects"));
        }
        self.count_objects(t, 1)?;
        Ok(SceneObject::Shape {
            object: Object::new(Shape::Csg {
                op,
                children,
                cutaway_textures: false,
            }),
            lights,
        })
    }

    fn parse_mesh_body(&mut self, t: &Token) -> PResult<SceneObject> {
        let mut triangles = Vec::new();
        let mut dropped = 0usize;
        loop {
            let c = self.next()?;
            let smooth = match c.word() {
                Some("triangle") => false,
                Some("smooth_triangle") => true,
                _ => {
                    self.unget(c);
                    break;
                }
            };
            self.expect_sym(Sym::LBrace, "after the mesh triangle keyword")?;
            let kw = if smooth { "smooth_triangle" } else { "triangle" };
            let mut v = [DVec3::ZERO; 3];
            let mut n = [DVec3::ZERO; 3];
            for i in 0..3 {
                if i > 0 {
                    self.comma(kw)?;
                }
                v[i] = self.parse_vector3()?;
                if smooth {
                    self.comma(kw)?;
                    n[i] = self.parse_vector3()?;
                }
            }
            let mut texture = None;
            loop {
                let m = self.next()?;
                if m.is_sym(Sym::RBrace) {
                    break;
                }
                if m.is_word("texture") {
                    let mut layers = self.parse_texture_block(&m)?;
                    if layers.len() > 1 {
                        self.warn(
                            &m,
                            "layered textures on mesh triangles are not supported; using the top layer",
                        );
                    }
                    texture = layers.pop().map(Arc::new);
                } else {
                    return Err(self.expected(&format!("`texture` or `}}` to close `{kw}`"), &m));
                }
            }
            if is_degenerate(v[0], v[1], v[2]) {
                dropped += 1;
                continue;
            }
            self.count_objects(&c, 1)?;
            triangles.push(MeshTriangle {
                vertices: v,
                normals: smooth.then_some(n),
                texture,
            });
        }
        if dropped > 0 {
            self.warn(t, format!("{dropped} degenerate mesh triangle(s) ignored"));
        }
        self.count_objects(t, 1)?;
        Ok(SceneObject::Shape {
            object: Object::new(Shape::Mesh {
                triangles: Arc::new(triangles),
            }),
            lights: Vec::new(),
        })
    }

    /// Object modifiers up to and including the closing `}` of `kw`.
    pub fn parse_object_modifiers(&mut self, open: &Token, kw: &str, obj: &mut SceneObject) -> PResult<()> {
        loop {
            let t = self.next()?;
            if t.is_sym(Sym::RBrace) {
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
                    let start = top.finish.clone();
                    let f = self.parse_finish_block(&t, start)?;
                    object.texture.last_mut().expect("ensured").finish = f;
                }
                "normal" => self.object_normal(&t, object)?,
                "interior" => {
                    let start = object.interior.clone().unwrap_or_default();
                    object.interior = Some(self.parse_interior_block(&t, start)?);
                }
                "material" => {
                    let m = self.parse_material_block(&t)?;
                    self.attach_layers(object, m.texture);
                    if let Some(i) = m.interior {
                        object.interior = Some(i);
                    }
                }
                "inverse" => object.inverse = !object.inverse,
                "no_shadow" => object.no_shadow = true,
                "no_reflection" => object.no_reflection = true,
                "no_image" => object.no_image = true,
                "double_illuminate" => object.double_illuminate = true,
                "hollow" | "sturm" | "hierarchy" | "split_union" | "no_radiosity" => {
                    self.parse_optional_bool()?;
                }
                "open" => match &mut object.shape {
                    Shape::Cylinder { open, .. } | Shape::Cone { open, .. } => *open = true,
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
                    self.skip_object_list(&t)?;
                    self.warn(&t, "`bounded_by` is ignored (it only speeds up POV-Ray)");
                }
                "radiosity" => {
                    self.skip_braced_block(&t)?;
                    self.warn(&t, "per-object `radiosity { }` settings are ignored");
                }
                "interior_texture" | "uv_mapping" | "clipped_by" | "photons" | "texture_list" => {
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

    /// `bounded_by { OBJECTS... }` — parsed and dropped.
    fn skip_object_list(&mut self, t: &Token) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `bounded_by`")?;
        loop {
            let c = self.next()?;
            if c.is_sym(Sym::RBrace) {
                return Ok(());
            }
            if c.is_word("clipped_by") {
                continue;
            }
            if !self.is_object_start(&c) {
                return Err(self.expected("an object or `}` to close `bounded_by`", &c));
            }
            self.parse_object(&c)?;
            let _ = t;
        }
    }

    /// Adds texture layers given in the current (parent) space to an object.
    pub fn attach_layers(&mut self, object: &mut Object, layers: Vec<Texture>) {
        let inv = object.transform.filter(invertible).map(|m| m.inverse());
        for mut layer in layers {
            if let Some(inv) = inv {
                transform_texture(&mut layer, inv);
            }
            object.texture.push(layer);
        }
    }

    /// Gives an untextured object a copy of the default texture (for object-level
    /// `pigment`/`finish`/`normal`).
    fn ensure_texture(&mut self, object: &mut Object) {
        if object.texture.is_empty() {
            let d = self.default_texture.clone();
            self.attach_layers(object, vec![d]);
        }
    }

    fn object_pigment(&mut self, t: &Token, object: &mut Object) -> PResult<()> {
        self.ensure_texture(object);
        let m = object.transform.filter(invertible);
        let mut start = object.texture.last().expect("ensured").pigment.clone();
        if let Some(m) = m {
            start.transform = Some(compose(m, start.transform));
        }
        let mut p = self.parse_pigment_block(t, start)?;
        if let Some(m) = m {
            p.transform = Some(compose(m.inverse(), p.transform));
        }
        object.texture.last_mut().expect("ensured").pigment = p;
        Ok(())
    }

    fn object_normal(&mut self, t: &Token, object: &mut Object) -> PResult<()> {
        self.ensure_texture(object);
        let m = object.transform.filter(invertible);
        let mut start = object.texture.last().expect("ensured").normal.clone();
        if let (Some(m), Some(n)) = (m, &mut start) {
            n.transform = Some(compose(m, n.transform));
        }
        let mut n = self.parse_normal_block(t, start)?;
        if let (Some(m), Some(n)) = (m, &mut n) {
            n.transform = Some(compose(m.inverse(), n.transform));
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
            let inv = o.transform.filter(invertible).map(|m| m.inverse());
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
                    o.texture.push(d);
                }
            }
        }
        fill(object, &self.default_texture, false);
    }
}
