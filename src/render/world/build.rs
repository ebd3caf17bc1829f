//! Compiling the scene's objects into a [`World`]: CSG trees flattened into leaves in world
//! space, textures resolved (inherited ones included), primitives placed, a BVH over the
//! bounded ones.

use std::collections::HashMap;
use std::sync::Arc;

use glam::{DMat4, DQuat, DVec2, DVec3};

use crate::budget::{MemoryBudget, OverBudget};
use crate::render::accel::bounds::Aabb;
use crate::render::accel::bvh::Bvh;
use crate::render::integrator::media::{CompiledMedia, RenderInterior};
use crate::render::pattern::CompiledPattern;
use crate::render::shapes::{
    bicubic_patch, blob, cone, cuboid, disc, height_field, isosurface, julia, lathe, mesh, ovus, parametric,
    plane, poly, polygon, prism, quadric, sor, sphere, sphere_sweep, superellipsoid, torus, triangle,
    Primitive,
};
use crate::render::texture::normal::{CompiledNormal, NormalFrame};
use crate::render::texture::pigment::{CompiledPigment, Decoder, ImageTexels};
use crate::render::transform::Transform;
use crate::render::RenderError;
use crate::scene::{CsgOp, Finish, Interior, MeshTriangle, Object, ObjectPhotons, Pigment, Shape, Texture};

use super::lighting::Lightings;
use super::photon_flags::{self, PhotonFlags, PhotonTarget};
use super::{Layer, LayerMap, Leaf, Node, PackedSplit, Surface, World, NO_TRANSFORM};

/// The texture an object inherits: its layers and the world matrix of their owner.
#[derive(Clone)]
struct Inherited<'a> {
    layers: &'a [Texture],
    owner_world: DMat4,
    /// The interior and the world matrix of the object that holds it (its media's
    /// densities are in that object's space).
    interior: Option<(&'a Arc<Interior>, DMat4)>,
    /// The `interior_texture` and its owner's world matrix, if any.
    inner: Option<(&'a [Texture], DMat4)>,
    /// The owner's `uv_mapping`, which POV-Ray hands on with its texture.
    uv: bool,
}

/// Leaves compiled between two calls of the build's `check`.
const LEAVES_PER_CHECK: usize = 1024;

struct Builder<'a> {
    leaves: Vec<Leaf>,
    transforms: Vec<Transform>,
    default_texture: Texture,
    images: ImageTexels<'a>,
    /// The scene's `noise_generator`, for patterns without their own.
    noise_generator: u8,
    /// Meshes compiled so far, keyed by the address of the scene's triangle list: an
    /// object placed many times shares one mesh and its BVH. The weak reference keeps
    /// that address from being reused by a later list once the scene's objects are
    /// freed (it holds the list's header, not its triangles).
    meshes: HashMap<usize, (std::sync::Weak<Vec<MeshTriangle>>, Arc<mesh::Mesh>)>,
    /// Blobs compiled so far, keyed and kept like `meshes`.
    blobs: HashMap<usize, (std::sync::Weak<crate::scene::Blob>, Arc<blob::Blob>)>,
    /// Shared by every surface without an interior of its own.
    default_interior: Arc<RenderInterior>,
    /// Interiors without media, shared by address.
    plain_interiors: HashMap<usize, Arc<RenderInterior>>,
    check: &'a dyn Fn() -> Result<(), RenderError>,
    /// The first failed check; compiling stops there.
    failed: Option<RenderError>,
    /// The flags of the CSG objects around the one being compiled.
    ancestor_flags: Flags,
    /// Light groups, and which lights reach each leaf.
    lightings: Lightings,
    /// The children's bounds of the CSG nodes compiled so far.
    csg_bounds: Vec<Aabb>,
    /// The photon settings the CSG objects around the one being compiled hand down.
    ancestor_photons: ObjectPhotons,
    /// Each leaf's photon switches; empty until a leaf sets one.
    photon_flags: Vec<PhotonFlags>,
    /// The photon targets found so far.
    photon_targets: Vec<PhotonTarget>,
}

/// Object flags that a CSG object gives all its parts.
#[derive(Clone, Copy, Default)]
struct Flags {
    no_shadow: bool,
    no_reflection: bool,
    no_image: bool,
    double_illuminate: bool,
    hollow: bool,
}

impl Flags {
    /// These flags with `object`'s own added (a part cannot clear its parent's).
    fn with(self, object: &Object) -> Flags {
        Flags {
            no_shadow: self.no_shadow || object.no_shadow,
            no_reflection: self.no_reflection || object.no_reflection,
            no_image: self.no_image || object.no_image,
            double_illuminate: self.double_illuminate || object.double_illuminate,
            hollow: self.hollow || object.hollow,
        }
    }
}

