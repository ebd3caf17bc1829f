//! Pigments compiled for fast evaluation: patterns, colour maps and image maps.

use std::collections::HashMap;
use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::budget::{MemoryBudget, OverBudget};
use crate::render::pattern::{bracket, CompiledPattern};
use crate::render::texture::image_mapping::ImageGrid;
use crate::scene::pattern::PatternKind;
use crate::scene::{
    default_colour_map, stored_grey_level, Colour, FileGamma, ImageData, ImageMap, Pigment, PigmentMap,
    PigmentPattern,
};

/// Linear-light colour with filter and transmit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paint {
    pub rgb: DVec3,
    pub filter: f64,
    pub transmit: f64,
}

impl Paint {
    pub fn from_colour(c: &Colour) -> Paint {
        Paint {
            rgb: c.rgb,
            filter: c.filter,
            transmit: c.transmit,
        }
    }

    /// POV-Ray's grey of the colour (0.297 red, 0.589 green, 0.114 blue), in single
    /// precision as POV-Ray holds colours.
    pub fn grey(&self) -> f64 {
        f64::from((0.297 * self.rgb.x + 0.589 * self.rgb.y + 0.114 * self.rgb.z) as f32)
    }

    pub fn opacity(&self) -> f64 {
        (1.0 - self.filter - self.transmit).clamp(0.0, 1.0)
    }

    fn lerp(a: Paint, b: Paint, t: f64) -> Paint {
        Paint {
            rgb: a.rgb + (b.rgb - a.rgb) * t,
            filter: a.filter + (b.filter - a.filter) * t,
            transmit: a.transmit + (b.transmit - a.transmit) * t,
        }
    }
}

#[derive(Clone, Debug)]
pub struct CompiledPigment {
    kind: Kind,
    /// Texture space to pattern space.
    to_pattern: Option<Box<DMat4>>,
}

#[derive(Clone, Debug)]
enum Kind {
    Solid(Paint),
    Image(Box<CompiledPattern>, CompiledImage),
    /// A pattern's value looked up in a colour map.
    Mapped(Box<CompiledPattern>, Vec<(f64, Paint)>),
    /// A pattern's value picking between pigments, evaluated in the pattern's space.
    Pigments(Box<CompiledPattern>, Vec<(f64, CompiledPigment)>),
    /// `average`: the pigments weighted by their values.
    Average(Box<CompiledPattern>, Vec<(f64, CompiledPigment)>),
    /// `uv_mapping`: the pigment evaluated at the surface coordinates `(u, v, 0)`.
    Uv(Box<CompiledPigment>),
}

#[derive(Clone, Debug)]
struct CompiledImage {
    grid: ImageGrid,
    texels: Arc<Texels>,
}

/// An image's texels in linear light, shared by every pigment that maps it.
#[derive(Debug)]
struct Texels {
    paints: Vec<Paint>,
    /// No texel lets light through.
    opaque: bool,
}

/// Converts a stored image's encoded values to linear light.
pub type Decoder<'a> = &'a dyn Fn(f64, Option<FileGamma>) -> f64;

/// Converts each image once per world, however many pigments map it (forty spheres
/// wearing one photograph hold one copy of it), within the job's memory budget.
pub struct ImageTexels<'a> {
    decode: Decoder<'a>,
    memory: MemoryBudget,
    /// Keyed by the decoded image's address, the `filter all` / `transmit all` bits
    /// and the file's decoding curve.
    converted: HashMap<(usize, u64, u64, Option<u64>), Arc<Texels>>,
}

