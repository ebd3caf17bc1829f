//! Textures: pigments, patterns, image maps, finishes, normals and interiors.

use std::sync::Arc;

use glam::{DMat4, DVec3};

use super::pattern::{FractalKind, Pattern, PatternKind};
use super::Colour;

/// One texture layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Texture {
    pub pigment: Pigment,
    /// Shared (see [`super::FinishTable`]).
    pub finish: Arc<Finish>,
    /// Boxed: most layers have none, and a normal is larger than the rest of the layer.
    pub normal: Option<Box<Normal>>,
    /// A patterned texture (`texture_map`, `checker texture { } texture { }`, ...):
    /// the layer is then its entries, picked by the pattern, and its own pigment,
    /// finish and normal are unused.
    pub map: Option<Box<TextureMap>>,
    /// `texture { uv_mapping ... }`: the layer is evaluated at the hit's surface
    /// coordinates `(u, v, 0)`, untouched by transforms from outside it.
    pub uv: bool,
}

impl Texture {
    /// Whether the layer, or anything in it, is `uv_mapping`: it needs a surface.
    pub fn uses_uv(&self) -> bool {
        self.uv
            || self.pigment.uses_uv()
            || self.normal.as_ref().is_some_and(|n| n.uv)
            || self
                .map
                .as_ref()
                .is_some_and(|m| m.entries.iter().any(|(_, e)| e.iter().any(Texture::uses_uv)))
    }

    /// Premultiplies the layer's pattern transforms by `m` (moving the texture from
    /// the space it was written in into a space `m` maps from).
    pub fn transform(&mut self, m: DMat4) {
        if self.uv {
            return;
        }
        if let Some(map) = &mut self.map {
            // The entries are evaluated in the pattern's space and follow it.
            map.pattern.transform(m);
            return;
        }
        self.pigment.transform(m);
        if let Some(n) = &mut self.normal {
            n.transform(m);
        }
    }
}

/// A pattern picking between textures: the entries either side of its value are
/// each shaded whole and their colours blended, as POV-Ray does.
#[derive(Clone, Debug, PartialEq)]
pub struct TextureMap {
    pub pattern: Pattern,
    /// Each entry's layers, bottom first, evaluated at the point in the pattern's
    /// space.
    pub entries: Vec<(f64, Vec<Texture>)>,
}

/// A pigment with its own transform (object space of the pigment to texture space).
#[derive(Clone, Debug, PartialEq)]
pub struct Pigment {
    pub pattern: PigmentPattern,
    /// Pigment space to object space; `None` for identity. Evaluation maps the
    /// object-space point through the inverse. Boxed, like [`super::Object::transform`].
    pub transform: Option<Box<DMat4>>,
}

impl Pigment {
    /// Whether the pigment, or one in its map, is `uv_mapping`: it needs a surface.
    pub fn uses_uv(&self) -> bool {
        match &self.pattern {
            PigmentPattern::Uv(_) => true,
            PigmentPattern::Mapped {
                map: Some(PigmentMap::Pigments(entries)),
                ..
            } => entries.iter().any(|(_, p)| p.uses_uv()),
            _ => false,
        }
    }

    pub fn solid(colour: Colour) -> Pigment {
        Pigment {
            pattern: PigmentPattern::Solid(colour),
            transform: None,
        }
    }

