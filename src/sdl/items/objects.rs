//! Object statements: primitives, CSG, `object { Ident ... }`, meshes, and the object
//! modifiers (transforms, textures, flags).

use glam::DMat4;

use crate::scene::{CsgOp, Light, Object, Shape, Texture};
use crate::sdl::eval::value::Value;
use crate::sdl::items::transform::compose;
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

/// Model nodes a copy of `o` adds (a light counts one).
pub fn count_copy(o: &SceneObject) -> usize {
    match o {
        SceneObject::Shape { object, .. } => count_nodes(object),
        SceneObject::Light(_) => 1,
    }
}

/// Premultiplies a texture layer's pattern transforms by `m` (moving the texture from
/// the space it was written in into a space `m` maps from).
pub fn transform_texture(tex: &mut Texture, m: DMat4) {
    tex.transform(m);
}

/// Applies a transform to an object (after its existing transforms).
pub fn transform_object(o: &mut SceneObject, m: DMat4) {
    match o {
        SceneObject::Shape { object, lights } => {
            object.transform = Some(Box::new(compose(m, object.transform.as_deref().copied())));
            for l in lights {
                l.transform(m);
            }
        }
        SceneObject::Light(l) => l.transform(m),
    }
}

/// A light, with its `looks_like` object if it has one: the two then move together.
fn with_looks_like(light: Light, looks_like: Option<Object>) -> SceneObject {
    match looks_like {
        Some(object) => SceneObject::Shape {
            object,
            lights: vec![light],
        },
        None => SceneObject::Light(light),
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
            "light_source" => {
                let (mut light, looks_like) = self.parse_light_body(t)?;
                let looks_like = self.parse_light_modifiers(t, &mut light, looks_like)?;
                return Ok(with_looks_like(light, looks_like));
            }
            "object" => self.parse_object_reference(t)?,
            "union" | "intersection" | "difference" | "merge" => self.parse_csg_children(t, &kw)?,
            "mesh" => self.parse_mesh_body(t)?,
            "mesh2" => self.parse_mesh2_body(t)?,
            "light_group" => return self.parse_light_group_body(t),
            "text" => self.parse_text_body(t)?,
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
            SceneObject::Light(l) => {
                if let Some(object) = self.parse_light_modifiers(t, l, None)? {
                    let SceneObject::Light(light) = obj else {
                        unreachable!("matched a light");
                    };
                    obj = with_looks_like(light, Some(object));
                }
            }
            SceneObject::Shape { .. } => self.parse_object_modifiers(t, &kw, &mut obj)?,
        }
        Ok(obj)
    }

    /// The comma between parameters (optional in POV-Ray).
    pub(crate) fn comma(&mut self, _kw: &str) -> PResult<()> {
        self.accept_sym_raw(Sym::Comma)?;
        Ok(())
    }

    /// Whether `first` starts an object, or is an object identifier on its own, as
    /// POV-Ray reads the object of `looks_like`, `projected_through` or the `object`
    /// pattern.
    pub(crate) fn starts_object_or_identifier(&mut self, first: &Token) -> bool {
        let is_identifier = first.word().is_some()
            && !first.kw
            && matches!(
                self.lookup(first.word().unwrap_or_default()),
                Some(crate::sdl::eval::value::Value::Object(_))
            );
        self.is_object_start(first) || is_identifier
    }

    /// `object { Ident | OBJECT  ... }` up to (not including) the modifiers.
    pub(crate) fn parse_object_reference(&mut self, t: &Token) -> PResult<SceneObject> {
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
                self.count_objects(t, count_copy(&o))?;
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

    /// `mesh { Ident ... }` or `mesh2 { Ident ... }`: a copy of a declared mesh, its
    /// modifiers to follow; `None` (nothing read) when the body does not start with
    /// an object identifier.
    pub(crate) fn parse_mesh_copy(&mut self, kw: &str) -> PResult<Option<SceneObject>> {
        let first = self.next()?;
        let found = match first.word().filter(|_| !first.kw).and_then(|w| self.lookup(w)) {
            Some(Value::Object(o)) => Some((**o).clone()),
            _ => None,
        };
        let Some(copy) = found else {
            self.unget(first);
            return Ok(None);
        };
        match &copy {
            SceneObject::Shape { object, .. } if matches!(object.shape, Shape::Mesh { .. }) => {
                self.count_objects(&first, 1)?;
                Ok(Some(copy))
            }
            _ => Err(self.semantic(
                &first,
                format!(
                    "`{kw} {{ {} }}` copies a mesh, but `{}` is another kind of object",
                    first.word().unwrap_or_default(),
                    first.word().unwrap_or_default()
                ),
            )),
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
}
