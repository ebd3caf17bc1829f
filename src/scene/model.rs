//! The evaluated scene: what the SDL evaluator produces and the renderer consumes.
//!
//! Everything here is plain data in world units, with POV-Ray's left-handed axes
//! (x right, y up, z into the screen). Transforms are stored as matrices that map
//! object space to world space.

use std::sync::Arc;

use glam::{DMat4, DVec3};

/// A colour with POV-Ray's filter and transmit channels (both 0 for opaque).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    pub rgb: DVec3,
    pub filter: f64,
    pub transmit: f64,
}

impl Colour {
    pub const BLACK: Colour = Colour::rgb(0.0, 0.0, 0.0);
    pub const WHITE: Colour = Colour::rgb(1.0, 1.0, 1.0);

    pub const fn rgb(r: f64, g: f64, b: f64) -> Colour {
        Colour {
            rgb: DVec3::new(r, g, b),
            filter: 0.0,
            transmit: 0.0,
        }
    }
}

/// A complete scene ready to render.
#[derive(Clone, Debug)]
pub struct Scene {
    pub camera: Camera,
    pub objects: Vec<Object>,
    pub lights: Vec<Light>,
    pub background: Colour,
    pub global: GlobalSettings,
    /// The `#version` in force at the end of parsing, or `None` when the scene set none.
    pub version: Option<f64>,
}

/// `global_settings` values the renderer uses.
#[derive(Clone, Debug)]
pub struct GlobalSettings {
    /// `None` when the scene does not set `assumed_gamma`.
    pub assumed_gamma: Option<f64>,
    pub ambient_light: DVec3,
    pub max_trace_level: u32,
    pub adc_bailout: f64,
    pub radiosity: Option<Radiosity>,
}

impl Default for GlobalSettings {
    fn default() -> Self {
        GlobalSettings {
            assumed_gamma: None,
            ambient_light: DVec3::ONE,
            max_trace_level: 5,
            adc_bailout: 1.0 / 255.0,
            radiosity: None,
        }
    }
}

/// `radiosity { ... }` settings, defaults as documented for POV-Ray 3.7.
#[derive(Clone, Debug, PartialEq)]
pub struct Radiosity {
    pub count: u32,
    pub nearest_count: u32,
    pub error_bound: f64,
    pub recursion_limit: u32,
    pub pretrace_start: f64,
    pub pretrace_end: f64,
    pub low_error_factor: f64,
    pub minimum_reuse: f64,
    pub maximum_reuse: f64,
    pub brightness: f64,
    pub gray_threshold: f64,
    pub adc_bailout: f64,
    pub always_sample: bool,
    pub normal: bool,
    pub media: bool,
}

impl Default for Radiosity {
    fn default() -> Self {
        Radiosity {
            count: 35,
            nearest_count: 5,
            error_bound: 1.8,
            recursion_limit: 2,
            pretrace_start: 0.08,
            pretrace_end: 0.04,
            low_error_factor: 0.5,
            minimum_reuse: 0.015,
            maximum_reuse: 0.2,
            brightness: 1.0,
            gray_threshold: 0.0,
            adc_bailout: 0.01,
            always_sample: false,
            normal: false,
            media: false,
        }
    }
}

/// The camera after all its modifiers have been applied.
///
/// A primary ray for normalised screen coordinates `(u, v)` in `[-0.5, 0.5]`
/// (u to the right, v up) has direction `direction + u * right + v * up` from
/// `location` (perspective), or starts at `location + u * right + v * up` with
/// direction `direction` (orthographic).
#[derive(Clone, Debug, PartialEq)]
pub struct Camera {
    pub projection: Projection,
    pub location: DVec3,
    pub direction: DVec3,
    pub right: DVec3,
    pub up: DVec3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Projection {
    Perspective,
    Orthographic,
}

/// One object: a shape with its transform, texture and flags.
#[derive(Clone, Debug)]
pub struct Object {
    pub shape: Shape,
    /// Object space to world space; `None` for identity.
    pub transform: Option<DMat4>,
    /// Layers bottom first; empty means "inherit from the parent CSG, else default".
    pub texture: Vec<Texture>,
    pub interior: Option<Interior>,
    /// `inverse`: swap inside and outside.
    pub inverse: bool,
    pub no_shadow: bool,
    pub no_reflection: bool,
    pub no_image: bool,
    /// `double_illuminate`.
    pub double_illuminate: bool,
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
        }
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
    Box {
        corner1: DVec3,
        corner2: DVec3,
    },
    /// Points p with `normal . p = distance` (normal not necessarily unit length in the
    /// source; stored normalised with distance scaled to match).
    Plane {
        normal: DVec3,
        distance: f64,
    },
    Cylinder {
        base: DVec3,
        cap: DVec3,
        radius: f64,
        open: bool,
    },
    Cone {
        base: DVec3,
        base_radius: f64,
        cap: DVec3,
        cap_radius: f64,
        open: bool,
    },
    /// In the xz plane, centred on the origin.
    Torus {
        major: f64,
        minor: f64,
    },
    Disc {
        center: DVec3,
        normal: DVec3,
        radius: f64,
        hole_radius: f64,
    },
    Triangle {
        a: DVec3,
        b: DVec3,
        c: DVec3,
    },
    SmoothTriangle {
        a: DVec3,
        na: DVec3,
        b: DVec3,
        nb: DVec3,
        c: DVec3,
        nc: DVec3,
    },
    Mesh {
        triangles: Arc<Vec<MeshTriangle>>,
    },
    Csg {
        op: CsgOp,
        children: Vec<Object>,
        cutaway_textures: bool,
    },
}