    /// Applies `m` after the pigment's own transforms: a patterned pigment's pattern
    /// takes it (POV-Ray's order with warps), any other keeps it in `transform`.
    pub fn transform(&mut self, m: DMat4) {
        match &mut self.pattern {
            PigmentPattern::Mapped { pattern, .. } | PigmentPattern::ImageMap(_, pattern) => {
                pattern.transform(m)
            }
            // POV-Ray moves the outer pattern, which a uv-mapped pigment does not use.
            PigmentPattern::Uv(_) => {}
            _ => {
                self.transform = Some(Box::new(match self.transform.as_deref() {
                    Some(e) => m * *e,
                    None => m,
                }))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum PigmentPattern {
    Solid(Colour),
    /// An image, with the pattern whose warps and transforms place it (its kind is
    /// unused).
    ImageMap(ImageMap, Box<Pattern>),
    /// A pattern whose value picks from a map: a colour map, a pigment map, or a
    /// list pattern's entries (value 0, 1, 2, ...). `None` takes the pattern's
    /// default map ([`default_colour_map`]), as POV-Ray does when the pigment is
    /// used.
    Mapped {
        pattern: Box<Pattern>,
        map: Option<PigmentMap>,
    },
    /// `pigment { uv_mapping ... }`: the pigment after `uv_mapping`, evaluated at the
    /// hit's surface coordinates `(u, v, 0)`.
    Uv(Box<Pigment>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PigmentMap {
    Colours(Vec<(f64, Colour)>),
    /// `pigment_map`, or a list pattern with a `pigment { }` among its entries: the
    /// entries are evaluated at the point in the pattern's space.
    Pigments(Vec<(f64, Pigment)>),
}

/// The colour map POV-Ray 3.7.0 gives a pattern used without one (its built-in
/// default maps: bozo, wood, radial, agate, marble, brick, mandel and the list patterns
/// have their own; every other pattern runs from black to white).
pub fn default_colour_map(kind: &PatternKind) -> Vec<(f64, Colour)> {
    let rgb = Colour::rgb;
    // The list patterns take their colours in order, at values 0, 1, 2, ...
    const BLUE_GREEN_RED: [(f64, f64, f64); 3] = [(0.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 0.0, 0.0)];
    const SIX: [(f64, f64, f64); 6] = [
        (1.0, 0.0, 0.0),
        (0.0, 1.0, 0.0),
        (0.0, 0.0, 1.0),
        (1.0, 1.0, 0.0),
        (0.0, 1.0, 1.0),
        (1.0, 0.0, 1.0),
    ];
    let list = |colours: &[(f64, f64, f64)], n: usize| {
        colours[..n]
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64, rgb(c.0, c.1, c.2)))
            .collect()
    };
    match kind {
        PatternKind::Checker => list(&BLUE_GREEN_RED, 2),
        PatternKind::Hexagon => list(&BLUE_GREEN_RED, 3),
        PatternKind::Square => list(&SIX, 4),
        PatternKind::Triangular | PatternKind::Cubic => list(&SIX, 6),
        PatternKind::Brick { .. } => vec![(0.0, rgb(0.5, 0.5, 0.5)), (1.0, rgb(0.6, 0.15, 0.15))],
        PatternKind::Bozo => vec![
            (0.4, rgb(1.0, 1.0, 1.0)),
            (0.4, rgb(0.0, 1.0, 0.0)),
            (0.6, rgb(0.0, 1.0, 0.0)),
            (0.6, rgb(0.0, 0.0, 1.0)),
            (0.8, rgb(0.0, 0.0, 1.0)),
            (0.8, rgb(1.0, 0.0, 0.0)),
        ],
        PatternKind::Wood => vec![(0.6, rgb(0.666, 0.312, 0.2)), (0.6, rgb(0.4, 0.1333, 0.066))],
        PatternKind::Radial => vec![
            (0.0, rgb(0.0, 1.0, 1.0)),
            (0.333, rgb(1.0, 1.0, 0.0)),
            (0.666, rgb(1.0, 0.0, 1.0)),
            (1.0, rgb(0.0, 1.0, 1.0)),
        ],
        PatternKind::Agate { .. } => vec![
            (0.0, rgb(1.0, 1.0, 1.0)),
            (0.5, rgb(0.95, 0.75, 0.5)),
            (0.5, rgb(0.9, 0.7, 0.5)),
            (0.6, rgb(0.9, 0.7, 0.4)),
            (0.6, rgb(1.0, 0.7, 0.4)),
            (1.0, rgb(0.6, 0.3, 0.0)),
        ],
        // Only mandel of exponent 2 (POV-Ray's MANDEL_PATTERN; other exponents are
        // pattern types of their own, with the grey map).
        PatternKind::Fractal(f) if f.kind == FractalKind::Mandel && f.exponent == 2 => vec![
            (0.001, rgb(0.0, 0.0, 0.0)),
            (0.001, rgb(0.0, 1.0, 1.0)),
            (0.012, rgb(1.0, 1.0, 0.0)),
            (0.015, rgb(1.0, 0.0, 1.0)),
            (0.1, rgb(0.0, 1.0, 1.0)),
        ],
        PatternKind::Marble => vec![
            (0.0, rgb(0.9, 0.8, 0.8)),
            (0.9, rgb(0.9, 0.08, 0.08)),
            (0.9, rgb(0.0, 0.0, 0.0)),
        ],
        _ => vec![(0.0, Colour::BLACK), (1.0, Colour::WHITE)],
    }
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
    /// `gamma`: how the file's values are decoded, instead of as sRGB.
    pub gamma: Option<FileGamma>,
}

/// The curve an image file's values are decoded with, when the scene names one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FileGamma {
    Srgb,
    /// Stored values are linear light raised to 1/this.
    Power(f64),
}

/// A decoded image: RGB as stored in the file (gamma-encoded, scaled to [0, 1]) plus
/// transmit from the alpha channel (1 - alpha), rows top first. The renderer decodes
/// gamma, because that depends on the scene's gamma settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageData {
    pub width: u32,
    pub height: u32,
    pub texels: Vec<Colour>,
    /// A grey PNG of 8 bits or fewer: POV-Ray 3.7 keeps its texels, once decoded, as
    /// 8-bit grey levels (see [`stored_grey_level`]).
    pub grey_levels: bool,
}

/// What POV-Ray 3.7 keeps of a decoded value `v` of a grey PNG of 8 bits or fewer: it
/// reads the file through a grey palette and stores each entry back as an 8-bit grey,
/// weighted by its single precision grey weights (which sum to a little under 1) and
/// truncated, so that many levels lose a step.
pub fn stored_grey_level(v: f64) -> f64 {
    let g = v.clamp(0.0, 1.0) as f32;
    let grey = g * 0.297 + g * 0.589 + g * 0.114;
    f64::from((grey * 255.0) as u8) / 255.0
}

/// An image read for `material_map`: one index per pixel, rows top first.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexImage {
    pub width: u32,
    pub height: u32,
    /// A paletted image's palette indices; any other image's red channel as POV-Ray
    /// reads it (0 to 255).
    pub indices: Vec<u16>,
}

/// `material_map`'s image as a pattern: its value at a point is the number of the
/// texture the pixel there picks.
#[derive(Clone, Debug, PartialEq)]
pub struct MaterialImage {
    pub image: Arc<IndexImage>,
    /// 0 planar, 1 spherical, 2 cylindrical.
    pub map_type: u32,
    pub once: bool,
    /// How many textures the map has: an index wraps round them.
    pub textures: usize,
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

/// `normal { ... }`: a pattern that tilts the shading normal, leaving the geometry
/// alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Normal {
    /// The pattern, with its warps and transforms. Bumps, dents, wrinkles, quilted,
    /// ripples and waves tilt the normal by formulas of their own; any other pattern
    /// by the slope of its value.
    pub pattern: Pattern,
    /// `bump_size`, or the amount after the pattern (POV-Ray's default 0.5).
    pub amount: f64,
    /// `accuracy`: the step of the slope estimate (POV-Ray's default 0.02).
    pub accuracy: f64,
    /// False after `no_bump_scale`: the tilt then does not follow the pattern's scale.
    pub scale_bumps: bool,
    pub map: NormalMap,
    /// False for a normal that has only modifiers so far (`#default { normal {
    /// bump_size 1.5 } }`): it tilts nothing, but normals started from it keep them.
    pub pattern_given: bool,
    /// `normal { uv_mapping ... }`: evaluated at the hit's surface coordinates
    /// `(u, v, 0)`, untouched by transforms from outside it.
    pub uv: bool,
}

impl Normal {
    /// `pattern` with POV-Ray's defaults.
    pub fn new(pattern: Pattern) -> Normal {
        Normal {
            pattern,
            amount: 0.5,
            accuracy: 0.02,
            scale_bumps: true,
            map: NormalMap::None,
            pattern_given: true,
            uv: false,
        }
    }

