//! `trace`, `inside`, `min_extent` and `max_extent`: questions about a declared object's
//! geometry, answered while parsing by the renderer's own intersection code.

use std::rc::Rc;

use glam::DVec3;

use crate::budget::MemoryBudget;
use crate::render::ray::{Ray, EPSILON};
use crate::render::world::World;
use crate::scene::{Object, Shape};
use crate::sdl::eval::expr::Operand;
use crate::sdl::eval::value::{Num, Value, Vector};
use crate::sdl::items::objects::SceneObject;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// Objects compiled for geometry questions, most recent last. A loop that traces the
/// same object thousands of times compiles it once; holding the object itself makes
/// the pointer a safe key (it cannot be freed and its address reused while cached).
#[derive(Default)]
pub struct GeometryCache {
    entries: Vec<(Rc<SceneObject>, Rc<World>)>,
}

/// How many compiled objects are kept.
const CACHED_OBJECTS: usize = 8;

/// Half of POV-Ray's `BOUND_HUGE`: the extent it reports for an unbounded object.
const UNBOUNDED_EXTENT: f64 = 1e10;

/// The object with its textures dropped: geometry questions need none, and compiling a
/// texture may decode images.
fn bare(object: &Object) -> Object {
    let mut o = object.clone();
    strip_textures(&mut o);
    o
}

fn strip_textures(o: &mut Object) {
    o.texture.clear();
    if let Shape::Csg { children, .. } = &mut o.shape {
        children.iter_mut().for_each(strip_textures);
    }
}

impl Parser<'_> {
    /// `trace(O, A, B [, N])`, `inside(O, P)`, `min_extent(O)`, `max_extent(O)`.
    pub(crate) fn geometry_builtin(&mut self, name: &str, t: &Token) -> PResult<Operand> {
        self.expect_sym(Sym::LParen, &format!("after `{name}`"))?;
        self.enter(t)?;
        let r = self.geometry_call(name);
        self.leave();
        r
    }

    fn geometry_call(&mut self, name: &str) -> PResult<Operand> {
        let world = self.object_argument(name)?;
        let result = match name {
            "trace" => {
                self.accept_sym_raw(Sym::Comma)?;
                let origin = self.parse_vector3()?;
                self.accept_sym_raw(Sym::Comma)?;
                let at = self.peek_at();
                let direction = self.parse_vector3()?;
                self.accept_sym_raw(Sym::Comma)?;
                if direction.length_squared() == 0.0 {
                    return Err(self.semantic(&at, "`trace` needs a direction that is not zero"));
                }
                let (point, normal) = match world.as_ref().and_then(|w| first_hit(w, origin, direction)) {
                    Some(hit) => hit,
                    None => (DVec3::ZERO, DVec3::ZERO),
                };
                if !self.peek_raw_is_sym(Sym::RParen) {
                    self.store_normal(normal)?;
                }
                vector(point)
            }
            "inside" => {
                self.accept_sym_raw(Sym::Comma)?;
                let p = self.parse_vector3()?;
                let inside = world.as_ref().is_some_and(|w| w.contains(p));
                Operand::Num(Num::Float(if inside { 1.0 } else { 0.0 }))
            }
            _ => {
                let bounds = world.as_ref().map(|w| w.extent());
                let corner = match bounds {
                    Some(b) if !b.is_empty() => {
                        let c = if name == "min_extent" { b.min } else { b.max };
                        c.clamp(DVec3::splat(-UNBOUNDED_EXTENT), DVec3::splat(UNBOUNDED_EXTENT))
                    }
                    _ => DVec3::ZERO,
                };
                vector(corner)
            }
        };
        let close = self.next()?;
        if !close.is_sym(Sym::RParen) {
            return Err(self.expected(&format!("`)` to close `{name}(...)`"), &close));
        }
        Ok(result)
    }

    /// The declared object named by the next token, compiled (cached); `None` for an
    /// object poisoned inside a declaration, whose answer does not matter.
    fn object_argument(&mut self, name: &str) -> PResult<Option<Rc<World>>> {
        let id = self.next()?;
        let Some(w) = id.word().filter(|_| !id.kw) else {
            return Err(self.expected(
                &format!("an object identifier as the first argument of `{name}`"),
                &id,
            ));
        };
        let object = match self.lookup(w) {
            Some(Value::Object(o)) if matches!(**o, SceneObject::Shape { .. }) => o.clone(),
            Some(Value::Poisoned(p)) => {
                let p = p.clone();
                self.use_poisoned(&p, w, &id)?;
                return Ok(None);
            }
            Some(v) => {
                return Err(self.semantic(
                    &id,
                    format!(
                        "`{name}` needs an object identifier, found {} identifier `{w}`",
                        v.type_name()
                    ),
                ))
            }
            None => return Err(self.unknown_identifier(&id, w)),
        };
        if let Some((_, world)) = self.geometry.entries.iter().find(|(o, _)| Rc::ptr_eq(o, &object)) {
            return Ok(Some(world.clone()));
        }
        let SceneObject::Shape { object: shape, .. } = &*object else {
            unreachable!("checked above")
        };
        let world = World::build(vec![bare(shape)], &|v, _| v, MemoryBudget::UNLIMITED, &|| Ok(()))
            .map_err(|e| self.semantic(&id, format!("`{name}` could not prepare `{w}`: {e}")))?;
        let world = Rc::new(world);
        if self.geometry.entries.len() == CACHED_OBJECTS {
            self.geometry.entries.remove(0);
        }
        self.geometry.entries.push((object, world.clone()));
        Ok(Some(world))
    }

    /// Writes the surface normal into the vector identifier given as `trace`'s fourth
    /// argument, as POV-Ray does (through a macro's by-reference parameter too).
    fn store_normal(&mut self, normal: DVec3) -> PResult<()> {
        let id = self.next()?;
        let name = match id.word() {
            Some(w) if !id.kw => Rc::<str>::from(w),
            _ => return Err(self.expected("a vector identifier to receive the normal in `trace`", &id)),
        };
        match self.lookup(&name) {
            Some(Value::Vector(_) | Value::Float(_)) => {}
            Some(v) => {
                return Err(self.semantic(
                    &id,
                    format!(
                        "`trace` stores the normal in a vector identifier, found {} `{name}`",
                        v.type_name()
                    ),
                ))
            }
            None => return Err(self.unknown_identifier(&id, &name)),
        }
        let target = self.declare_target(&name, false);
        self.assign_to(&id, &name, target, Value::Vector(Vector::from_dvec3(normal)))
    }
}

fn vector(v: DVec3) -> Operand {
    Operand::Num(Num::Vec(Vector::from_dvec3(v)))
}

/// The nearest crossing of the ray from `origin` along `direction` (normalised, as in
/// POV-Ray): the point and the outward surface normal.
fn first_hit(world: &World, origin: DVec3, direction: DVec3) -> Option<(DVec3, DVec3)> {
    let direction = direction.try_normalize()?;
    let ray = Ray::new(origin, direction);
    let mut scratch = Vec::new();
    let hit = world.nearest(&ray, EPSILON, f64::INFINITY, &mut scratch)?;
    Some((ray.at(hit.t), hit.normal))
}