impl<'a> ImageTexels<'a> {
    pub fn new(decode: Decoder<'a>, memory: MemoryBudget) -> ImageTexels<'a> {
        ImageTexels {
            decode,
            memory,
            converted: HashMap::new(),
        }
    }

    /// The budget the images are decoded within.
    pub fn memory(&self) -> MemoryBudget {
        self.memory
    }

    fn texels(&mut self, map: &ImageMap) -> Result<Arc<Texels>, OverBudget> {
        let key = (
            Arc::as_ptr(&map.image) as usize,
            map.filter_all.to_bits(),
            map.transmit_all.to_bits(),
            map.gamma.map(|g| match g {
                FileGamma::Srgb => u64::MAX,
                FileGamma::Power(g) => g.to_bits(),
            }),
        );
        if let Some(texels) = self.converted.get(&key) {
            return Ok(texels.clone());
        }
        let image: &ImageData = &map.image;
        self.memory
            .reserve((image.texels.len() * std::mem::size_of::<Paint>()) as u64)?;
        let decode = self.decode;
        let gamma = map.gamma;
        let decode = |v: f64, gamma| {
            let linear = decode(v, gamma);
            if image.grey_levels {
                stored_grey_level(linear)
            } else {
                linear
            }
        };
        let paints: Vec<Paint> = image
            .texels
            .iter()
            .map(|c| Paint {
                rgb: DVec3::new(
                    decode(c.rgb.x, gamma),
                    decode(c.rgb.y, gamma),
                    decode(c.rgb.z, gamma),
                ),
                filter: (c.filter + map.filter_all).clamp(0.0, 1.0),
                transmit: (c.transmit + map.transmit_all).clamp(0.0, 1.0),
            })
            .collect();
        let opaque = paints.iter().all(|p| p.filter == 0.0 && p.transmit == 0.0);
        let texels = Arc::new(Texels { paints, opaque });
        self.converted.insert(key, texels.clone());
        Ok(texels)
    }
}

impl CompiledPigment {
    /// `noise_generator` is the scene's (`global_settings { noise_generator N }`),
    /// which patterns without their own use.
    pub fn compile_in(
        pigment: &Pigment,
        images: &mut ImageTexels,
        noise_generator: u8,
    ) -> Result<CompiledPigment, OverBudget> {
        let kind = match &pigment.pattern {
            PigmentPattern::Solid(c) => Kind::Solid(Paint::from_colour(c)),
            PigmentPattern::Uv(inner) => {
                return Ok(CompiledPigment {
                    kind: Kind::Uv(Box::new(CompiledPigment::compile_in(
                        inner,
                        images,
                        noise_generator,
                    )?)),
                    to_pattern: None,
                })
            }
            PigmentPattern::ImageMap(map, place) => {
                let place = CompiledPattern::compile_in(
                    place,
                    pigment.transform.as_deref().copied(),
                    noise_generator,
                );
                return Ok(CompiledPigment {
                    kind: Kind::Image(
                        Box::new(place),
                        CompiledImage {
                            grid: ImageGrid::of_map(map),
                            texels: images.texels(map)?,
                        },
                    ),
                    to_pattern: None,
                });
            }
            PigmentPattern::Mapped { pattern, map } => {
                // The pattern takes the pigment's transform in with its own.
                let mut compiled = Box::new(CompiledPattern::compile_in(
                    pattern,
                    pigment.transform.as_deref().copied(),
                    noise_generator,
                ));
                compiled.compile_pigments(images, noise_generator)?;
                let paints =
                    |map: &[(f64, Colour)]| map.iter().map(|(v, c)| (*v, Paint::from_colour(c))).collect();
                let kind = match map {
                    None => Kind::Mapped(compiled, paints(&default_colour_map(&pattern.kind))),
                    Some(PigmentMap::Colours(map)) if map.is_empty() => {
                        Kind::Mapped(compiled, paints(&default_colour_map(&pattern.kind)))
                    }
                    Some(PigmentMap::Pigments(entries)) if entries.is_empty() => {
                        Kind::Mapped(compiled, paints(&default_colour_map(&pattern.kind)))
                    }
                    Some(PigmentMap::Colours(map)) if pattern.kind == PatternKind::Average => {
                        let solid = map
                            .iter()
                            .map(|(v, c)| (*v, CompiledPigment::solid(Paint::from_colour(c))))
                            .collect();
                        Kind::Average(compiled, solid)
                    }
                    Some(PigmentMap::Colours(map)) => Kind::Mapped(compiled, paints(map)),
                    Some(PigmentMap::Pigments(entries)) => {
                        let entries = entries
                            .iter()
                            .map(|(v, p)| Ok((*v, CompiledPigment::compile_in(p, images, noise_generator)?)))
                            .collect::<Result<Vec<_>, OverBudget>>()?;
                        if pattern.kind == PatternKind::Average {
                            Kind::Average(compiled, entries)
                        } else {
                            Kind::Pigments(compiled, entries)
                        }
                    }
                };
                return Ok(CompiledPigment {
                    kind,
                    to_pattern: None,
                });
            }
        };
        Ok(CompiledPigment {
            kind,
            to_pattern: pigment
                .transform
                .as_deref()
                .copied()
                .filter(|m| m.determinant().abs() > 1e-300)
                .map(|m| Box::new(m.inverse())),
        })
    }

