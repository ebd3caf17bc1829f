//! Patterns as the scene describes them: which pattern, its warps and transforms, its
//! turbulence, and how its value is shaped (frequency, phase, wave).
//!
//! The evaluation is [`crate::render::pattern`]; this is plain data.

use std::sync::Arc;

use glam::{DMat4, DVec2, DVec3};

use crate::sdl::function::Function;

/// A pattern: a value at each point of space, in [0, 1] for most kinds.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    /// Warps and transforms, outermost first: a point is taken through them in this
    /// order on its way to pattern space. A transform after a warp acts before it, as
    /// in POV-Ray, where each modifier wraps those before it.
    pub warps: Vec<Warp>,
    /// The pattern's own `turbulence` (with `octaves`, `omega`, `lambda`): always the
    /// innermost warp, whatever the order it was written in. Marble and wood fold it
    /// into their own formula instead.
    pub turbulence: Option<Turbulence>,
    pub wave: Wave,
    pub frequency: f64,
    pub phase: f64,
    /// `noise_generator` of this pattern (1 to 3); `None` takes the scene's.
    pub noise_generator: Option<u8>,
}

impl Pattern {
    /// A pattern of `kind` with POV-Ray's defaults (see [`Pattern::set_kind`]).
    pub fn new(kind: PatternKind) -> Pattern {
        Pattern {
            frequency: if kind.is_list_pattern() { 0.0 } else { 1.0 },
            kind,
            warps: Vec::new(),
            turbulence: None,
            wave: Wave::Default,
            phase: 0.0,
            noise_generator: None,
        }
    }

    /// Makes `kind` the pattern's kind with the defaults POV-Ray's pattern keyword
    /// brings: the list patterns (checker, hexagon, brick, cubic, square, triangular)
    /// take no frequency (their values 0, 1, 2, ... are not wrapped).
    pub fn set_kind(&mut self, kind: PatternKind) {
        if kind.is_list_pattern() {
            self.frequency = 0.0;
        }
        self.kind = kind;
    }

    /// Applies a transform (pattern space to the space outside it) after everything
    /// the pattern has so far: composed into a transform that is already outermost,
    /// else wrapped around the warps.
    pub fn transform(&mut self, m: DMat4) {
        match self.warps.first_mut() {
            Some(Warp::Transform(outer)) => *outer = m * *outer,
            _ => self.warps.insert(0, Warp::Transform(m)),
        }
    }

    /// The classic turbulence, made with POV-Ray's defaults on first use.
    pub fn turbulence_mut(&mut self) -> &mut Turbulence {
        self.turbulence.get_or_insert_with(Turbulence::default)
    }
}

/// What the pattern computes at a point of pattern space.
/// The object of an `object` pattern (its textures dropped: only its inside counts);
/// patterns compare equal when they share it.
#[derive(Clone, Debug)]
pub struct ObjectShape(pub std::sync::Arc<super::Object>);