#[derive(Clone, Debug)]
pub struct MeshTriangle {
    pub vertices: [DVec3; 3],
    /// Per-vertex normals for smooth triangles.
    pub normals: Option<[DVec3; 3]>,
    /// Per-triangle texture override inside a mesh.
    pub texture: Option<Arc<Texture>>,
}

/// One texture layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Texture {
    pub pigment: Pigment,
    pub finish: Finish,
    pub normal: Option<Normal>,
}

/// A pigment with its own transform (object space of the pigment to texture space).
#[derive(Clone, Debug, PartialEq)]
pub struct Pigment {
    pub pattern: PigmentPattern,
    /// Pigment space to object space; `None` for identity. Evaluation maps the
    /// object-space point through the inverse.
    pub transform: Option<DMat4>,
}

impl Pigment {
    pub fn solid(colour: Colour) -> Pigment {
        Pigment {
            pattern: PigmentPattern::Solid(colour),
            transform: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum PigmentPattern {
    Solid(Colour),
    Checker(Box<Pigment>, Box<Pigment>),
    ImageMap(ImageMap),
    /// A pattern value in [0, 1] looked up in a colour map.
    Mapped {
        pattern: Pattern,
        map: Vec<(f64, Colour)>,
    },
}

/// Scalar patterns usable with a colour map.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    Gradient(DVec3),
    Radial,
    Onion,
    Leopard,
    Bozo,
    Marble,
    Wood,
    Agate,
    Granite,
    Spotted,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImageMap {
    pub image: Arc<ImageData>,
    /// 0 planar, 1 spherical, 2 cylindrical, 5 torus.
    pub map_type: u32,
    pub once: bool,
    /// 0 none, 2 bilinear, 4 normalised distance.
    pub interpolate: u32,
    /// Added to every texel's filter / transmit (`filter all`, `transmit all`).
    pub filter_all: f64,
    pub transmit_all: f64,
}

/// A decoded image: RGB as stored in the file (gamma-encoded, scaled to [0, 1]) plus
/// transmit from the alpha channel (1 - alpha), rows top first. The renderer decodes
/// gamma, because that depends on the scene's gamma settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageData {
    pub width: u32,
    pub height: u32,
    pub texels: Vec<Colour>,
}

/// `finish { ... }` with POV-Ray 3.7 defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Finish {
    pub ambient: DVec3,
    pub emission: DVec3,
    pub diffuse: f64,
    pub brilliance: f64,
    pub specular: f64,
    pub roughness: f64,
    pub phong: f64,
    pub phong_size: f64,
    pub metallic: f64,
    /// Reflection at normal incidence and at grazing angles (equal unless a range is given).
    pub reflection_min: DVec3,
    pub reflection_max: DVec3,
    pub reflection_falloff: f64,
    pub reflection_fresnel: bool,
    pub reflection_metallic: f64,
    /// `conserve_energy`.
    pub conserve_energy: bool,
}

impl Default for Finish {
    fn default() -> Self {
        Finish {
            ambient: DVec3::splat(0.1),
            emission: DVec3::ZERO,
            diffuse: 0.6,
            brilliance: 1.0,
            specular: 0.0,
            roughness: 0.05,
            phong: 0.0,
            phong_size: 40.0,
            metallic: 0.0,
            reflection_min: DVec3::ZERO,
            reflection_max: DVec3::ZERO,
            reflection_falloff: 1.0,
            reflection_fresnel: false,
            reflection_metallic: 0.0,
            conserve_energy: false,
        }
    }
}

/// Surface normal perturbation.
#[derive(Clone, Debug, PartialEq)]
pub struct Normal {
    pub kind: NormalPattern,
    pub amount: f64,
    pub transform: Option<DMat4>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NormalPattern {
    Bumps,
    Dents,
    Ripples,
    Waves,
    Wrinkles,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Interior {
    pub ior: f64,
    pub caustics: f64,
    pub fade_distance: f64,
    pub fade_power: f64,
    pub fade_colour: DVec3,
}

impl Default for Interior {
    fn default() -> Self {
        Interior {
            ior: 1.0,
            caustics: 0.0,
            fade_distance: 0.0,
            fade_power: 0.0,
            fade_colour: DVec3::ZERO,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Light {
    pub position: DVec3,
    pub colour: DVec3,
    pub kind: LightKind,
    pub area: Option<AreaLight>,
    pub shadowless: bool,
    pub fade_distance: f64,
    pub fade_power: f64,
    /// Lights inside an object's definition are tied to it; POV-Ray's `looks_like`
    /// is not modelled.
    pub media_interaction: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LightKind {
    Point,
    Spot {
        point_at: DVec3,
        /// Degrees.
        radius: f64,
        falloff: f64,
        tightness: f64,
    },
    Cylinder {
        point_at: DVec3,
        radius: f64,
        falloff: f64,
        tightness: f64,
    },
    Parallel {
        point_at: DVec3,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct AreaLight {
    pub axis1: DVec3,
    pub axis2: DVec3,
    pub size1: u32,
    pub size2: u32,
    pub adaptive: u32,
    pub jitter: bool,
    pub circular: bool,
    pub orient: bool,
}
