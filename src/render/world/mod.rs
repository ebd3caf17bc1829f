//! The scene compiled for tracing: flattened CSG trees in world space, a BVH over the
//! bounded objects, infinite objects kept apart, and resolved textures.

use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::render::accel::bounds::Aabb;
use crate::render::accel::bvh::Bvh;
use crate::render::integrator::media::RenderInterior;
use crate::render::pattern::CompiledPattern;
use crate::render::ray::Ray;
use crate::render::shapes::{Crossing, Primitive};
use crate::render::texture::normal::{CompiledNormal, NormalFrame};
use crate::render::texture::pigment::CompiledPigment;
use crate::render::transform::Transform;
use crate::scene::LightGroup;
use crate::scene::{CsgOp, Finish};
pub use lighting::Lighting;

/// One texture layer ready to evaluate.
#[derive(Clone, Debug)]
pub struct Layer {
    pub pigment: CompiledPigment,
    /// Shared by every layer with the same finish.
    pub finish: Arc<Finish>,
    /// Boxed, like [`crate::scene::Texture::normal`].
    pub normal: Option<Box<CompiledNormal>>,
    /// A patterned texture: when present, the layer is its entries.
    pub map: Option<Box<LayerMap>>,
    /// `texture { uv_mapping ... }`: evaluated at the surface coordinates `(u, v, 0)`.
    pub uv: bool,
}

/// A patterned texture ready to shade.
#[derive(Clone, Debug)]
pub struct LayerMap {
    /// Evaluated at the texture point; its entries at the point in its space.
    pub pattern: CompiledPattern,
    /// How the world normal goes into the pattern's space, for the entries' normals.
    pub frame: NormalFrame,
    pub entries: Vec<(f64, Box<[Layer]>)>,
}

/// Everything shading needs to know about the surface of one primitive.
#[derive(Debug)]
pub struct Surface {
    /// Bottom layer first: the outside's layers, then the `interior_texture`'s from
    /// `inside_from` on (see [`Surface::outside`], [`Surface::inside`]).
    pub layers: Box<[Layer]>,
    /// Where the interior texture's layers start (the low 14 bits, all ones when there
    /// is none) and the two uv flags (see [`Surface::needs_uv`], [`Surface::uv_object`]):
    /// packed in the padding rather than a second boxed slice and two more fields, to
    /// keep every surface at 40 bytes.
    pub packed: PackedSplit,
    /// World space to the space the texture was defined in.
    pub texture_from_world: Option<Box<DMat4>>,
    /// Shared by every surface with the same interior.
    pub interior: Arc<RenderInterior>,
    pub opaque: bool,
    pub no_shadow: bool,
    pub no_reflection: bool,
    pub no_image: bool,
    pub double_illuminate: bool,
    /// Fog shows inside the object.
    pub hollow: bool,
}

/// A surface's interior-texture split and uv flags in two bytes.
#[derive(Clone, Copy, Debug)]
pub struct PackedSplit(u16);

impl PackedSplit {
    /// The most outside layers a surface with an interior texture may have.
    pub const MAX_SPLIT: u16 = (1 << 14) - 2;
    const NONE: u16 = (1 << 14) - 1;
    const NEEDS_UV: u16 = 1 << 14;
    const UV_OBJECT: u16 = 1 << 15;

    /// `inside_from` (at most [`PackedSplit::MAX_SPLIT`]) where the interior texture's
    /// layers start, if there is one.
    pub fn new(inside_from: Option<u16>, needs_uv: bool, uv_object: bool) -> PackedSplit {
        let split = inside_from
            .filter(|&s| s <= Self::MAX_SPLIT)
            .unwrap_or(Self::NONE);
        let uv = if needs_uv { Self::NEEDS_UV } else { 0 } | if uv_object { Self::UV_OBJECT } else { 0 };
        PackedSplit(split | uv)
    }

    fn inside_from(self) -> usize {
        usize::from(self.0 & Self::NONE)
    }

    fn has_inside(self) -> bool {
        self.0 & Self::NONE != Self::NONE
    }
}

