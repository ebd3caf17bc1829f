//! Pattern evaluation: a point is taken through the pattern's warps and turbulence to
//! pattern space, the pattern's kind gives a value there, and frequency, phase and wave
//! shape it, in POV-Ray 3.7's order.

mod black_hole;
mod cells;
mod density;
mod fractal;
mod kinds;
pub use kinds::{material_index, quilt_cubic, quilt_offset};
mod mapping;
mod object;
mod repeat;
mod ripples;
pub mod surface;
mod tiling;
mod warp;
mod wave;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fractal;
#[cfg(test)]
mod tests_pigment_pattern;
#[cfg(test)]
mod tests_tiling;
#[cfg(test)]
mod tests_warps;

use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::budget::OverBudget;
use crate::render::texture::pigment::{CompiledPigment, ImageTexels};
use crate::render::texture::povray_noise::NoiseGenerator;
use crate::scene::pattern::{BlackHole, Mapping, Pattern, PatternKind, Repeat, Turbulence, Warp, Wave};

pub use black_hole::check as check_black_hole;
pub use cells::trunc_i32;
use ripples::WaveSources;
pub use ripples::{DEFAULT_WAVES, MAX_WAVES};

/// A pattern ready to evaluate: its transforms inverted once.
#[derive(Clone, Debug)]
pub struct CompiledPattern {
    kind: PatternKind,
    steps: Vec<Step>,
    turbulence: Option<Turbulence>,
    wave: Wave,
    frequency: f64,
    phase: f64,
    /// The pattern's own noise generator, else the scene's.
    generator: NoiseGenerator,
    /// The wave sources of `ripples` and `waves`.
    waves: Option<Arc<WaveSources>>,
    /// A `pigment_pattern`'s pigment, once [`CompiledPattern::compile_pigments`] has
    /// compiled it.
    pigment: Option<Box<CompiledPigment>>,
    /// An `object` pattern's object, compiled on its own by
    /// [`CompiledPattern::compile_pigments`].
    inside: Option<object::Inside>,
}

/// A warp as evaluation applies it.
#[derive(Clone, Debug)]
enum Step {
    /// Outside to pattern space.
    Inverse(DMat4),
    Turbulence(Turbulence),
    BlackHole(BlackHole),
    Repeat(Repeat),
    Mapping(Mapping),
}

impl CompiledPattern {
    /// `outer` is a transform applied to the pattern from outside (a pigment's or a
    /// texture's); a point goes through its inverse first. It is folded into the
    /// pattern's own outermost transform, so that the two are inverted as one.
    /// `scene_generator` is the scene's `noise_generator`, used unless the pattern
    /// has its own (a number outside 1 to 3 is taken as 2).
    pub fn compile_in(pattern: &Pattern, outer: Option<DMat4>, scene_generator: u8) -> CompiledPattern {
        let mut warps = pattern.warps.as_slice();
        let mut steps = Vec::with_capacity(warps.len() + 1);
        let mut first = outer;
        if let Some(Warp::Transform(m)) = warps.first() {
            first = Some(outer.map_or(*m, |o| o * *m));
            warps = &warps[1..];
        }
        if let Some(m) = first.filter(|m| m.determinant().abs() > 1e-300) {
            steps.push(Step::Inverse(m.inverse()));
        }
        for w in warps {
            steps.push(match w {
                Warp::Transform(m) if m.determinant().abs() > 1e-300 => Step::Inverse(m.inverse()),
                Warp::Transform(_) => Step::Inverse(DMat4::IDENTITY),
                Warp::Turbulence(t) => Step::Turbulence(*t),
                Warp::BlackHole(h) => Step::BlackHole(*h),
                Warp::Repeat(r) => Step::Repeat(*r),
                Warp::Mapping(m) => Step::Mapping(*m),
            });
        }
        let number = pattern.noise_generator.unwrap_or(scene_generator);
        let generator = NoiseGenerator::from_number(number as i64).unwrap_or_default();
        // POV-Ray keeps frequency, phase and the poly_wave exponent in single
        // precision.
        let single = |v: f64| v as f32 as f64;
        let wave = match pattern.wave {
            Wave::Default => pattern.kind.default_wave(),
            Wave::Poly(e) => Wave::Poly(single(e)),
            w => w,
        };
        CompiledPattern {
            kind: pattern.kind.clone(),
            steps,
            turbulence: pattern.turbulence,
            wave,
            frequency: single(pattern.frequency),
            phase: single(pattern.phase),
            generator,
            waves: matches!(pattern.kind, PatternKind::Ripples | PatternKind::Waves)
                .then(|| WaveSources::shared(DEFAULT_WAVES)),
            pigment: None,
            inside: None,
        }
    }

