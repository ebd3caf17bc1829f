//! `media`: participating media that absorb, emit and scatter light inside hollow
//! objects' interiors and in the atmosphere, as POV-Ray 3.7 defines it.

use super::Pigment;
use glam::DVec3;

/// How a medium scatters light towards the viewer (POV-Ray's `scattering` type).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// Type 1 (and any unknown type, as POV-Ray falls back to it).
    Isotropic,
    /// Type 2.
    MieHazy,
    /// Type 3.
    MieMurky,
    /// Type 4.
    Rayleigh,
    /// Type 5, with its `eccentricity`.
    HenyeyGreenstein(f64),
}

/// One `media { }` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    pub absorption: DVec3,
    pub emission: DVec3,
    pub scattering: DVec3,
    pub phase: Phase,
    /// `extinction` in `scattering { }`: how much scattering also dims the light.
    pub extinction: f64,
    /// 1, 2 or 3.
    pub method: u8,
    pub intervals: u32,
    pub min_samples: u32,
    pub max_samples: u32,
    pub confidence: f64,
    pub variance: f64,
    pub ratio: f64,
    pub jitter: f64,
    pub aa_level: u32,
    pub aa_threshold: f64,
    /// Every `density { }`, in the media's space; their colours multiply. Empty: the
    /// medium is the same everywhere.
    pub density: Vec<Pigment>,
}

impl Default for Media {
    /// POV-Ray 3.7's defaults for a scene at language version 3.5 or later: one
    /// interval, 10 samples, method 3.
    fn default() -> Media {
        Media {
            absorption: DVec3::ZERO,
            emission: DVec3::ZERO,
            scattering: DVec3::ZERO,
            phase: Phase::Isotropic,
            extinction: 1.0,
            method: 3,
            intervals: 1,
            min_samples: 10,
            max_samples: 10,
            confidence: 0.9,
            variance: 1.0 / 128.0,
            ratio: 0.9,
            jitter: 0.0,
            aa_level: 3,
            aa_threshold: 0.1,
            density: Vec::new(),
        }
    }
}

impl Media {
    /// Moves the densities by `m` (applied after their own transforms).
    pub fn transform(&mut self, m: glam::DMat4) {
        for d in &mut self.density {
            d.transform(m);
        }
    }
}