impl Surface {
    /// The layers seen from outside.
    pub fn outside(&self) -> &[Layer] {
        if !self.packed.has_inside() {
            return &self.layers;
        }
        &self.layers[..self.packed.inside_from().min(self.layers.len())]
    }

    /// Some layer asks for the surface coordinates (`uv_mapping`), which are worked
    /// out only then.
    pub fn needs_uv(&self) -> bool {
        self.packed.0 & PackedSplit::NEEDS_UV != 0
    }

    /// The object's `uv_mapping`: every layer sees the surface coordinates `(u, v, 0)`
    /// where it would see the point, untouched by the object's transforms (POV-Ray
    /// leaves the textures of such an object where they were written).
    pub fn uv_object(&self) -> bool {
        self.packed.0 & PackedSplit::UV_OBJECT != 0
    }

    /// The `interior_texture`'s layers, if the object has one.
    pub fn inside(&self) -> Option<&[Layer]> {
        if !self.packed.has_inside() {
            return None;
        }
        self.layers
            .get(self.packed.inside_from()..)
            .filter(|l| !l.is_empty())
    }

    /// The layers a ray meets from outside, or from inside when `from_inside`.
    pub fn facing(&self, from_inside: bool) -> &[Layer] {
        match self.inside().filter(|_| from_inside) {
            Some(inside) => inside,
            None => self.outside(),
        }
    }

    /// The point the layers' pigments see and the point their normals see, for a hit
    /// at `p` with surface coordinates `uv`.
    pub fn shading_points(&self, p: DVec3, uv: DVec3) -> (DVec3, DVec3) {
        if self.uv_object() {
            (uv, uv)
        } else {
            (self.texture_point(p), p)
        }
    }

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
    /// Index into [`World::transforms`], or [`NO_TRANSFORM`]. A side table rather than
    /// a transform inline (328 bytes in every leaf, most of them unused) or boxed (a
    /// scattered allocation per leaf, which cost ECSLogo about 6% in time).
    pub transform: u32,
    pub surface: Arc<Surface>,
    pub inverse: bool,
}

#[derive(Debug)]
pub enum Node {
    Leaf(u32),
    Csg {
        op: CsgOp,
        /// A boxed slice, not a `Vec`: a node is 24 bytes, not 32, and a million-sphere
        /// union holds a million of them.
        children: Box<[Node]>,
        inverse: bool,
        /// Where the children's bounds start in [`World::csg_bounds`].
        bounds: u32,
    },
    /// A clipped object, then its clipping objects: the object's surface where it is
    /// inside all of them; inside where it and all of them are.
    Clip(Box<[Node]>),
}

thread_local! {
    /// A CSG object's crossings while its nearest is found: one buffer per thread
    /// rather than one allocation per object per ray.
    static CSG_CROSSINGS: std::cell::RefCell<Vec<WorldCrossing>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A ray's nearest hit in the world.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub t: f64,
    /// World space, unit length, outward (not yet facing the ray).
    pub normal: DVec3,
    pub leaf: u32,
    /// Which mesh triangle was hit ([`Crossing::triangle`]), for surface coordinates.
    pub triangle: u32,
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
    triangle: u32,
}

impl WorldCrossing {
    /// The crossing as a hit, its normal as found (not made unit length).
    fn hit(&self) -> Hit {
        Hit {
            t: self.t,
            normal: self.normal,
            leaf: self.leaf,
            triangle: self.triangle,
        }
    }
}

/// Which surfaces a nearest-hit query sees.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    All,
    /// All but `no_image` ones.
    ByCamera,
}

/// [`Leaf::transform`] of a leaf already in world space.
pub const NO_TRANSFORM: u32 = u32::MAX;

