//! The scene compiled for tracing: flattened CSG trees in world space, a BVH over the
//! bounded objects, infinite objects kept apart, and resolved textures.

use std::sync::Arc;

use glam::{DMat4, DQuat, DVec3};

use crate::render::accel::bounds::Aabb;
use crate::render::accel::bvh::Bvh;
use crate::render::ray::Ray;
use crate::render::shapes::{cone, cuboid, disc, mesh, plane, sphere, torus, triangle, Crossing, Primitive};
use crate::render::texture::normal::CompiledNormal;
use crate::render::texture::pigment::{CompiledPigment, Decoder};
use crate::render::transform::Transform;
use crate::scene::{CsgOp, Finish, Interior, Object, Pigment, Shape, Texture};

/// One texture layer ready to evaluate.
#[derive(Clone, Debug)]
pub struct Layer {
    pub pigment: CompiledPigment,
    pub finish: Finish,
    pub normal: Option<CompiledNormal>,
}

/// Everything shading needs to know about the surface of one primitive.
#[derive(Debug)]
pub struct Surface {
    /// Bottom layer first.
    pub layers: Vec<Layer>,
    /// World space to the space the texture was defined in.
    pub texture_from_world: Option<DMat4>,
    pub interior: Interior,
    pub opaque: bool,
    pub no_shadow: bool,
    pub no_reflection: bool,
    pub no_image: bool,
    pub double_illuminate: bool,
}

impl Surface {
    pub fn texture_point(&self, p: DVec3) -> DVec3 {
        match &self.texture_from_world {
            Some(m) => m.transform_point3(p),
            None => p,
        }
    }
}

#[derive(Debug)]
pub struct Leaf {
    pub primitive: Primitive,
    pub transform: Option<Transform>,
    pub surface: Arc<Surface>,
    pub inverse: bool,
}

#[derive(Debug)]
pub enum Node {
    Leaf(u32),
    Csg {
        op: CsgOp,
        children: Vec<Node>,
        inverse: bool,
    },
}

/// A ray's nearest hit in the world.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub t: f64,
    /// World space, unit length, outward (not yet facing the ray).
    pub normal: DVec3,
    pub leaf: u32,
}

/// Reusable buffers for intersection queries, one set per thread.
#[derive(Default)]
pub struct Scratch {
    pub local: Vec<Crossing>,
    world: Vec<WorldCrossing>,
}

#[derive(Clone, Copy, Debug)]
struct WorldCrossing {
    t: f64,
    normal: DVec3,
    leaf: u32,
}

pub struct World {
    pub leaves: Vec<Leaf>,
    bounded: Vec<Node>,
    bvh: Bvh,
    unbounded: Vec<Node>,
}

/// The texture an object inherits: its layers and the world matrix of their owner.
#[derive(Clone)]
struct Inherited<'a> {
    layers: &'a [Texture],
    owner_world: DMat4,
    interior: Option<&'a Interior>,
}

struct Builder<'a> {
    leaves: Vec<Leaf>,
    default_texture: Texture,
    decode: Decoder<'a>,
}

impl World {
    pub fn build(objects: &[Object], decode: Decoder) -> World {
        let mut builder = Builder {
            leaves: Vec::new(),
            default_texture: Texture {
                pigment: Pigment::solid(crate::scene::Colour::BLACK),
                finish: Finish::default(),
                normal: None,
            },
            decode,
        };
        let mut top = Vec::new();
        for object in objects {
            builder.compile(object, DMat4::IDENTITY, None, true, &mut top);
        }
        let mut bounded = Vec::new();
        let mut boxes = Vec::new();
        let mut unbounded = Vec::new();
        for node in top {
            let b = node_bounds(&builder.leaves, &node);
            if b.is_empty() {
                continue;
            }
            if b.is_finite() {
                boxes.push(b);
                bounded.push(node);
            } else {
                unbounded.push(node);
            }
        }
        World {
            leaves: builder.leaves,
            bvh: Bvh::build(&boxes),
            bounded,
            unbounded,
        }
    }

    /// Bounds of everything finite, for radiosity and camera heuristics.
    pub fn finite_bounds(&self) -> Aabb {
        self.bvh.bounds()
    }

    pub fn nearest(&self, ray: &Ray, t_min: f64, t_max: f64, scratch: &mut Vec<Crossing>) -> Option<Hit> {
        let mut best: Option<WorldCrossing> = None;
        let mut limit = t_max;
        for node in &self.unbounded {
            if let Some(c) = self.node_nearest(node, ray, t_min, limit, scratch) {
                limit = c.t;
                best = Some(c);
            }
        }
        self.bvh.traverse(ray, t_min, limit, |item, t_max| {
            if let Some(c) = self.node_nearest(&self.bounded[item as usize], ray, t_min, *t_max, scratch) {
                *t_max = c.t;
                best = Some(c);
            }
            false
        });
        best.map(|c| Hit {
            t: c.t,
            normal: c.normal.normalize_or(DVec3::Y),
            leaf: c.leaf,
        })
    }