    /// Applies `m` after the normal's own transforms. Map entries are evaluated in
    /// the pattern's space, so they follow without a transform of their own.
    pub fn transform(&mut self, m: DMat4) {
        if !self.uv {
            self.pattern.transform(m);
        }
    }
}

/// What a normal's pattern value becomes.
#[derive(Clone, Debug, PartialEq)]
pub enum NormalMap {
    /// The value is the height whose slope tilts the normal.
    None,
    /// `slope_map`: (value, height, slope) entries, joined by Hermite curves.
    Slopes(Vec<(f64, f64, f64)>),
    /// `normal_map` or a list pattern's normals: the entries either side of the
    /// value tilt the normal and are blended; with `average`, each entry's value is
    /// its weight.
    Normals(Vec<(f64, Normal)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Interior {
    pub ior: f64,
    pub caustics: f64,
    pub fade_distance: f64,
    pub fade_power: f64,
    pub fade_colour: DVec3,
    /// Every `media { }`, in the space of the object that holds the interior.
    pub media: Vec<super::Media>,
}

impl Default for Interior {
    fn default() -> Self {
        Interior {
            ior: 1.0,
            caustics: 0.0,
            fade_distance: 0.0,
            fade_power: 0.0,
            fade_colour: DVec3::ZERO,
            media: Vec::new(),
        }
    }
}
