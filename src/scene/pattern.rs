//! Patterns as the scene describes them: which pattern, its warps and transforms, its
//! turbulence, and how its value is shaped (frequency, phase, wave).
//!
//! The evaluation is [`crate::render::pattern`]; this is plain data.

use std::sync::Arc;

use glam::{DMat4, DVec3};

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
    /// `noise_generator` of this pattern; `None` takes the scene's.
    pub noise_generator: Option<u8>,
}

impl Pattern {
    pub fn new(kind: PatternKind) -> Pattern {
        Pattern {
            kind,
            warps: Vec::new(),
            turbulence: None,
            wave: Wave::Ramp,
            frequency: 1.0,
            phase: 0.0,
            noise_generator: None,
        }
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
#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    Agate {
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
    Ramp,
    Sine,
    Triangle,
    Scallop,
    Cubic,
    Poly(f64),
}