pub struct World {
    pub leaves: Vec<Leaf>,
    /// The `light_group`s with lights and objects, their lights in world space, by
    /// number.
    pub light_groups: Vec<LightGroup>,
    /// The lightings leaves have other than [`Lighting::SCENE`].
    lighting_kinds: Vec<Lighting>,
    /// Each leaf's lighting: 0 for [`Lighting::SCENE`], else one more than its index in
    /// `lighting_kinds`; empty when every leaf has the scene's.
    leaf_lightings: Vec<u16>,
    /// The top-level objects with media inside some of their parts.
    media_nodes: Vec<containing::TopNode>,
    /// The bounds of every CSG node's children (a little grown), in order: a ray that
    /// misses a child's box has no crossing with it, a point outside is not inside it.
    csg_bounds: Vec<Aabb>,
    /// The leaves' transforms, in leaf order.
    transforms: Vec<Transform>,
    /// Each leaf's photon switches; empty when no object has a `photons { }` block.
    photon_flags: Vec<photon_flags::PhotonFlags>,
    /// The objects photons are shot at, in scene order.
    pub photon_targets: Vec<photon_flags::PhotonTarget>,
    bounded: Vec<Node>,
    bvh: Bvh,
    unbounded: Vec<Node>,
}

mod blob;
mod build;
mod containing;
#[cfg(test)]
mod footprint;
mod lighting;
pub mod photon_flags;
mod uv;

impl World {
    /// The lights that reach `leaf`.
    /// `leaf`'s photon switches.
    pub fn photon_flags(&self, leaf: u32) -> photon_flags::PhotonFlags {
        self.photon_flags.get(leaf as usize).copied().unwrap_or_default()
    }

    pub fn lighting_of(&self, leaf: u32) -> Lighting {
        match self.leaf_lightings.get(leaf as usize) {
            Some(&k) if k > 0 => self.lighting_kinds[usize::from(k) - 1],
            _ => Lighting::SCENE,
        }
    }

    fn transform_of(&self, leaf: &Leaf) -> Option<&Transform> {
        self.transforms.get(leaf.transform as usize)
    }

    /// Bounds of everything finite, for radiosity and camera heuristics.
    pub fn finite_bounds(&self) -> Aabb {
        self.bvh.bounds()
    }

    /// Bounds of everything, infinite where an object is unbounded (`min_extent`).
    pub fn extent(&self) -> Aabb {
        self.unbounded
            .iter()
            .map(|node| build::node_bounds(&self.leaves, &self.transforms, node))
            .fold(self.bvh.bounds(), |all, b| all.union(&b))
    }

    /// Whether `p` is inside any top-level object (`inside`).
    pub fn contains(&self, p: DVec3) -> bool {
        self.unbounded
            .iter()
            .chain(&self.bounded)
            .any(|node| self.inside(node, p))
    }

    pub fn nearest(&self, ray: &Ray, t_min: f64, t_max: f64, scratch: &mut Vec<Crossing>) -> Option<Hit> {
        self.nearest_where(ray, t_min, t_max, scratch, Seen::All)
    }

    /// [`World::nearest`] for a camera ray, which passes through `no_image` surfaces
    /// as if they were not there (their objects still take part in CSG).
    pub fn nearest_seen_by_camera(&self, ray: &Ray, scratch: &mut Vec<Crossing>) -> Option<Hit> {
        self.nearest_where(
            ray,
            crate::render::ray::EPSILON,
            f64::INFINITY,
            scratch,
            Seen::ByCamera,
        )
    }

    fn nearest_where(
        &self,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        scratch: &mut Vec<Crossing>,
        seen: Seen,
    ) -> Option<Hit> {
        let mut best: Option<WorldCrossing> = None;
        let mut limit = t_max;
        for node in &self.unbounded {
            if let Some(c) = self.node_nearest(node, ray, t_min, limit, scratch, seen) {
                limit = c.t;
                best = Some(c);
            }
        }
        self.bvh.traverse(ray, t_min, limit, |item, t_max| {
            if let Some(c) =
                self.node_nearest(&self.bounded[item as usize], ray, t_min, *t_max, scratch, seen)
            {
                *t_max = c.t;
                best = Some(c);
            }
            false
        });
        best.map(|c| Hit {
            t: c.t,
            normal: c.normal.normalize_or(DVec3::Y),
            leaf: c.leaf,
            triangle: c.triangle,
        })
    }

