//! Objects: shapes, CSG trees and meshes, with their transforms and textures.

use std::sync::Arc;

use glam::{DMat4, DVec2, DVec3};

use super::{Interior, Texture};

/// One object: a shape with its transform, texture and flags.
#[derive(Clone, Debug)]
pub struct Object {
    pub shape: Shape,
    /// Object space to world space; `None` for identity. Boxed, as most objects have
    /// none and a million-object scene should not pay 136 bytes for each.
    pub transform: Option<Box<DMat4>>,
    /// Layers bottom first; empty means "inherit from the parent CSG, else default".
    pub texture: Vec<Texture>,
    /// Shared: a declared interior used by many objects is held once.
    pub interior: Option<Arc<Interior>>,
    /// `inverse`: swap inside and outside.
    pub inverse: bool,
    pub no_shadow: bool,
    pub no_reflection: bool,
    pub no_image: bool,
    /// `double_illuminate`.
    pub double_illuminate: bool,
    /// `hollow`: fog shows inside it.
    pub hollow: bool,
    /// `uv_mapping` among the object's modifiers: its textures are evaluated at the
    /// hit's surface coordinates `(u, v, 0)` (moved by the texture's transforms).
    pub uv_mapping: bool,
    /// What few objects have (clipping objects, an interior texture), boxed together
    /// so that every other object pays one pointer for them.
    pub extra: Option<Box<ObjectExtra>>,
}

/// An object's rarely given parts.
#[derive(Clone, Debug, Default)]
pub struct ObjectExtra {
    /// `clipped_by`: in the object's space; only the surface inside all of them shows.
    pub clip: Vec<Object>,
    /// `interior_texture`: layers bottom first, in the object's space, shown where a
    /// ray meets the surface from inside; empty means inherited from the parent CSG.
    pub interior_texture: Vec<Texture>,
    /// `light_group`: this union's objects are lit by these lights (in the object's
    /// space), which light nothing else.
    pub light_group: Option<LightGroup>,
    /// Its `photons { }` block, if it has one.
    pub photons: Option<super::ObjectPhotons>,
}

/// A `light_group`'s own lights, and whether the scene's lights also reach its objects.
#[derive(Clone, Debug, Default)]
pub struct LightGroup {
    pub lights: Vec<super::Light>,
    /// `global_lights`: off unless asked for.
    pub global_lights: bool,
}

impl Object {
    pub fn new(shape: Shape) -> Object {
        Object {
            shape,
            transform: None,
            texture: Vec::new(),
            interior: None,
            inverse: false,
            no_shadow: false,
            no_reflection: false,
            no_image: false,
            double_illuminate: false,
            hollow: false,
            uv_mapping: false,
            extra: None,
        }
    }

    /// The `clipped_by` objects (none for most objects).
    pub fn clips(&self) -> &[Object] {
        self.extra.as_deref().map_or(&[], |e| &e.clip)
    }

    /// The `light_group` this object is, if it is one.
    pub fn light_group(&self) -> Option<&LightGroup> {
        self.extra.as_deref().and_then(|e| e.light_group.as_ref())
    }

    /// Its `photons { }` settings (the defaults for most objects).
    pub fn photons(&self) -> super::ObjectPhotons {
        self.extra.as_deref().and_then(|e| e.photons).unwrap_or_default()
    }

    /// The `interior_texture` layers (none for most objects).
    pub fn interior_texture(&self) -> &[Texture] {
        self.extra.as_deref().map_or(&[], |e| &e.interior_texture)
    }