    /// The pattern's value at `p` (the space outside the pattern and its `outer`
    /// transform).
    pub fn value(&self, p: DVec3) -> f64 {
        self.evaluate(self.warp(p))
    }

    /// `p` taken through the warps, transforms and turbulence to pattern space.
    pub fn warp(&self, p: DVec3) -> DVec3 {
        let mut q = p;
        for step in &self.steps {
            q = match step {
                Step::Inverse(m) => m.transform_point3(q),
                Step::Turbulence(t) => warp::turbulent(t, q),
                Step::BlackHole(h) => black_hole::warp(h, q),
                Step::Repeat(r) => repeat::warp(r, q),
                Step::Mapping(m) => mapping::warp(m, q),
            };
        }
        if let Some(t) = &self.turbulence {
            // Marble and wood fold their turbulence into the pattern itself.
            if !matches!(self.kind, PatternKind::Marble | PatternKind::Wood) {
                q = warp::turbulent(t, q);
            }
        }
        warp::limit(q)
    }

    /// The value at `q`, a point of pattern space ([`CompiledPattern::warp`]).
    pub fn evaluate(&self, q: DVec3) -> f64 {
        let raw = match (&self.kind, &self.waves) {
            (PatternKind::Ripples, Some(w)) => w.ripples(q, self.frequency, self.phase),
            (PatternKind::Waves, Some(w)) => w.waves(q, self.frequency, self.phase),
            (PatternKind::PigmentPattern(_), _) => self.pigment.as_ref().map_or(0.0, |p| p.eval(q).grey()),
            (PatternKind::Object(_), _) => self.inside.as_ref().map_or(0.0, |i| i.value(q)),
            (kind, _) => kinds::value(kind, q, self.turbulence.as_ref(), self.generator),
        };
        wave::shape(raw, self.wave, self.frequency, self.phase)
    }

    /// The matrices that take points towards pattern space, outermost first.
    pub fn inverse_transforms(&self) -> impl DoubleEndedIterator<Item = &DMat4> {
        self.steps.iter().filter_map(|s| match s {
            Step::Inverse(m) => Some(m),
            _ => None,
        })
    }

    /// Compiles a `pigment_pattern`'s pigment (its images through `images`, within
    /// their budget); other patterns have nothing to compile.
    pub fn compile_pigments(
        &mut self,
        images: &mut ImageTexels,
        scene_generator: u8,
    ) -> Result<(), OverBudget> {
        match &self.kind {
            PatternKind::PigmentPattern(pigment) => {
                self.pigment = Some(Box::new(CompiledPigment::compile_in(
                    pigment,
                    images,
                    scene_generator,
                )?));
            }
            PatternKind::Object(shape) => {
                self.inside = Some(object::Inside::compile(shape, images.memory(), scene_generator)?);
            }
            _ => {}
        }
        Ok(())
    }

    pub fn kind(&self) -> &PatternKind {
        &self.kind
    }

    pub fn generator(&self) -> NoiseGenerator {
        self.generator
    }

    /// What ripples or waves add to a normal at `q` (pattern space) per unit of the
    /// normal's amount; zero for other patterns.
    pub fn wave_slope(&self, q: DVec3) -> DVec3 {
        match (&self.kind, &self.waves) {
            (PatternKind::Ripples, Some(w)) => w.ripples_slope(q, self.frequency, self.phase),
            (PatternKind::Waves, Some(w)) => w.waves_slope(q, self.frequency, self.phase),
            _ => DVec3::ZERO,
        }
    }
}

/// The entries either side of `value` in a map sorted by value (`key` gives an
/// entry's), and how far between them it lies, as POV-Ray searches its maps: below
/// the first entry or at or above the last, that entry alone; an entry equal to the
/// value, alone.
pub fn bracket<T>(entries: &[T], value: f64, key: impl Fn(&T) -> f64) -> ((usize, usize), f64) {
    let last = entries.len() - 1;
    if value >= key(&entries[last]) {
        return ((last, last), 0.0);
    }
    let mut cur = 0;
    while value > key(&entries[cur]) {
        cur += 1;
    }
    if cur == 0 || value == key(&entries[cur]) {
        return ((cur, cur), 0.0);
    }
    let (a, b) = (key(&entries[cur - 1]), key(&entries[cur]));
    ((cur - 1, cur), (value - a) / (b - a))
}
