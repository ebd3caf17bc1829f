//! `light_group { objects, lights, global_lights, transformations, photons }`: a
//! union whose lights light only its own objects, as POV-Ray 3.7 reads it.

use crate::scene::{CsgOp, LightGroup, Object, ObjectExtra, Shape};
use crate::sdl::eval::value::Value;
use crate::sdl::items::objects::{count_copy, transform_object, SceneObject};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// The body of `light_group` after its `{`.
    pub(crate) fn parse_light_group_body(&mut self, t: &Token) -> PResult<SceneObject> {
        let mut children = Vec::new();
        let mut lights = Vec::new();
        loop {
            let item = self.next()?;
            let member = if self.is_object_start(&item) {
                self.parse_object(&item)?
            } else if let Some(copy) = self.object_identifier(&item) {
                // POV-Ray takes a declared object by its name alone here.
                self.count_objects(&item, count_copy(&copy))?;
                copy
            } else {
                self.unget(item);
                break;
            };
            match member {
                SceneObject::Shape { object, lights: own } => {
                    children.push(object);
                    lights.extend(own);
                }
                SceneObject::Light(light) => lights.push(light),
            }
        }
        self.count_objects(t, 1)?;
        let mut group = SceneObject::Shape {
            object: Object::new(Shape::Csg {
                op: CsgOp::Union,
                children,
                cutaway_textures: false,
            }),
            lights: Vec::new(),
        };
        let mut global_lights = false;
        let mut photons = None;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            match item.word() {
                Some("global_lights") if item.kw => global_lights = self.parse_optional_bool()?,
                Some("photons") if item.kw => {
                    photons = Some(self.parse_object_photons(&item, photons.unwrap_or_default())?);
                }
                Some(w) if item.kw && crate::sdl::items::transform::is_transform_keyword(w) => {
                    let m = self.parse_transform_item(&item)?.expect("a transform keyword");
                    transform_object(&mut group, m);
                }
                _ => {
                    return Err(self.expected(
                        "an object, a light, `global_lights`, a transformation, `photons` or `}` in `light_group`",
                        &item,
                    ))
                }
            }
        }
        let SceneObject::Shape { object, .. } = &mut group else {
            unreachable!("a light group is a union");
        };
        object.extra = Some(Box::new(ObjectExtra {
            light_group: Some(LightGroup {
                lights,
                global_lights,
            }),
            photons,
            ..ObjectExtra::default()
        }));
        Ok(group)
    }
}

impl Parser<'_> {
    /// A copy of the object `t` names, when `t` is an object identifier.
    fn object_identifier(&self, t: &Token) -> Option<SceneObject> {
        let name = t.word().filter(|_| !t.kw)?;
        match self.lookup(name) {
            Some(Value::Object(o)) => Some((**o).clone()),
            _ => None,
        }
    }
}