impl World {
    /// Compiles `objects`, calling `check` every so often (the job's memory budget and
    /// stop signal) and stopping with its error.
    pub fn build(
        objects: Vec<Object>,
        decode: Decoder,
        memory: MemoryBudget,
        check: &dyn Fn() -> Result<(), RenderError>,
    ) -> Result<World, RenderError> {
        World::build_with_noise(objects, decode, memory, check, 2)
    }

    /// [`World::build`] for a scene whose `global_settings` choose `noise_generator`
    /// (1 to 3): the noise of every pattern that does not choose its own.
    pub fn build_with_noise(
        mut objects: Vec<Object>,
        decode: Decoder,
        memory: MemoryBudget,
        check: &dyn Fn() -> Result<(), RenderError>,
        noise_generator: u8,
    ) -> Result<World, RenderError> {
        let mut builder = Builder {
            leaves: Vec::new(),
            transforms: Vec::new(),
            default_texture: Texture {
                pigment: Pigment::solid(crate::scene::Colour::BLACK),
                finish: Arc::new(Finish::default()),
                normal: None,
                map: None,
                uv: false,
            },
            images: ImageTexels::new(decode, memory),
            noise_generator,
            meshes: HashMap::new(),
            blobs: HashMap::new(),
            default_interior: Arc::default(),
            plain_interiors: HashMap::new(),
            check,
            failed: None,
            ancestor_flags: Flags::default(),
            lightings: Lightings::default(),
            csg_bounds: Vec::new(),
            ancestor_photons: ObjectPhotons::default(),
            photon_flags: Vec::new(),
            photon_targets: Vec::new(),
        };
        let mut top = Vec::new();
        // Taken from the back of the reversed list, in order, each object freed once
        // compiled and the list shrunk as it empties.
        objects.reverse();
        while let Some(object) = objects.pop() {
            builder.compile(&object, DMat4::IDENTITY, None, true, &mut top);
            if objects.capacity() > 2 * objects.len() + 1024 {
                objects.shrink_to_fit();
                // The objects were allocated by the parser's thread, in an arena this
                // thread does not reuse: hand what they freed back now, not at the end.
                crate::budget::release_free_memory();
            }
        }
        top.shrink_to_fit();
        if let Some(error) = builder.failed {
            return Err(error);
        }
        // Sorted in place: a second list of a million nodes would cost 24 MB.
        let mut bounded = top;
        let mut boxes = Vec::with_capacity(bounded.len());
        let mut unbounded = Vec::new();
        bounded.retain_mut(|node| {
            let b = node_bounds(&builder.leaves, &builder.transforms, node);
            if b.is_empty() {
                false
            } else if b.is_finite() {
                boxes.push(b);
                true
            } else {
                // The placeholder left behind is dropped with the node's slot.
                unbounded.push(std::mem::replace(node, Node::Leaf(u32::MAX)));
                false
            }
        });
        bounded.shrink_to_fit();
        builder.leaves.shrink_to_fit();
        builder.transforms.shrink_to_fit();
        let mut lightings = builder.lightings;
        if !lightings.leaves.is_empty() {
            lightings.leaves.resize(builder.leaves.len(), 0);
        }
        let mut photon_flags = builder.photon_flags;
        if !photon_flags.is_empty() {
            photon_flags.resize(builder.leaves.len(), PhotonFlags::default());
        }
        let mut world = World {
            photon_flags,
            photon_targets: builder.photon_targets,
            light_groups: lightings.groups,
            lighting_kinds: lightings.kinds,
            leaf_lightings: lightings.leaves,
            leaves: builder.leaves,
            transforms: builder.transforms,
            bvh: Bvh::build(&boxes),
            bounded,
            unbounded,
            media_nodes: Vec::new(),
            csg_bounds: builder.csg_bounds,
        };
        world.media_nodes = world.find_media_nodes();
        Ok(world)
    }
}