impl PartialEq for ObjectShape {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    Agate {
        /// `agate_turb` (default 1).
        turbulence: f64,
    },
    Bozo,
    Spotted,
    Granite,
    Leopard,
    Marble,
    Wood,
    Onion,
    Radial,
    Gradient(DVec3),
    /// `function { ... }` as a pattern.
    Function(SharedFunction),
    /// `checker` as a value pattern: 0 or 1.
    Checker,
    /// `object { OBJECT ... }`: 1 inside the object, 0 outside.
    Object(ObjectShape),
    Boxed,
    Cylindrical,
    Spherical,
    Planar,
    /// 0 to 5, one for each of the six pyramids around the axes.
    Cubic,
    /// 0 to 3 in the x-z plane.
    Square,
    /// 0 to 5 in the x-z plane.
    Triangular,
    /// 0, 1 or 2 in the x-z plane.
    Hexagon,
    /// `brick`: `brick_size` (default <8, 3, 4.5>) and `mortar` (default 0.5); 0 in the
    /// mortar, 1 in a brick.
    Brick {
        size: DVec3,
        mortar: f64,
    },
    Wrinkles,
    Bumps,
    Dents,
    /// `spiral1 ARMS` (POV-Ray keeps the number of arms as a 16-bit integer; see
    /// [`PatternKind::spiral_arms`]).
    Spiral1 {
        arms: i16,
    },
    Spiral2 {
        arms: i16,
    },
    /// `quilted` with `control0` and `control1` (both default 1).
    Quilted {
        control0: f64,
        control1: f64,
    },
    Cells,
    /// `crackle` with `form` (default <-1, 1, 0>), `metric` (default 2), `offset`
    /// (default 0) and `solid`.
    Crackle {
        form: DVec3,
        metric: f64,
        offset: f64,
        solid: bool,
    },
    /// `average`: no value of its own; its map's entries are averaged, each
    /// weighted by its value.
    Average,
    /// `pigment_pattern { PIGMENT }`: the grey of the pigment's colour.
    PigmentPattern(Box<crate::scene::Pigment>),
    /// `mandel`, `julia` and `magnet`: see [`Fractal`].
    Fractal(Fractal),
    /// `ripples`: rings around POV-Ray's wave sources, with frequency and phase
    /// applied inside the pattern as well as after it.
    Ripples,
    /// `waves`: like ripples, each source with its own frequency.
    Waves,
    /// `density_file df3 "file"` with `interpolate` (POV-Ray's integer: 0 none, 1
    /// trilinear, anything else tricubic, taken modulo 10).
    DensityFile {
        file: Arc<crate::scene::DensityFile>,
        interpolate: i32,
    },
    /// `tiling N`: one of POV-Ray 3.7's 27 tilings of the x-z plane (1 to 27).
    Tiling(u8),
    /// `material_map`'s image: the number (0, 1, 2, ...) of the texture each pixel
    /// picks.
    MaterialMap(Box<crate::scene::MaterialImage>),
    /// `image_pattern`: the image's greyscale (or its transparency) as the value.
    ImagePattern(Box<ImageValue>),
    /// `bump_map`: an image of heights tilting a normal.
    BumpMap(Box<ImageValue>),
    /// `slope`: how steeply the surface faces a direction, mixed with a height.
    Slope(Box<SlopeSettings>),
    /// `aoi`: the angle at which the ray meets the surface.
    Aoi,
}

/// `slope { [point_at] <V> [, lo, hi] [altitude <A> [, lo, hi]] }` as POV-Ray keeps it:
/// unit vectors, their lengths turned into weights that sum to 1, and each range as
/// (low, high - low), (0, 0) for none.
#[derive(Clone, Debug, PartialEq)]
pub struct SlopeSettings {
    /// The direction the surface's normal is compared with (a point for `point_at`).
    pub direction: DVec3,
    pub slope_weight: f64,
    pub slope_range: (f64, f64),
    pub altitude: DVec3,
    pub altitude_weight: f64,
    pub altitude_range: (f64, f64),
    pub point_at: bool,
}

/// An image read as data (`image_pattern`, `bump_map`): its stored values, not
/// gamma-decoded unless the scene names a `gamma` for the file.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageValue {
    pub map: crate::scene::ImageMap,
    /// `use_alpha`: the value is the texel's transparency (its red where the image has
    /// no alpha channel).
    pub use_alpha: bool,
    /// A `bump_map`'s palette indices (`use_index` on a paletted image), its heights.
    pub indices: Option<std::sync::Arc<crate::scene::IndexImage>>,
}

impl PatternKind {
    /// The number of arms POV-Ray keeps for `spiral1 A` / `spiral2 A`: the float
    /// truncated to a 32-bit integer (anything out of range or NaN gives the
    /// smallest one, as its x86-64 build does), then to 16 bits.
    pub fn spiral_arms(a: f64) -> i16 {
        let i = if a > -2_147_483_649.0 && a < 2_147_483_648.0 {
            a as i32
        } else {
            i32::MIN
        };
        i as i16
    }

    /// `brick` with POV-Ray's default size and mortar.
    pub fn brick() -> PatternKind {
        PatternKind::Brick {
            size: DVec3::new(8.0, 3.0, 4.5),
            mortar: 0.5,
        }
    }