    fn solid(paint: Paint) -> CompiledPigment {
        CompiledPigment {
            kind: Kind::Solid(paint),
            to_pattern: None,
        }
    }

    pub fn is_opaque(&self) -> bool {
        match &self.kind {
            Kind::Solid(p) => p.filter == 0.0 && p.transmit == 0.0,
            Kind::Image(_, img) => img.texels.opaque && !img.grid.once,
            Kind::Mapped(_, map) => map.iter().all(|(_, p)| p.filter == 0.0 && p.transmit == 0.0),
            Kind::Pigments(_, entries) | Kind::Average(_, entries) => {
                entries.iter().all(|(_, p)| p.is_opaque())
            }
            Kind::Uv(inner) => inner.is_opaque(),
        }
    }

    /// The paint at `p` where no surface is known: a `uv_mapping` pigment takes `p`
    /// for its surface coordinates.
    pub fn eval(&self, p: DVec3) -> Paint {
        self.eval_at(p, None)
    }

    /// The paint at `p` on a surface whose coordinates are `uv` (`(u, v, 0)`), when
    /// known.
    pub fn eval_at(&self, p: DVec3, uv: Option<DVec3>) -> Paint {
        let p = match &self.to_pattern {
            Some(m) => m.transform_point3(p),
            None => p,
        };
        match &self.kind {
            Kind::Solid(c) => *c,
            Kind::Image(place, img) => img.eval(place.warp(p)),
            Kind::Mapped(pattern, map) => lookup(map, pattern.value(p)),
            Kind::Pigments(pattern, entries) => {
                let q = pattern.warp(p);
                let value = pattern.evaluate(q);
                let ((a, b), t) = bracket(entries, value, |e| e.0);
                let cur = entries[b].1.eval_at(q, uv);
                if a == b {
                    cur
                } else {
                    Paint::lerp(entries[a].1.eval_at(q, uv), cur, t)
                }
            }
            Kind::Average(pattern, entries) => {
                let q = pattern.warp(p);
                // POV-Ray sums the weights in single precision.
                let mut sum = Paint {
                    rgb: DVec3::ZERO,
                    filter: 0.0,
                    transmit: 0.0,
                };
                let mut total = 0.0f32;
                for (weight, entry) in entries {
                    let w = *weight as f32 as f64;
                    let e = entry.eval_at(q, uv);
                    sum.rgb += e.rgb * w;
                    sum.filter += e.filter * w;
                    sum.transmit += e.transmit * w;
                    total += *weight as f32;
                }
                if total != 0.0 {
                    let total = total as f64;
                    sum.rgb /= total;
                    sum.filter /= total;
                    sum.transmit /= total;
                }
                sum
            }
            Kind::Uv(inner) => {
                let at = uv.unwrap_or(p);
                inner.eval_at(at, Some(at))
            }
        }
    }
}

impl CompiledImage {
    fn eval(&self, p: DVec3) -> Paint {
        let Some((x, y)) = self.grid.locate(p) else {
            // Off the image: clear, as POV-Ray leaves it.
            return Paint {
                rgb: DVec3::ONE,
                filter: 0.0,
                transmit: 1.0,
            };
        };
        let mut sum = Paint {
            rgb: DVec3::ZERO,
            filter: 0.0,
            transmit: 0.0,
        };
        for (at, weight) in self.grid.taps(x, y).iter() {
            let t = self.texels.paints[at];
            sum.rgb += t.rgb * weight;
            sum.filter += t.filter * weight;
            sum.transmit += t.transmit * weight;
        }
        sum
    }
}

/// The colour of a colour map at `v`: its first entry below the first value, its last
/// above the last, blended linearly between.
pub(crate) fn lookup(map: &[(f64, Paint)], v: f64) -> Paint {
    let Some(first) = map.first() else {
        return Paint::from_colour(&Colour::BLACK);
    };
    if v <= first.0 {
        return first.1;
    }
    for pair in map.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if v <= b.0 {
            let span = b.0 - a.0;
            let t = if span > 0.0 { (v - a.0) / span } else { 1.0 };
            return Paint::lerp(a.1, b.1, t);
        }
    }
    map[map.len() - 1].1
}
