//! What photon mapping needs to know of each leaf (its object's `photons { }` block, as
//! its CSG ancestors hand it down) and which objects photons are shot at.

use std::ops::Range;

use crate::render::accel::bounds::Aabb;
use crate::scene::{LightPhotons, ObjectPhotons, Switch};

/// A leaf's photon switches, packed in a byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhotonFlags(u8);

impl PhotonFlags {
    const REFRACTION_ON: u8 = 1;
    const REFRACTION_OFF: u8 = 2;
    const REFLECTION_ON: u8 = 4;
    const REFLECTION_OFF: u8 = 8;
    const NO_COLLECT: u8 = 16;
    const PASS_THROUGH: u8 = 32;
    const TARGET: u8 = 64;

    pub fn new(p: &ObjectPhotons) -> PhotonFlags {
        let switch = |s: Switch, on: u8, off: u8| match s {
            Switch::On => on,
            Switch::Off => off,
            Switch::Unsaid => 0,
        };
        let mut bits = switch(p.refraction, Self::REFRACTION_ON, Self::REFRACTION_OFF)
            | switch(p.reflection, Self::REFLECTION_ON, Self::REFLECTION_OFF);
        if !p.collect {
            bits |= Self::NO_COLLECT;
        }
        if p.pass_through {
            bits |= Self::PASS_THROUGH;
        }
        if p.target > 0.0 {
            bits |= Self::TARGET;
        }
        PhotonFlags(bits)
    }

    fn switch(self, on: u8, off: u8) -> Switch {
        if self.0 & on != 0 {
            Switch::On
        } else if self.0 & off != 0 {
            Switch::Off
        } else {
            Switch::Unsaid
        }
    }

    /// Photons from `light` refract through this leaf.
    pub fn refracts(self, light: &LightPhotons) -> bool {
        self.switch(Self::REFRACTION_ON, Self::REFRACTION_OFF)
            .with(light.refraction)
    }

    /// Photons from `light` reflect off this leaf.
    pub fn reflects(self, light: &LightPhotons) -> bool {
        self.switch(Self::REFLECTION_ON, Self::REFLECTION_OFF)
            .with(light.reflection)
    }

    /// Photons land on the leaf and light it (no `collect off`).
    pub fn collects(self) -> bool {
        self.0 & Self::NO_COLLECT == 0
    }

    pub fn passes_through(self) -> bool {
        self.0 & Self::PASS_THROUGH != 0
    }

    /// The leaf is part of an object photons are shot at.
    pub fn is_target(self) -> bool {
        self.0 & Self::TARGET != 0
    }
}

/// The photon settings an object's parts get: its own, with what its CSG ancestors
/// said in their place, as POV-Ray hands a CSG object's photon flags down to its parts.
pub fn inherit(own: ObjectPhotons, ancestors: ObjectPhotons) -> ObjectPhotons {
    ObjectPhotons {
        target: if ancestors.target > 0.0 {
            ancestors.target
        } else {
            own.target
        },
        refraction: own.refraction.or(ancestors.refraction),
        reflection: own.reflection.or(ancestors.reflection),
        collect: own.collect && ancestors.collect,
        pass_through: own.pass_through || ancestors.pass_through,
    }
}

/// An object photons are shot at: its leaves, its spacing multiplier and world bounds.
#[derive(Clone, Debug)]
pub struct PhotonTarget {
    pub leaves: Range<u32>,
    pub multiplier: f64,
    pub bounds: Aabb,
}