    /// Calls `visit` for every surface crossing between `t_min` and `t_max` (in no
    /// particular order) until it returns `true`; used by shadow rays.
    pub fn for_each_crossing(
        &self,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        scratch: &mut Scratch,
        mut visit: impl FnMut(f64, &Leaf) -> bool,
    ) {
        let mut check = |node: &Node, scratch: &mut Scratch| {
            if let Node::Leaf(index) = node {
                // A lone primitive: its nearest crossing decides for opaque surfaces.
                let leaf = &self.leaves[*index as usize];
                if leaf.surface.opaque {
                    return match self.node_nearest(node, ray, t_min, t_max, &mut scratch.local) {
                        Some(c) => visit(c.t, leaf),
                        None => false,
                    };
                }
            }
            scratch.world.clear();
            self.node_crossings(node, ray, t_min, &mut scratch.world, &mut scratch.local);
            for i in 0..scratch.world.len() {
                let c = scratch.world[i];
                if c.t < t_max && visit(c.t, &self.leaves[c.leaf as usize]) {
                    return true;
                }
            }
            false
        };
        for node in &self.unbounded {
            if check(node, scratch) {
                return;
            }
        }
        self.bvh.traverse(ray, t_min, t_max, |item, _| {
            check(&self.bounded[item as usize], scratch)
        });
    }

    fn node_nearest(
        &self,
        node: &Node,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        scratch: &mut Vec<Crossing>,
    ) -> Option<WorldCrossing> {
        match node {
            Node::Leaf(index) => {
                let leaf = &self.leaves[*index as usize];
                let c = match &leaf.transform {
                    Some(xf) => {
                        let local = xf.ray_to_local(ray);
                        let c = leaf.primitive.nearest(&local, t_min, t_max, scratch)?;
                        Crossing {
                            normal: xf.normal_to_world(c.normal),
                            ..c
                        }
                    }
                    None => leaf.primitive.nearest(ray, t_min, t_max, scratch)?,
                };
                Some(WorldCrossing {
                    t: c.t,
                    normal: if leaf.inverse { -c.normal } else { c.normal },
                    leaf: *index,
                })
            }
            Node::Csg { .. } => {
                let mut all = Vec::new();
                self.node_crossings(node, ray, t_min, &mut all, scratch);
                all.into_iter()
                    .filter(|c| c.t < t_max)
                    .min_by(|a, b| a.t.total_cmp(&b.t))
            }
        }
    }

    fn node_crossings(
        &self,
        node: &Node,
        ray: &Ray,
        t_min: f64,
        out: &mut Vec<WorldCrossing>,
        scratch: &mut Vec<Crossing>,
    ) {
        match node {
            Node::Leaf(index) => {
                let leaf = &self.leaves[*index as usize];
                scratch.clear();
                match &leaf.transform {
                    Some(xf) => {
                        leaf.primitive.crossings(&xf.ray_to_local(ray), t_min, scratch);
                        for c in scratch.iter() {
                            let n = xf.normal_to_world(c.normal);
                            out.push(WorldCrossing {
                                t: c.t,
                                normal: if leaf.inverse { -n } else { n },
                                leaf: *index,
                            });
                        }
                    }
                    None => {
                        leaf.primitive.crossings(ray, t_min, scratch);
                        for c in scratch.iter() {
                            out.push(WorldCrossing {
                                t: c.t,
                                normal: if leaf.inverse { -c.normal } else { c.normal },
                                leaf: *index,
                            });
                        }
                    }
                }
            }
            Node::Csg {
                op,
                children,
                inverse,
            } => {
                for (i, child) in children.iter().enumerate() {
                    let child_start = out.len();
                    self.node_crossings(child, ray, t_min, out, scratch);
                    let mut keep = child_start;
                    for j in child_start..out.len() {
                        let c = out[j];
                        let p = ray.at(c.t);
                        let others = children.iter().enumerate().filter(|(k, _)| *k != i);
                        let accepted = match op {
                            CsgOp::Union => true,
                            CsgOp::Merge => others.map(|(_, o)| o).all(|o| !self.inside(o, p)),
                            CsgOp::Intersection => others.map(|(_, o)| o).all(|o| self.inside(o, p)),
                            CsgOp::Difference => {
                                if i == 0 {
                                    others.map(|(_, o)| o).all(|o| !self.inside(o, p))
                                } else {
                                    self.inside(&children[0], p)
                                        && others.filter(|(k, _)| *k != 0).all(|(_, o)| !self.inside(o, p))
                                }
                            }
                        };
                        if accepted {
                            let flip = (*op == CsgOp::Difference && i > 0) != *inverse;
                            out[keep] = WorldCrossing {
                                normal: if flip { -c.normal } else { c.normal },
                                ..c
                            };
                            keep += 1;
                        }
                    }
                    out.truncate(keep);
                }
            }
        }
    }