    pub fn extra_mut(&mut self) -> &mut ObjectExtra {
        self.extra.get_or_insert_with(Default::default)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsgOp {
    Union,
    Merge,
    Intersection,
    Difference,
}

/// Geometric primitives in object space, as POV-Ray defines them.
#[derive(Clone, Debug)]
pub enum Shape {
    Sphere {
        center: DVec3,
        radius: f64,
    },
    /// Two opposite corners; boxed so that a sphere, the commonest shape, sets the
    /// size of every object.
    Box(Box<[DVec3; 2]>),
    /// Points p with `normal . p = distance` (normal not necessarily unit length in the
    /// source; stored normalised with distance scaled to match).
    Plane {
        normal: DVec3,
        distance: f64,
    },
    /// Boxed, like the other shapes of more than two vectors: the size of the largest
    /// variant is the size of every object, a million spheres included.
    Cylinder(Box<Cylinder>),
    Cone(Box<Cone>),
    /// In the xz plane, centred on the origin.
    Torus {
        major: f64,
        minor: f64,
    },
    /// `ovus { bottom, top }`: radii at least 0, `top` below twice `bottom` (a larger
    /// top is read as the sphere POV-Ray makes of it).
    Ovus {
        bottom: f64,
        top: f64,
    },
    Disc(Box<Disc>),
    /// `polygon`: its points, each sub-polygon closed by its first point again.
    Polygon(Box<[DVec3]>),
    /// `quadric`: A to J of A x² + B y² + C z² + D xy + E xz + F yz + G x + H y + I z + J.
    Quadric(Box<[f64; 10]>),
    /// `poly`, `cubic`, `quartic` and `polynomial`.
    Poly(Box<Poly>),
    /// `superellipsoid { <e, n> }`: the east-west and north-south exponents.
    Superellipsoid {
        e: f64,
        n: f64,
    },
    Triangle(Box<[DVec3; 3]>),
    /// Vertices and their normals: a, na, b, nb, c, nc.
    SmoothTriangle(Box<[DVec3; 6]>),
    Mesh {
        triangles: Arc<Vec<MeshTriangle>>,
    },
    /// `isosurface { function { ... } ... }`.
    Isosurface(Box<Isosurface>),
    /// `parametric { function { x(u,v) } ... }`.
    Parametric(Box<Parametric>),
    Prism(Box<Prism>),
    Lathe(Box<Lathe>),
    /// `sor`: a surface of revolution.
    Sor(Box<Sor>),
    /// `sphere_sweep`: a sphere moved along a spline, its radius changing.
    SphereSweep(Box<SphereSweep>),
    /// One letter of a `text` object (which is a union of them).
    Glyph(Box<super::Glyph>),
    /// Boxed; its grid is shared by every copy.
    HeightField(Box<super::HeightField>),
    /// Shared by every copy: a blob may have a great many components.
    Blob(Arc<Blob>),
    /// Boxed: sixteen control points.
    BicubicPatch(Box<super::BicubicPatch>),
    /// `julia_fractal`: boxed, it has two 4D vectors.
    JuliaFractal(Box<super::JuliaFractal>),
    Csg {
        op: CsgOp,
        children: Vec<Object>,
        cutaway_textures: bool,
    },
}

/// How `prism` and `lathe` join their points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplineKind {
    Linear,
    Quadratic,
    Cubic,
    Bezier,
}

/// `prism`: an outline in the xz plane (points' x and y as x and z) swept along y.
#[derive(Clone, Debug)]
pub struct Prism {
    pub spline: SplineKind,
    /// `conic_sweep`: the outline scaled by y, from the origin, instead of moved.
    pub conic: bool,
    /// Lower, then higher.
    pub heights: [f64; 2],
    /// Closed (linear ones closed by the parser, as POV-Ray does); empty for a prism
    /// POV-Ray ignores.
    /// Shared by every copy of a declared shape.
    pub points: Arc<[DVec2]>,
    /// `open`: no caps.
    pub open: bool,
}

impl Prism {
    /// Where each segment's control points start in `points`: a sub-outline ends at
    /// the point that repeats its first (within POV-Ray's EPSILON) and the next one
    /// starts after it, by POV-Ray's reading of each spline kind. `None` when the
    /// last sub-outline runs out of points, which POV-Ray refuses.
    pub fn segment_starts(spline: SplineKind, p: &[DVec2]) -> Option<Vec<usize>> {
        let same = |a: DVec2, b: DVec2| (a.x - b.x).abs() < 1e-10 && (a.y - b.y).abs() < 1e-10;
        let n = p.len();
        // Points a segment reaches past its first; its end point's offset; the first
        // outline point's offset from a segment's first control point.
        let (reach, end, lead) = match spline {
            SplineKind::Linear => (1, 1, 0),
            SplineKind::Quadratic => (2, 2, 1),
            SplineKind::Cubic => (3, 2, 1),
            SplineKind::Bezier => (3, 3, 0),
        };
        let mut starts = Vec::new();
        let mut first = *p.get(lead)?;
        let mut i = 0;
        while i + 1 < n {
            if i + reach >= n {
                return None;
            }
            starts.push(i);
            if spline == SplineKind::Bezier {
                i += 4;
            } else if same(p[i + end], first) {
                // Past the closing point and the control points after it.
                i += reach + 1;
                if i + lead < n {
                    first = p[i + lead];
                }
            } else {
                i += 1;
            }
        }
        Some(starts)
    }
}

/// `lathe`: a curve in the xy plane (x the radius) spun about the y axis.
#[derive(Clone, Debug)]
pub struct Lathe {
    pub spline: SplineKind,
    /// Shared by every copy of a declared shape.
    pub points: Arc<[DVec2]>,
}

/// `sor`: radius² a cubic in y between each two middle points of four.
#[derive(Clone, Debug)]
pub struct Sor {
    /// Their y increasing from the second to the next-to-last.
    /// Shared by every copy of a declared shape.
    pub points: Arc<[DVec2]>,
    /// `open`: no base or cap discs.
    pub open: bool,
}

/// How `sphere_sweep` interpolates its spheres' centres and radii.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepSpline {
    /// Straight between each two spheres.
    Linear,
    /// Uniform cubic B-spline: near, not through, its spheres.
    BSpline,
    /// Catmull-Rom (`cubic_spline`): through every sphere but the first and last.
    CatmullRom,
}