    /// `quilted` with POV-Ray's default controls.
    pub fn quilted() -> PatternKind {
        PatternKind::Quilted {
            control0: 1.0,
            control1: 1.0,
        }
    }

    /// `crackle` with POV-Ray's defaults.
    pub fn crackle() -> PatternKind {
        PatternKind::Crackle {
            form: DVec3::new(-1.0, 1.0, 0.0),
            metric: 2.0,
            offset: 0.0,
            solid: false,
        }
    }

    /// Whether POV-Ray gives the pattern a list of colours (its values are whole
    /// numbers, used without frequency).
    pub fn is_list_pattern(&self) -> bool {
        matches!(
            self,
            PatternKind::Checker
                | PatternKind::Object(_)
                | PatternKind::Hexagon
                | PatternKind::Brick { .. }
                | PatternKind::Cubic
                | PatternKind::Square
                | PatternKind::Triangular
        )
    }

    /// How many entries a list pattern takes (`checker A, B`, `hexagon A, B, C`, ...);
    /// `None` for the other patterns.
    pub fn list_size(&self) -> Option<usize> {
        Some(match self {
            PatternKind::Checker | PatternKind::Brick { .. } | PatternKind::Object(_) => 2,
            PatternKind::Hexagon => 3,
            PatternKind::Square => 4,
            PatternKind::Cubic | PatternKind::Triangular => 6,
            _ => return None,
        })
    }

    /// The wave a pattern has unless one is given: POV-Ray gives marble, wood and the
    /// spirals a triangle wave, every other pattern a ramp.
    pub fn default_wave(&self) -> Wave {
        match self {
            PatternKind::Marble
            | PatternKind::Wood
            | PatternKind::Spiral1 { .. }
            | PatternKind::Spiral2 { .. } => Wave::Triangle,
            _ => Wave::Ramp,
        }
    }
}

/// Which fractal iteration a fractal pattern runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FractalKind {
    /// `mandel`: z -> z^exponent + point.
    Mandel,
    /// `julia <c>`: z -> z^exponent + c, starting at the point.
    Julia(DVec2),
    /// `magnet 1 mandel` and `magnet 2 mandel` (`second` for type 2).
    MagnetMandel { second: bool },
    /// `magnet 1 julia <c>` and `magnet 2 julia <c>`.
    MagnetJulia { second: bool, c: DVec2 },
}

/// A fractal pattern's settings, POV-Ray's defaults from [`Fractal::new`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fractal {
    pub kind: FractalKind,
    /// The most iterations per point.
    pub iterations: u32,
    /// The power of `mandel` and `julia`: 2 to [`Fractal::MAX_EXPONENT`] (magnets keep 2).
    pub exponent: u32,
    /// `exterior TYPE, FACTOR`: how points that escape get their value (types 0 to 6).
    pub exterior: (u8, f64),
    /// `interior TYPE, FACTOR`: how points that never escape get theirs (types 0 to 6).
    pub interior: (u8, f64),
}

impl Fractal {
    /// POV-Ray 3.7's highest fractal exponent.
    pub const MAX_EXPONENT: u32 = 33;
    /// The most exterior type POV-Ray 3.7.0 takes.
    pub const MAX_EXTERIOR: u8 = 6;
    /// The most interior type POV-Ray takes.
    pub const MAX_INTERIOR: u8 = 6;

    /// A fractal with POV-Ray's defaults: exponent 2, exterior type 1 with factor 1
    /// (the escape iteration over the iteration count), interior type 0 with factor 1
    /// (a constant 1).
    pub fn new(kind: FractalKind, iterations: u32) -> Fractal {
        Fractal {
            kind,
            iterations,
            exponent: 2,
            exterior: (1, 1.0),
            interior: (0, 1.0),
        }
    }
}

/// A compiled function shared by every pattern that uses it; patterns compare equal
/// when they share the same one.
#[derive(Clone, Debug)]
pub struct SharedFunction(pub Arc<Function>);