    pub fn inside(&self, node: &Node, p: DVec3) -> bool {
        match node {
            Node::Leaf(index) => {
                let leaf = &self.leaves[*index as usize];
                let local = match &leaf.transform {
                    Some(xf) => xf.point_to_local(p),
                    None => p,
                };
                leaf.primitive.inside(local) != leaf.inverse
            }
            Node::Csg {
                op,
                children,
                inverse,
            } => {
                let result = match op {
                    CsgOp::Union | CsgOp::Merge => children.iter().any(|c| self.inside(c, p)),
                    CsgOp::Intersection => children.iter().all(|c| self.inside(c, p)),
                    CsgOp::Difference => {
                        children.first().is_some_and(|c| self.inside(c, p))
                            && children[1..].iter().all(|c| !self.inside(c, p))
                    }
                };
                result != *inverse
            }
        }
    }
}

fn node_bounds(leaves: &[Leaf], node: &Node) -> Aabb {
    match node {
        Node::Leaf(i) => {
            let leaf = &leaves[*i as usize];
            if leaf.inverse {
                return Aabb::EVERYTHING;
            }
            let local = leaf.primitive.bounds();
            match &leaf.transform {
                Some(xf) => local.transformed(&xf.to_world),
                None => local,
            }
        }
        Node::Csg {
            op,
            children,
            inverse,
        } => {
            if *inverse {
                return Aabb::EVERYTHING;
            }
            let mut it = children.iter().map(|c| node_bounds(leaves, c));
            match op {
                CsgOp::Union | CsgOp::Merge => it.fold(Aabb::EMPTY, |a, b| a.union(&b)),
                CsgOp::Intersection => it.fold(Aabb::EVERYTHING, |a, b| a.intersection(&b)),
                CsgOp::Difference => it.next().unwrap_or(Aabb::EMPTY),
            }
        }
    }
}