/// `sphere_sweep`: the spheres it interpolates, at least two (four for the cubic
/// kinds).
#[derive(Clone, Debug)]
pub struct SphereSweep {
    pub spline: SweepSpline,
    /// Centre and radius of each modelling sphere; shared by every copy.
    pub spheres: Arc<[(DVec3, f64)]>,
    /// `tolerance`: crossings nearer the ray's origin than this are dropped.
    pub tolerance: f64,
}

#[derive(Clone, Debug)]
pub struct Cylinder {
    pub base: DVec3,
    pub cap: DVec3,
    pub radius: f64,
    pub open: bool,
}

#[derive(Clone, Debug)]
pub struct Cone {
    pub base: DVec3,
    pub base_radius: f64,
    pub cap: DVec3,
    pub cap_radius: f64,
    pub open: bool,
}

#[derive(Clone, Debug)]
pub struct Disc {
    pub center: DVec3,
    pub normal: DVec3,
    pub radius: f64,
    pub hole_radius: f64,
}

/// A polynomial surface: zero on the surface, negative inside.
#[derive(Clone, Debug)]
pub struct Poly {
    pub order: u32,
    /// In POV-Ray's order: x's power falling slowest, then y's, then z's, each from the
    /// most the order leaves down to zero; `(order + 1)(order + 2)(order + 3) / 6` of them.
    pub coefficients: Vec<f64>,
}

/// `blob`: components whose fields add up; the surface is where the sum equals the
/// threshold, inside where it is more.
#[derive(Clone, Debug)]
pub struct Blob {
    pub threshold: f64,
    pub components: Vec<BlobComponent>,
}

#[derive(Clone, Debug)]
pub struct BlobComponent {
    pub kind: BlobKind,
    /// Negative strengths subtract from the field.
    pub strength: f64,
    /// The component's own transforms, applied after its placement.
    pub transform: DMat4,
    /// The component's own texture layers in the blob's space; empty when it takes
    /// the blob's texture.
    pub texture: Vec<Texture>,
}

/// A component's shape before its own transforms; radii are positive.
#[derive(Clone, Copy, Debug)]
pub enum BlobKind {
    Sphere {
        center: DVec3,
        radius: f64,
    },
    /// A cylinder from `base` to `apex` with hemispherical ends.
    Cylinder {
        base: DVec3,
        apex: DVec3,
        radius: f64,
    },
}

#[derive(Clone, Debug)]
pub struct MeshTriangle {
    pub vertices: [DVec3; 3],
    /// Per-vertex normals for smooth triangles.
    pub normals: Option<[DVec3; 3]>,
    /// Per-triangle texture override inside a mesh.
    pub texture: Option<Arc<Texture>>,
    /// The corners' surface coordinates (`uv_vectors`), when given; (0, 0) otherwise.
    pub uv: Option<Box<[DVec2; 3]>>,
}

/// An isosurface: where `function - threshold` is zero, inside where it is negative,
/// within its container.
#[derive(Clone, Debug)]
pub struct Isosurface {
    /// Of x, y and z.
    pub function: Arc<crate::sdl::function::Function>,
    pub container: Container,
    pub threshold: f64,
    /// The length below which the root search stops halving; positive.
    pub accuracy: f64,
    /// The bound on the function's slope the search relies on; positive.
    pub max_gradient: f64,
    /// `evaluate P0, P1, P2`: adapt max_gradient while rendering.
    pub evaluate: Option<[f64; 3]>,
    /// `open`: the container's surface does not show where it cuts the solid.
    pub open: bool,
    /// How many surfaces one ray reports, 1 to 10.
    pub max_trace: u32,
}

/// A parametric surface: the points (x(u,v), y(u,v), z(u,v)) for u and v in their
/// ranges, within its container.
#[derive(Clone, Debug)]
pub struct Parametric {
    /// x, y and z of (u, v): implicit functions, u and v their first two parameters.
    pub functions: [Arc<crate::sdl::function::Function>; 3],
    /// Low corner (u, v), each below or at the high one.
    pub uv_min: DVec2,
    pub uv_max: DVec2,
    pub container: Container,
    /// The (u, v) patch size below which the search stops halving; positive.
    pub accuracy: f64,
    /// The bound on the functions' slopes the search relies on; positive.
    pub max_gradient: f64,
    /// `precompute DEPTH, x, y, z`: the bounds tabulated before rendering.
    pub precompute: Option<ParametricPrecompute>,
}

/// Which functions' bounds to tabulate, and to how many halvings of the (u, v) range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParametricPrecompute {
    /// 1 to 20.
    pub depth: u32,
    /// For x, y and z.
    pub axes: [bool; 3],
}

/// `contained_by`: the region the isosurface is searched in.
#[derive(Clone, Debug)]
pub enum Container {
    /// Corners sorted: min, max.
    Box(DVec3, DVec3),
    Sphere {
        center: DVec3,
        radius: f64,
    },
}