pub(super) fn node_bounds(leaves: &[Leaf], transforms: &[Transform], node: &Node) -> Aabb {
    match node {
        Node::Leaf(i) => {
            let leaf = &leaves[*i as usize];
            if leaf.inverse {
                return Aabb::EVERYTHING;
            }
            let local = leaf.primitive.bounds();
            match transforms.get(leaf.transform as usize) {
                Some(xf) => local.transformed(&xf.to_world),
                None => local,
            }
        }
        Node::Csg {
            op,
            children,
            inverse,
            ..
        } => {
            if *inverse {
                return Aabb::EVERYTHING;
            }
            let mut it = children.iter().map(|c| node_bounds(leaves, transforms, c));
            match op {
                CsgOp::Union | CsgOp::Merge => it.fold(Aabb::EMPTY, |a, b| a.union(&b)),
                CsgOp::Intersection => it.fold(Aabb::EVERYTHING, |a, b| a.intersection(&b)),
                CsgOp::Difference => it.next().unwrap_or(Aabb::EMPTY),
            }
        }
        // What shows lies within the object and within each clipping object.
        Node::Clip(nodes) => nodes
            .iter()
            .map(|n| node_bounds(leaves, transforms, n))
            .fold(Aabb::EVERYTHING, |a, b| a.intersection(&b)),
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
        if self.failed.is_some() {
            return;
        }
        let photons = photon_flags::inherit(object.photons(), self.ancestor_photons);
        // Photons are shot at a target whole; its parts are not targets of their own.
        let is_target = photons.target > 0.0 && self.ancestor_photons.target <= 0.0;
        let (start, first_node) = (self.leaves.len() as u32, out.len());
        let outer = std::mem::replace(&mut self.ancestor_photons, photons);
        self.compile_clipped(object, parent_world, inherited, split_unions, out);
        self.ancestor_photons = outer;
        if !is_target {
            return;
        }
        // Bounded as a whole: a CSG intersection with a plane is still finite.
        let bounds = out[first_node..].iter().fold(Aabb::EMPTY, |b, node| {
            b.union(&node_bounds(&self.leaves, &self.transforms, node))
        });
        if bounds.is_finite() && !bounds.is_empty() {
            self.photon_targets.push(PhotonTarget {
                leaves: start..self.leaves.len() as u32,
                multiplier: photons.target,
                bounds,
            });
        }
    }

    fn compile_clipped<'o>(
        &mut self,
        object: &'o Object,
        parent_world: DMat4,
        inherited: Option<Inherited<'o>>,
        split_unions: bool,
        out: &mut Vec<Node>,
    ) {
        let clips = object.extra.as_deref().map_or(&[][..], |e| &e.clip[..]);
        if !clips.is_empty() {
            let world = match &object.transform {
                Some(m) => parent_world * **m,
                None => parent_world,
            };
            let mut nodes = Vec::with_capacity(1 + clips.len());
            self.compile_unclipped(object, parent_world, inherited.clone(), false, &mut nodes);
            if nodes.is_empty() {
                return;
            }
            for clip in clips.iter() {
                self.compile(clip, world, inherited.clone(), false, &mut nodes);
            }
            self.limit_clipped_search(&nodes);
            out.push(Node::Clip(nodes.into_boxed_slice()));
            return;
        }
        self.compile_unclipped(object, parent_world, inherited, split_unions, out);
    }

    /// A polynomial surface clipped by finite objects searches for its roots only
    /// within their bounds (see [`poly::Poly::search`]).
    fn limit_clipped_search(&mut self, nodes: &[Node]) {
        let Some(Node::Leaf(index)) = nodes.first() else {
            return;
        };
        let clip = nodes[1..]
            .iter()
            .map(|n| node_bounds(&self.leaves, &self.transforms, n))
            .fold(Aabb::EVERYTHING, |a, b| a.intersection(&b));
        if !clip.is_finite() || clip.is_empty() {
            return;
        }
        let leaf = &mut self.leaves[*index as usize];
        let local = match self.transforms.get(leaf.transform as usize) {
            Some(xf) => clip.transformed(&xf.to_local),
            None => clip,
        };
        if let Primitive::Poly(p) = &mut leaf.primitive {
            if local.is_finite() {
                p.search = Some(local);
            }
        }
    }

    fn compile_unclipped<'o>(
        &mut self,
        object: &'o Object,
        parent_world: DMat4,
        inherited: Option<Inherited<'o>>,
        split_unions: bool,
        out: &mut Vec<Node>,
    ) {
        let world = match &object.transform {
            Some(m) => parent_world * **m,
            None => parent_world,
        };
        let own_inner = object
            .extra
            .as_deref()
            .map_or(&[][..], |e| &e.interior_texture[..]);
        let inner = if own_inner.is_empty() {
            inherited.as_ref().and_then(|i| i.inner)
        } else {
            Some((own_inner, world))
        };
        let own = (!object.texture.is_empty()).then(|| Inherited {
            layers: &object.texture,
            owner_world: world,
            interior: object
                .interior
                .as_ref()
                .map(|i| (i, world))
                .or(inherited.as_ref().and_then(|i| i.interior)),
            inner,
            uv: object.uv_mapping,
        });
        let texture = own.or(inherited).map(|mut t| {
            if t.interior.is_none() {
                t.interior = object.interior.as_ref().map(|i| (i, world));
            }
            t
        });
        match &object.shape {
            Shape::Csg {
                op,
                children,
                cutaway_textures,
            } => {
                // POV-Ray hands these flags down to every object of a CSG tree.
                let outer_flags = self.ancestor_flags;
                self.ancestor_flags = outer_flags.with(object);
                let around = self.lightings.around();
                self.lightings.enter(object, *op, world);
                if *op == CsgOp::Union && split_unions && !object.inverse {
                    for child in children {
                        self.compile(child, world, texture.clone(), true, out);
                    }
                    self.ancestor_flags = outer_flags;
                    self.lightings.leave(around);
                    return;
                }
                let mut compiled = Vec::new();
                for (i, child) in children.iter().enumerate() {
                    let mut child_texture = texture.clone();
                    if *cutaway_textures && i > 0 && child.texture.is_empty() {
                        if let Some(first) = children.first().filter(|f| !f.texture.is_empty()) {
                            let first_world = match &first.transform {
                                Some(m) => world * **m,
                                None => world,
                            };
                            child_texture = Some(Inherited {
                                layers: &first.texture,
                                owner_world: first_world,
                                interior: first.interior.as_ref().map(|i| (i, first_world)),
                                inner: texture.as_ref().and_then(|t| t.inner),
                                uv: first.uv_mapping,
                            });
                        }
                    }
                    self.compile(child, world, child_texture, false, &mut compiled);
                }
                self.ancestor_flags = outer_flags;
                self.lightings.leave(around);
                out.push(Node::Csg {
                    op: *op,
                    bounds: self.child_bounds(&compiled),
                    children: compiled.into_boxed_slice(),
                    inverse: object.inverse,
                });
            }
            Shape::Mesh { triangles } if triangles.iter().any(|t| t.texture.is_some()) => {
                // Triangles with textures of their own: one mesh per texture, together
                // a union, each textured in the mesh's space.
                let mut parts = Vec::new();
                for (own_texture, group) in group_by_texture(triangles) {
                    let mut part = Object::new(Shape::Mesh {
                        triangles: Arc::new(group),
                    });
                    part.transform = object.transform.clone();
                    part.texture = match own_texture {
                        Some(t) => vec![(*t).clone()],
                        None => object.texture.clone(),
                    };
                    part.interior = object.interior.clone();
                    part.inverse = object.inverse;
                    part.uv_mapping = object.uv_mapping;
                    let mut nodes = Vec::new();
                    self.compile_unclipped(&part, parent_world, texture.clone(), false, &mut nodes);
                    parts.extend(nodes);
                }
                if split_unions {
                    out.extend(parts);
                } else {
                    out.push(Node::Csg {
                        op: CsgOp::Union,
                        bounds: self.child_bounds(&parts),
                        children: parts.into_boxed_slice(),
                        inverse: false,
                    });
                }
            }
            Shape::Blob(blob) if blob.components.iter().any(|c| !c.texture.is_empty()) => {
                // Components with textures of their own: a surface per texture, blended
                // where the ray meets the blob by each one's share of the field.
                let own = blob.components.iter().filter(|c| !c.texture.is_empty());
                let mut surfaces = Vec::new();
                for layers in std::iter::once(None).chain(own.map(|c| Some(&c.texture[..]))) {
                    let group_texture = match layers {
                        None => texture.clone(),
                        Some(layers) => Some(Inherited {
                            layers,
                            owner_world: world,
                            interior: texture
                                .as_ref()
                                .and_then(|t| t.interior)
                                .or(object.interior.as_ref().map(|i| (i, world))),
                            inner: texture.as_ref().and_then(|t| t.inner),
                            uv: object.uv_mapping,
                        }),
                    };
                    match self.surface(object, group_texture) {
                        Ok(surface) => surfaces.push(Arc::new(surface)),
                        Err(over) => {
                            self.failed = Some(over.into());
                            return;
                        }
                    }
                }
                let mut leaf_surface = match self.surface(object, texture) {
                    Ok(surface) => surface,
                    Err(over) => {
                        self.failed = Some(over.into());
                        return;
                    }
                };
                // Shadow rays take the blob as opaque only when every texture is.
                leaf_surface.opaque = surfaces.iter().all(|s| s.opaque);
                let part = Primitive::Blob(blob::BlobPart {
                    blob: self.blob(blob),
                    textures: Some(surfaces.into()),
                });
                self.push_leaf(object, world, leaf_surface, part, None, out);
            }
            shape => {
                let Some((primitive, canonical)) = self.primitive(shape, world) else {
                    return;
                };
                let surface = match self.surface(object, texture) {
                    Ok(surface) => surface,
                    Err(over) => {
                        self.failed = Some(over.into());
                        return;
                    }
                };
                // A bicubic patch is built in world space, as POV-Ray moves its points.
                let placed = match primitive {
                    Primitive::BicubicPatch(_) => DMat4::IDENTITY,
                    _ => world,
                };
                self.push_leaf(object, placed, surface, primitive, canonical, out);
            }
        }
    }

    /// The blob compiled, once for all the objects that share it; its components'
    /// own textures make texture groups whether or not this object shows them.
    fn blob(&mut self, shape: &Arc<crate::scene::Blob>) -> Arc<blob::Blob> {
        let key = Arc::as_ptr(shape) as usize;
        if let Some((_, compiled)) = self.blobs.get(&key) {
            return compiled.clone();
        }
        let compiled = Arc::new(super::blob::compile(shape));
        self.blobs.insert(key, (Arc::downgrade(shape), compiled.clone()));
        compiled
    }

    /// Adds a leaf for `primitive`, whose canonical space `canonical` takes to the
    /// object's.
    fn push_leaf(
        &mut self,
        object: &Object,
        world: DMat4,
        surface: Surface,
        primitive: Primitive,
        canonical: Option<DMat4>,
        out: &mut Vec<Node>,
    ) {
        let full = match canonical {
            Some(c) => world * c,
            None => world,
        };
        // A plane stays a plane under any transformation: moved into world space once,
        // its crossings and inside tests need no matrix (CSG objects test their planes
        // many times a ray).
        let (primitive, full) = match primitive {
            Primitive::Plane(plane) if full != DMat4::IDENTITY => match plane_in_world(&plane, full) {
                Some(moved) => (Primitive::Plane(moved), DMat4::IDENTITY),
                None => return,
            },
            other => (other, full),
        };
        let transform = if full == DMat4::IDENTITY {
            NO_TRANSFORM
        } else {
            match Transform::new(full) {
                Some(t) => {
                    self.transforms.push(t);
                    self.transforms.len() as u32 - 1
                }
                None => return,
            }
        };
        if let Err(e) = self.lightings.leaf(self.leaves.len()) {
            self.failed.get_or_insert(e);
        }
        let flags = PhotonFlags::new(&self.ancestor_photons);
        // Most scenes set no photon switch: the list starts at the first leaf that does.
        if flags != PhotonFlags::default() {
            self.photon_flags
                .resize(self.leaves.len(), PhotonFlags::default());
            self.photon_flags.push(flags);
        }
        self.leaves.push(Leaf {
            primitive,
            transform,
            surface: Arc::new(surface),
            inverse: object.inverse,
        });
        out.push(Node::Leaf(self.leaves.len() as u32 - 1));
        if self.leaves.len() % LEAVES_PER_CHECK == 0 {
            self.failed = (self.check)().err();
        }
    }

    /// Records the bounds of a CSG node's `children` (grown a little, so a point on a
    /// child's surface is within them) and returns where they start.
    fn child_bounds(&mut self, children: &[Node]) -> u32 {
        let start = self.csg_bounds.len() as u32;
        for child in children {
            let b = node_bounds(&self.leaves, &self.transforms, child);
            let size = [b.min, b.max]
                .iter()
                .flat_map(|v| v.to_array())
                .filter(|c| c.is_finite())
                .fold(0.0f64, |m, c| m.max(c.abs()));
            let pad = size * 1e-9 + 1e-7;
            let grown = if b.is_empty() {
                b
            } else {
                Aabb::new(b.min - pad, b.max + pad)
            };
            self.csg_bounds.push(grown);
        }
        start
    }

    /// Texture layers compiled; `outer` takes their space to the world (normals fold it
    /// in; pigments and texture patterns are evaluated at the texture point).
    fn layers(&mut self, layers: &[Texture], outer: Option<DMat4>) -> Result<Box<[Layer]>, OverBudget> {
        layers.iter().map(|t| self.layer(t, outer)).collect()
    }

    fn layer(&mut self, t: &Texture, outer: Option<DMat4>) -> Result<Layer, OverBudget> {
        // A uv-mapped layer is evaluated at the surface coordinates, in no outer space.
        let outer = outer.filter(|_| !t.uv);
        let map = match t.map.as_deref().filter(|m| !m.entries.is_empty()) {
            Some(m) => {
                let mut pattern = CompiledPattern::compile_in(&m.pattern, None, self.noise_generator);
                pattern.compile_pigments(&mut self.images, self.noise_generator)?;
                // Normals go from the world into the texture's space, then the pattern's.
                let owner_inverse = outer
                    .filter(|o| o.determinant().abs() > 1e-300)
                    .map(|o| o.inverse());
                let frame = NormalFrame::new(owner_inverse.iter().chain(pattern.inverse_transforms()));
                let mut entries = Vec::with_capacity(m.entries.len());
                for (value, layers) in &m.entries {
                    entries.push((*value, self.layers(layers, None)?));
                }
                Some(Box::new(LayerMap {
                    pattern,
                    frame,
                    entries,
                }))
            }
            None => None,
        };
        Ok(Layer {
            pigment: CompiledPigment::compile_in(&t.pigment, &mut self.images, self.noise_generator)?,
            finish: t.finish.clone(),
            normal: t
                .normal
                .as_ref()
                .filter(|n| n.pattern_given)
                .map(|n| {
                    let outer = outer.filter(|_| !n.uv);
                    CompiledNormal::compile_in(n, outer, self.noise_generator, &mut self.images).map(Box::new)
                })
                .transpose()?,
            map,
            uv: t.uv,
        })
    }

    fn surface(&mut self, object: &Object, texture: Option<Inherited>) -> Result<Surface, OverBudget> {
        let flags = self.ancestor_flags.with(object);
        let (owner_world, interior) = match &texture {
            Some(t) => (t.owner_world, t.interior),
            None => (DMat4::IDENTITY, None),
        };
        // POV-Ray's flag: the object's own, or handed on with its parent's texture.
        let uv_object = object.uv_mapping || texture.as_ref().is_some_and(|t| t.uv);
        // Such an object's transforms leave its textures alone.
        let owner_world = if uv_object { DMat4::IDENTITY } else { owner_world };
        let outer = (owner_world != DMat4::IDENTITY).then_some(owner_world);
        let needs_uv = uv_object
            || match &texture {
                Some(t) => t
                    .layers
                    .iter()
                    .chain(t.inner.map_or(&[][..], |i| i.0))
                    .any(Texture::uses_uv),
                None => self.default_texture.uses_uv(),
            };
        let mut layers = match &texture {
            Some(t) => self.layers(t.layers, outer)?,
            None => {
                let default = self.default_texture.clone();
                self.layers(std::slice::from_ref(&default), outer)?
            }
        };
        let mut opaque = stack_is_opaque(&layers);
        let outside_len = layers.len();
        let mut inside_from = None;
        // A stack too tall for the split index goes without its interior texture.
        let split = u16::try_from(outside_len)
            .ok()
            .filter(|&s| s <= PackedSplit::MAX_SPLIT);
        if let (Some((inner, inner_world)), Some(split)) = (texture.as_ref().and_then(|t| t.inner), split) {
            let inside = if inner_world == owner_world || uv_object {
                self.layers(inner, outer)?
            } else {
                // Moved into the space of the outside layers, whose texture point both use.
                let to_owner = owner_world.inverse() * inner_world;
                let moved: Vec<Texture> = inner
                    .iter()
                    .map(|t| {
                        let mut t = t.clone();
                        t.transform(to_owner);
                        t
                    })
                    .collect();
                self.layers(&moved, outer)?
            };
            opaque &= stack_is_opaque(&inside);
            let mut all = Vec::from(layers);
            all.extend(Vec::from(inside));
            layers = all.into_boxed_slice();
            inside_from = Some(split);
        }
        Ok(Surface {
            layers,
            packed: PackedSplit::new(inside_from, needs_uv, uv_object),
            texture_from_world: (owner_world != DMat4::IDENTITY && owner_world.determinant().abs() > 1e-300)
                .then(|| Box::new(owner_world.inverse())),
            interior: self.render_interior(interior)?,
            opaque,
            no_shadow: flags.no_shadow,
            no_reflection: flags.no_reflection,
            no_image: flags.no_image,
            double_illuminate: flags.double_illuminate,
            hollow: flags.hollow,
        })
    }

    /// The interior a surface holds: shared when it has no media, else with its media
    /// compiled into world space.
    fn render_interior(
        &mut self,
        interior: Option<(&Arc<Interior>, DMat4)>,
    ) -> Result<Arc<RenderInterior>, OverBudget> {
        let Some((interior, world)) = interior else {
            return Ok(self.default_interior.clone());
        };
        if interior.media.is_empty() {
            let key = Arc::as_ptr(interior) as usize;
            return Ok(self
                .plain_interiors
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(RenderInterior {
                        interior: interior.clone(),
                        media: Vec::new(),
                    })
                })
                .clone());
        }
        let to_world = (world != DMat4::IDENTITY).then_some(world);
        let media = interior
            .media
            .iter()
            .map(|m| CompiledMedia::compile(m, to_world, &mut self.images, self.noise_generator))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Arc::new(RenderInterior {
            interior: interior.clone(),
            media,
        }))
    }

    /// The primitive in canonical form and the matrix from canonical to object space.
    fn primitive(&mut self, shape: &Shape, world: DMat4) -> Option<(Primitive, Option<DMat4>)> {
        Some(match shape {
            Shape::Sphere { center, radius } => (
                Primitive::Sphere(sphere::Sphere {
                    center: *center,
                    radius: radius.abs(),
                }),
                None,
            ),
            Shape::Box(corners) => {
                let [corner1, corner2] = **corners;
                (
                    Primitive::Cuboid(cuboid::Cuboid {
                        min: corner1.min(corner2),
                        max: corner1.max(corner2),
                    }),
                    None,
                )
            }
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
            Shape::Cylinder(cylinder) => (
                Primitive::Cone(cone::Cone {
                    cap_radius: 1.0,
                    open: cylinder.open,
                }),
                Some(axis_frame(cylinder.base, cylinder.cap, cylinder.radius)?),
            ),
            Shape::Cone(shape) => {
                let (b, br, c, cr) = if shape.base_radius.abs() >= shape.cap_radius.abs() {
                    (shape.base, shape.base_radius, shape.cap, shape.cap_radius)
                } else {
                    (shape.cap, shape.cap_radius, shape.base, shape.base_radius)
                };
                (
                    Primitive::Cone(cone::Cone {
                        cap_radius: cr / br,
                        open: shape.open,
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
            Shape::Quadric(c) => (Primitive::Quadric(Box::new(quadric::Quadric { c: **c })), None),
            Shape::Poly(p) => (
                Primitive::Poly(Box::new(poly::Poly::from_coefficients(
                    p.order as usize,
                    &p.coefficients,
                ))),
                None,
            ),
            Shape::Superellipsoid { e, n } => (
                Primitive::Superellipsoid(superellipsoid::Superellipsoid {
                    east_west: 2.0 / e,
                    north_south: 2.0 / n,
                }),
                None,
            ),
            Shape::Ovus { bottom, top } => (Primitive::Ovus(Box::new(ovus::Ovus::new(*bottom, *top))), None),
            Shape::JuliaFractal(j) => (Primitive::Julia(Box::new(julia::Julia::new(j))), None),
            Shape::Parametric(p) => (
                Primitive::Parametric(Arc::new(parametric::Parametric::new(p))),
                None,
            ),
            Shape::Isosurface(iso) => (
                Primitive::Isosurface(Arc::new(isosurface::Isosurface::new(iso))),
                None,
            ),
            Shape::Prism(shape) => {
                let prism = prism::Prism::new(shape);
                if prism.bounds().is_empty() {
                    return None;
                }
                (Primitive::Prism(Arc::new(prism)), None)
            }
            Shape::Lathe(shape) => {
                let lathe = lathe::Lathe::new(shape);
                if lathe.bounds().is_empty() {
                    return None;
                }
                (Primitive::Lathe(Arc::new(lathe)), None)
            }
            Shape::Sor(shape) => {
                let sor = sor::Sor::new(shape);
                if sor.bounds().is_empty() {
                    return None;
                }
                (Primitive::Sor(Arc::new(sor)), None)
            }
            Shape::SphereSweep(spec) => (
                Primitive::SphereSweep(Arc::new(sphere_sweep::SphereSweep::new(spec))),
                None,
            ),
            Shape::Polygon(points) => {
                let (polygon, placement) = polygon::Polygon::new(points)?;
                (Primitive::Polygon(Arc::new(polygon)), Some(placement))
            }
            Shape::Disc(shape) => {
                let (center, normal, radius) = (&shape.center, &shape.normal, &shape.radius);
                if *radius <= 0.0 || normal.length_squared() == 0.0 {
                    return None;
                }
                let rotation = DQuat::from_rotation_arc(DVec3::Z, normal.normalize());
                (
                    Primitive::Disc(disc::Disc {
                        hole: shape.hole_radius / radius,
                    }),
                    Some(DMat4::from_scale_rotation_translation(
                        DVec3::splat(*radius),
                        rotation,
                        *center,
                    )),
                )
            }
            Shape::Triangle(vertices) => (
                Primitive::Triangle(Box::new(triangle::Triangle {
                    vertices: **vertices,
                    normals: None,
                })),
                None,
            ),
            Shape::SmoothTriangle(corners) => {
                let [a, na, b, nb, c, nc] = **corners;
                (
                    Primitive::Triangle(Box::new(triangle::Triangle {
                        vertices: [a, b, c],
                        normals: Some([na, nb, nc]),
                    })),
                    None,
                )
            }
            Shape::Mesh { triangles } => {
                let key = Arc::as_ptr(triangles) as usize;
                if let Some((_, mesh)) = self.meshes.get(&key) {
                    return Some((Primitive::Mesh(mesh.clone()), None));
                }
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
                let mut mesh = mesh::Mesh::new(tris);
                if triangles.iter().any(|t| t.uv.is_some()) {
                    let corners = |t: &MeshTriangle| t.uv.as_deref().copied().unwrap_or([DVec2::ZERO; 3]);
                    mesh.uvs = Some(triangles.iter().map(corners).collect());
                }
                let mesh = Arc::new(mesh);
                self.meshes.insert(key, (Arc::downgrade(triangles), mesh.clone()));
                (Primitive::Mesh(mesh), None)
            }
            Shape::Glyph(glyph) => (Primitive::Glyph(glyph.clone()), None),
            Shape::HeightField(field) => (
                Primitive::HeightField(Arc::new(height_field::HeightField::new(
                    field.grid.clone(),
                    field.water_level,
                    field.smooth,
                    world,
                ))),
                None,
            ),
            Shape::Blob(b) => (
                Primitive::Blob(blob::BlobPart {
                    blob: self.blob(b),
                    textures: None,
                }),
                None,
            ),
            Shape::BicubicPatch(patch) => {
                let net = patch.points.map(|row| row.map(|p| world.transform_point3(p)));
                if !net.iter().flatten().all(|p| p.is_finite()) {
                    return None;
                }
                let compiled = bicubic_patch::BicubicPatch::new(
                    net,
                    patch.flatness,
                    patch.u_steps,
                    patch.v_steps,
                    patch.precomputed,
                );
                // Each copy of a `type 1` patch holds its own pieces (they depend on
                // where it is placed): the budget is checked after each.
                if patch.precomputed {
                    if let Err(error) = (self.check)() {
                        self.failed = Some(error);
                        return None;
                    }
                }
                (Primitive::BicubicPatch(Arc::new(compiled)), None)
            }
            Shape::Csg { .. } => return None,
        })
    }
}

/// A mesh's triangles grouped by their own texture (the same texture once, by
/// identity; `None` for those that take the mesh's), in order of first use.
fn group_by_texture(triangles: &[MeshTriangle]) -> Vec<(Option<Arc<Texture>>, Vec<MeshTriangle>)> {
    let mut groups: Vec<(Option<Arc<Texture>>, Vec<MeshTriangle>)> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    for t in triangles {
        let key = t.texture.as_ref().map_or(0, |x| Arc::as_ptr(x) as usize);
        let slot = *index.entry(key).or_insert_with(|| {
            groups.push((t.texture.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push(MeshTriangle {
            texture: None,
            ..t.clone()
        });
    }
    groups
}

/// `plane` moved by `m`: the same points, the same inside (`None` when `m` flattens
/// space).
fn plane_in_world(plane: &plane::Plane, m: DMat4) -> Option<plane::Plane> {
    let linear = glam::DMat3::from_mat4(m);
    let det = linear.determinant();
    if !det.is_finite() || det.abs() < 1e-300 {
        return None;
    }
    let normal = linear.inverse().transpose() * plane.normal;
    let len = normal.length();
    if !(len > 0.0 && len.is_finite()) {
        return None;
    }
    let on_plane = m.transform_point3(plane.normal * plane.distance);
    let normal = normal / len;
    Some(plane::Plane {
        normal,
        distance: normal.dot(on_plane),
    })
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

/// Whether nothing shows through a stack of layers: its bottom layer is opaque (for a
/// patterned one, every entry's stack is).
fn stack_is_opaque(layers: &[Layer]) -> bool {
    layers.first().is_some_and(|l| match &l.map {
        Some(map) => map.entries.iter().all(|(_, stack)| stack_is_opaque(stack)),
        None => l.pigment.is_opaque(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_plane_keeps_its_points_and_its_inside() {
        let plane = plane::Plane {
            normal: DVec3::new(0.0, 1.0, 0.0),
            distance: 2.0,
        };
        let m = DMat4::from_translation(DVec3::new(1.0, -3.0, 0.5))
            * DMat4::from_rotation_z(0.7)
            * DMat4::from_scale(DVec3::new(2.0, 0.5, 3.0));
        let moved = plane_in_world(&plane, m).expect("invertible");
        let local_side = |p: DVec3| plane.normal.dot(p) - plane.distance;
        for p in [
            DVec3::new(0.3, 1.9, -4.0),
            DVec3::new(-2.0, 2.1, 1.0),
            DVec3::new(5.0, -1.0, 2.0),
        ] {
            let w = m.transform_point3(p);
            let world_side = moved.normal.dot(w) - moved.distance;
            assert_eq!(local_side(p) < 0.0, world_side < 0.0, "{p}");
        }
        let on = m.transform_point3(DVec3::new(7.0, 2.0, -1.0));
        assert!((moved.normal.dot(on) - moved.distance).abs() < 1e-9);
        assert!(plane_in_world(&plane, DMat4::from_scale(DVec3::new(1.0, 0.0, 1.0))).is_none());
    }
}