impl Builder<'_> {
    fn compile<'o>(
        &mut self,
        object: &'o Object,
        parent_world: DMat4,
        inherited: Option<Inherited<'o>>,
        split_unions: bool,
        out: &mut Vec<Node>,
    ) {
        let world = match &object.transform {
            Some(m) => parent_world * *m,
            None => parent_world,
        };
        let own = (!object.texture.is_empty()).then(|| Inherited {
            layers: &object.texture,
            owner_world: world,
            interior: object
                .interior
                .as_ref()
                .or(inherited.as_ref().and_then(|i| i.interior)),
        });
        let texture = own.or(inherited).map(|mut t| {
            if t.interior.is_none() {
                t.interior = object.interior.as_ref();
            }
            t
        });
        match &object.shape {
            Shape::Csg {
                op,
                children,
                cutaway_textures,
            } => {
                if *op == CsgOp::Union && split_unions && !object.inverse {
                    for child in children {
                        self.compile(child, world, texture.clone(), true, out);
                    }
                    return;
                }
                let mut compiled = Vec::new();
                for (i, child) in children.iter().enumerate() {
                    let mut child_texture = texture.clone();
                    if *cutaway_textures && i > 0 && child.texture.is_empty() {
                        if let Some(first) = children.first().filter(|f| !f.texture.is_empty()) {
                            child_texture = Some(Inherited {
                                layers: &first.texture,
                                owner_world: match &first.transform {
                                    Some(m) => world * *m,
                                    None => world,
                                },
                                interior: first.interior.as_ref(),
                            });
                        }
                    }
                    self.compile(child, world, child_texture, false, &mut compiled);
                }
                out.push(Node::Csg {
                    op: *op,
                    children: compiled,
                    inverse: object.inverse,
                });
            }
            shape => {
                let Some((primitive, canonical)) = self.primitive(shape) else {
                    return;
                };
                let full = match canonical {
                    Some(c) => world * c,
                    None => world,
                };
                let transform = if full == DMat4::IDENTITY {
                    None
                } else {
                    match Transform::new(full) {
                        Some(t) => Some(t),
                        None => return,
                    }
                };
                let surface = self.surface(object, texture);
                self.leaves.push(Leaf {
                    primitive,
                    transform,
                    surface: Arc::new(surface),
                    inverse: object.inverse,
                });
                out.push(Node::Leaf(self.leaves.len() as u32 - 1));
            }
        }
    }

    fn surface(&self, object: &Object, texture: Option<Inherited>) -> Surface {
        let (layers, owner_world, interior) = match &texture {
            Some(t) => (t.layers, t.owner_world, t.interior),
            None => (std::slice::from_ref(&self.default_texture), DMat4::IDENTITY, None),
        };
        let layers: Vec<Layer> = layers
            .iter()
            .map(|t| Layer {
                pigment: CompiledPigment::compile(&t.pigment, self.decode),
                finish: t.finish.clone(),
                normal: t.normal.as_ref().map(CompiledNormal::compile),
            })
            .collect();
        let opaque = layers.first().is_some_and(|l| l.pigment.is_opaque());
        Surface {
            layers,
            texture_from_world: (owner_world != DMat4::IDENTITY && owner_world.determinant().abs() > 1e-300)
                .then(|| owner_world.inverse()),
            interior: interior.cloned().unwrap_or_default(),
            opaque,
            no_shadow: object.no_shadow,
            no_reflection: object.no_reflection,
            no_image: object.no_image,
            double_illuminate: object.double_illuminate,
        }
    }

    /// The primitive in canonical form and the matrix from canonical to object space.
    fn primitive(&self, shape: &Shape) -> Option<(Primitive, Option<DMat4>)> {
        Some(match shape {
            Shape::Sphere { center, radius } => (
                Primitive::Sphere(sphere::Sphere {
                    center: *center,
                    radius: radius.abs(),
                }),
                None,
            ),
            Shape::Box { corner1, corner2 } => (
                Primitive::Cuboid(cuboid::Cuboid {
                    min: corner1.min(*corner2),
                    max: corner1.max(*corner2),
                }),
                None,
            ),
            Shape::Plane { normal, distance } => {
                let len = normal.length();
                if len == 0.0 {
                    return None;
                }
                (
                    Primitive::Plane(plane::Plane {
                        normal: *normal / len,
                        distance: *distance / len,
                    }),
                    None,
                )
            }
            Shape::Cylinder {
                base,
                cap,
                radius,
                open,
            } => (
                Primitive::Cone(cone::Cone {
                    cap_radius: 1.0,
                    open: *open,
                }),
                Some(axis_frame(*base, *cap, *radius)?),
            ),
            Shape::Cone {
                base,
                base_radius,
                cap,
                cap_radius,
                open,
            } => {
                let (b, br, c, cr) = if base_radius.abs() >= cap_radius.abs() {
                    (*base, *base_radius, *cap, *cap_radius)
                } else {
                    (*cap, *cap_radius, *base, *base_radius)
                };
                (
                    Primitive::Cone(cone::Cone {
                        cap_radius: cr / br,
                        open: *open,
                    }),
                    Some(axis_frame(b, c, br)?),
                )
            }
            Shape::Torus { major, minor } => (
                Primitive::Torus(torus::Torus {
                    major: *major,
                    minor: minor.abs(),
                }),
                None,
            ),
            Shape::Disc {
                center,
                normal,
                radius,
                hole_radius,
            } => {
                if *radius <= 0.0 || normal.length_squared() == 0.0 {
                    return None;
                }
                let rotation = DQuat::from_rotation_arc(DVec3::Z, normal.normalize());
                (
                    Primitive::Disc(disc::Disc {
                        hole: hole_radius / radius,
                    }),
                    Some(DMat4::from_scale_rotation_translation(
                        DVec3::splat(*radius),
                        rotation,
                        *center,
                    )),
                )
            }
            Shape::Triangle { a, b, c } => (
                Primitive::Triangle(triangle::Triangle {
                    vertices: [*a, *b, *c],
                    normals: None,
                }),
                None,
            ),
            Shape::SmoothTriangle { a, na, b, nb, c, nc } => (
                Primitive::Triangle(triangle::Triangle {
                    vertices: [*a, *b, *c],
                    normals: Some([*na, *nb, *nc]),
                }),
                None,
            ),
            Shape::Mesh { triangles } => {
                let tris = triangles
                    .iter()
                    .map(|t| triangle::Triangle {
                        vertices: t.vertices,
                        normals: t.normals,
                    })
                    .collect::<Vec<_>>();
                if tris.is_empty() {
                    return None;
                }
                (Primitive::Mesh(Arc::new(mesh::Mesh::new(tris))), None)
            }
            Shape::Csg { .. } => return None,
        })
    }
}

/// Maps the canonical axis (z from 0 to 1, radius 1) onto `base`..`cap` with `radius`.
fn axis_frame(base: DVec3, cap: DVec3, radius: f64) -> Option<DMat4> {
    let axis = cap - base;
    let length = axis.length();
    if length == 0.0 || radius == 0.0 || !length.is_finite() {
        return None;
    }
    let rotation = DQuat::from_rotation_arc(DVec3::Z, axis / length);
    Some(DMat4::from_scale_rotation_translation(
        DVec3::new(radius.abs(), radius.abs(), length),
        rotation,
        base,
    ))
}