impl PartialEq for SharedFunction {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// One step of a pattern's way from the outside to pattern space.
#[derive(Clone, Debug, PartialEq)]
pub enum Warp {
    /// A transform from pattern space to the space outside it.
    Transform(DMat4),
    /// `warp { turbulence ... }`.
    Turbulence(Turbulence),
    /// `warp { black_hole ... }`.
    BlackHole(BlackHole),
    /// `warp { repeat ... }`.
    Repeat(Repeat),
    /// `warp { planar [<normal>, offset] }`, `cylindrical`, `spherical`, `toroidal`
    /// and `cubic`: space mapped onto a plane.
    Mapping(Mapping),
}

/// `warp { black_hole <centre>, radius ... }`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlackHole {
    pub centre: DVec3,
    pub radius: f64,
    /// `strength` (default 1).
    pub strength: f64,
    /// `falloff` (default 2): the power of the distance from the edge.
    pub falloff: f64,
    /// `inverse`: points pushed out instead of pulled in.
    pub inverse: bool,
    /// `type` (default 0); only type 0 moves points.
    pub kind: i32,
    /// `repeat <v>`: the hole repeated every `v` along each axis with a non-zero
    /// component; `None` without `repeat`.
    pub repeat: Option<DVec3>,
    /// `turbulence <v>` inside the black hole: each repeated hole's centre moved by a
    /// random amount up to `v`; `None` without it.
    pub uncertainty: Option<DVec3>,
}

impl BlackHole {
    /// A black hole with POV-Ray's defaults.
    pub fn new(centre: DVec3, radius: f64) -> BlackHole {
        BlackHole {
            centre,
            radius,
            strength: 1.0,
            falloff: 2.0,
            inverse: false,
            kind: 0,
            repeat: None,
            uncertainty: None,
        }
    }
}

/// `warp { repeat <v> offset <o> flip <f> }`: space cut into slabs along one axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Repeat {
    /// 0, 1 or 2 for x, y or z.
    pub axis: usize,
    /// The slab width: the vector's component on the axis (may be negative).
    pub width: f64,
    /// Added once per slab number.
    pub offset: DVec3,
    /// -1 on the axes `flip` names, else 1: odd slabs are mirrored on those.
    pub flip: DVec3,
}

/// The shape a mapping warp wraps space around.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MappingShape {
    /// `planar <normal>, offset`: (x, y, offset).
    Planar {
        offset: f64,
    },
    Cylindrical,
    Spherical,
    /// `toroidal major_radius R` (default 1).
    Toroidal {
        major_radius: f64,
    },
    /// `cubic`: the six faces of a cube unfolded, as a box's uv mapping.
    Cubic,
}

/// A mapping warp: the point's coordinates on `shape` as (u, v, distance), then
/// turned so that z points along `orientation`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mapping {
    pub shape: MappingShape,
    /// Normalized `orientation` (default z).
    pub orientation: DVec3,
    /// `dist_exp` (default 0): u and v are scaled by the distance to this power.
    pub dist_exp: f64,
}

impl Mapping {
    /// A mapping warp with POV-Ray's defaults.
    pub fn new(shape: MappingShape) -> Mapping {
        Mapping {
            shape,
            orientation: DVec3::Z,
            dist_exp: 0.0,
        }
    }
}

/// Turbulence: a displacement by vector noise summed over octaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Turbulence {
    /// How far each axis is displaced.
    pub amount: DVec3,
    pub octaves: u32,
    pub omega: f64,
    pub lambda: f64,
}

impl Default for Turbulence {
    /// POV-Ray's defaults: no displacement until `turbulence` gives one, 6 octaves,
    /// omega 0.5, lambda 2.
    fn default() -> Turbulence {
        Turbulence {
            amount: DVec3::ZERO,
            octaves: 6,
            omega: 0.5,
            lambda: 2.0,
        }
    }
}

/// How a pattern's value is shaped after frequency and phase.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Wave {
    /// No wave given: the kind's own ([`PatternKind::default_wave`]).
    Default,
    Ramp,
    Sine,
    Triangle,
    Scallop,
    Cubic,
    Poly(f64),
}