    /// Calls `visit` with the distance, the outward world normal and the leaf of every
    /// surface crossing between `t_min` and `t_max` (in no
    /// particular order) until it returns `true`; used by shadow rays.
    pub fn for_each_crossing(
        &self,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        scratch: &mut Scratch,
        mut visit: impl FnMut(&Hit, &Leaf) -> bool,
    ) {
        let mut check = |node: &Node, scratch: &mut Scratch| {
            if let Node::Leaf(index) = node {
                // A lone primitive: its nearest crossing decides for opaque surfaces.
                let leaf = &self.leaves[*index as usize];
                if leaf.surface.opaque {
                    return match self.node_nearest(node, ray, t_min, t_max, &mut scratch.local, Seen::All) {
                        Some(c) => visit(&c.hit(), leaf),
                        None => false,
                    };
                }
            }
            scratch.world.clear();
            match node {
                Node::Leaf(index) => {
                    self.leaf_crossings(*index, ray, t_min, &mut scratch.world, &mut scratch.local, true)
                }
                _ => self.node_crossings(node, ray, t_min, &mut scratch.world, &mut scratch.local),
            }
            for i in 0..scratch.world.len() {
                let c = scratch.world[i];
                if c.t < t_max && visit(&c.hit(), &self.leaves[c.leaf as usize]) {
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
        seen: Seen,
    ) -> Option<WorldCrossing> {
        match node {
            Node::Leaf(index) => {
                let leaf = &self.leaves[*index as usize];
                if seen == Seen::ByCamera && leaf.surface.no_image {
                    return None;
                }
                let c = match self.transform_of(leaf) {
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
                    triangle: c.triangle,
                })
            }
            Node::Csg { .. } | Node::Clip(_) => CSG_CROSSINGS.with_borrow_mut(|all| {
                all.clear();
                self.node_crossings(node, ray, t_min, all, scratch);
                all.iter()
                    .copied()
                    .filter(|c| c.t < t_max)
                    .filter(|c| seen == Seen::All || !self.leaves[c.leaf as usize].surface.no_image)
                    .min_by(|a, b| a.t.total_cmp(&b.t))
            }),
        }
    }

    /// A leaf's crossings; `alone` when it is not in CSG (see [`Primitive::crossings_as`]).
    fn leaf_crossings(
        &self,
        index: u32,
        ray: &Ray,
        t_min: f64,
        out: &mut Vec<WorldCrossing>,
        scratch: &mut Vec<Crossing>,
        alone: bool,
    ) {
        let leaf = &self.leaves[index as usize];
        scratch.clear();
        match self.transform_of(leaf) {
            Some(xf) => {
                leaf.primitive
                    .crossings_as(alone, &xf.ray_to_local(ray), t_min, scratch);
                for c in scratch.iter() {
                    let n = xf.normal_to_world(c.normal);
                    out.push(WorldCrossing {
                        t: c.t,
                        normal: if leaf.inverse { -n } else { n },
                        leaf: index,
                        triangle: c.triangle,
                    });
                }
            }
            None => {
                leaf.primitive.crossings_as(alone, ray, t_min, scratch);
                for c in scratch.iter() {
                    out.push(WorldCrossing {
                        t: c.t,
                        normal: if leaf.inverse { -c.normal } else { c.normal },
                        leaf: index,
                        triangle: c.triangle,
                    });
                }
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
            Node::Leaf(index) => self.leaf_crossings(*index, ray, t_min, out, scratch, false),
            Node::Clip(nodes) => {
                let start = out.len();
                self.node_crossings(&nodes[0], ray, t_min, out, scratch);
                let mut keep = start;
                for j in start..out.len() {
                    let p = ray.at(out[j].t);
                    if nodes[1..].iter().all(|clip| self.inside(clip, p)) {
                        out[keep] = out[j];
                        keep += 1;
                    }
                }
                out.truncate(keep);
            }
            Node::Csg {
                op,
                children,
                inverse,
                bounds,
            } => {
                let boxes = &self.csg_bounds[*bounds as usize..][..children.len()];
                let inv = ray.direction.recip();
                let meets = |k: usize| boxes[k].hit(ray, inv, t_min, f64::INFINITY).is_some();
                let none = match op {
                    CsgOp::Intersection => !(0..children.len()).all(meets),
                    CsgOp::Difference => children.is_empty() || !meets(0),
                    CsgOp::Union | CsgOp::Merge => false,
                };
                if none {
                    return;
                }
                let inside = |k: usize, p: DVec3| boxes[k].contains(p) && self.inside(&children[k], p);
                for (i, child) in children.iter().enumerate() {
                    let checked = *op == CsgOp::Intersection || (*op == CsgOp::Difference && i == 0);
                    if !checked && !meets(i) {
                        continue;
                    }
                    let child_start = out.len();
                    self.node_crossings(child, ray, t_min, out, scratch);
                    let mut keep = child_start;
                    for j in child_start..out.len() {
                        let c = out[j];
                        let p = ray.at(c.t);
                        let others = children.iter().enumerate().filter(|(k, _)| *k != i);
                        let accepted = match op {
                            CsgOp::Union => true,
                            CsgOp::Merge => others.map(|(k, _)| k).all(|k| !inside(k, p)),
                            CsgOp::Intersection => others.map(|(k, _)| k).all(|k| inside(k, p)),
                            CsgOp::Difference => {
                                if i == 0 {
                                    others.map(|(_, o)| o).all(|o| self.outside(o, p))
                                } else {
                                    inside(0, p)
                                        && others.filter(|(k, _)| *k != 0).all(|(_, o)| self.outside(o, p))
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
                let local = match self.transform_of(leaf) {
                    Some(xf) => xf.point_to_local(p),
                    None => p,
                };
                leaf.primitive.inside(local) != leaf.inverse
            }
            Node::Csg {
                op,
                children,
                inverse,
                bounds,
            } => self.inside_csg(*op, children, *bounds, p) != *inverse,
            Node::Clip(nodes) => nodes.iter().all(|n| self.inside(n, p)),
        }
    }

    /// Inside a CSG node, before its own `inverse`.
    fn inside_csg(&self, op: CsgOp, children: &[Node], bounds: u32, p: DVec3) -> bool {
        let boxes = &self.csg_bounds[bounds as usize..][..children.len()];
        let inside = |k: usize| boxes[k].contains(p) && self.inside(&children[k], p);
        match op {
            CsgOp::Union | CsgOp::Merge => (0..children.len()).any(inside),
            CsgOp::Intersection => (0..children.len()).all(inside),
            CsgOp::Difference => {
                !children.is_empty() && inside(0) && children[1..].iter().all(|c| self.outside(c, p))
            }
        }
    }

    /// Whether `p` is inside `node` turned inside out, as a difference turns the
    /// objects it takes away. That is "not inside" except where clipping objects are
    /// involved: POV-Ray turns the clipped object over but not its clipping objects,
    /// so only points inside those can be inside.
    fn outside(&self, node: &Node, p: DVec3) -> bool {
        match node {
            Node::Leaf(_) => !self.inside(node, p),
            Node::Clip(nodes) => nodes[1..].iter().all(|n| self.inside(n, p)) && self.outside(&nodes[0], p),
            Node::Csg {
                op,
                children,
                inverse: true,
                bounds,
            } => self.inside_csg(*op, children, *bounds, p),
            Node::Csg {
                op,
                children,
                inverse: false,
                ..
            } => match op {
                CsgOp::Union | CsgOp::Merge => children.iter().all(|c| self.outside(c, p)),
                CsgOp::Intersection => children.iter().any(|c| self.outside(c, p)),
                CsgOp::Difference => {
                    children.first().is_none_or(|c| self.outside(c, p))
                        || children[1..].iter().any(|c| self.inside(c, p))
                }
            },
        }
    }
}
