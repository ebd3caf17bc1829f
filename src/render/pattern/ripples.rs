//! `ripples` and `waves`: sums of circular waves around POV-Ray's wave sources, with
//! the pattern's frequency and phase applied to each wave (POV-Ray then applies them
//! again to the sum, as to every pattern).

use std::sync::Arc;

use glam::DVec3;

use super::wave::cycloidal;
use crate::render::texture::povray_noise::{dnoise, NoiseGenerator};

/// POV-Ray's default `number_of_waves`.
pub const DEFAULT_WAVES: u32 = 10;

/// The most wave sources spotray keeps: every pattern point sums over all of them.
pub const MAX_WAVES: u32 = 4096;

/// The wave sources: centres on the unit sphere, and a frequency for each.
#[derive(Debug)]
pub struct WaveSources {
    centres: Vec<DVec3>,
    frequencies: Vec<f64>,
}

impl WaveSources {
    /// POV-Ray's `count` sources: source `i` is the vector noise at (i, 0, 0),
    /// normalized; its frequency comes from the LCG `r = r * 1812433253 + 12345`
    /// (32-bit, seeded with -560851967), `((r >> 16) & 0x7FFF) * 0.000030518509476 +
    /// 0.01` (POV-Ray's constants, matched against its `waves` values).
    pub fn new(count: u32) -> WaveSources {
        let count = count.min(MAX_WAVES);
        let mut centres = Vec::with_capacity(count as usize);
        let mut frequencies = Vec::with_capacity(count as usize);
        let mut r: i32 = -560_851_967;
        for i in 0..count {
            let d = dnoise(DVec3::new(i as f64, 0.0, 0.0), NoiseGenerator::default());
            let len = (d.x * d.x + d.y * d.y + d.z * d.z).sqrt();
            centres.push(if len > 0.0 { d / len } else { d });
            r = r.wrapping_mul(1_812_433_253).wrapping_add(12_345);
            frequencies.push(((r >> 16) & 0x7FFF) as f64 * 0.000030518509476 + 0.01);
        }
        WaveSources { centres, frequencies }
    }

    /// The sources for `count`, shared: the default count is built once.
    pub fn shared(count: u32) -> Arc<WaveSources> {
        static DEFAULT: std::sync::OnceLock<Arc<WaveSources>> = std::sync::OnceLock::new();
        if count == DEFAULT_WAVES {
            DEFAULT
                .get_or_init(|| Arc::new(WaveSources::new(DEFAULT_WAVES)))
                .clone()
        } else {
            Arc::new(WaveSources::new(count))
        }
    }

    /// The distance from source `i` to `p`, taken as 1 at the source itself.
    fn distance(&self, i: usize, p: DVec3) -> f64 {
        let d = p - self.centres[i];
        let len = (d.x * d.x + d.y * d.y + d.z * d.z).sqrt();
        if len == 0.0 {
            1.0
        } else {
            len
        }
    }

    /// `ripples` at `p`: the mean of `sin(2 pi (distance * frequency + phase))` over the
    /// sources, mapped to [0, 1].
    pub fn ripples(&self, p: DVec3, frequency: f64, phase: f64) -> f64 {
        if self.centres.is_empty() {
            return 0.5;
        }
        let mut sum = 0.0;
        for i in 0..self.centres.len() {
            sum += cycloidal(self.distance(i, p) * frequency + phase);
        }
        0.5 * (1.0 + sum / self.centres.len() as f64)
    }

    /// `waves` at `p`: each source's wave at its own frequency, weighted by the
    /// inverse of that frequency; the mean mapped as POV-Ray maps it,
    /// `0.2 * (2.5 + mean)`.
    pub fn waves(&self, p: DVec3, frequency: f64, phase: f64) -> f64 {
        if self.centres.is_empty() {
            return 0.5;
        }
        let mut sum = 0.0;
        for (i, &f) in self.frequencies.iter().enumerate() {
            sum += cycloidal(self.distance(i, p) * frequency * f + phase) / f;
        }
        0.2 * (2.5 + sum / self.centres.len() as f64)
    }

    /// What `ripples` adds to a normal at `p` per unit of its amount: each source
    /// pushes along the line from it, by the wave's value there (POV-Ray's ripples
    /// normal).
    pub fn ripples_slope(&self, p: DVec3, frequency: f64, phase: f64) -> DVec3 {
        self.slope(p, |_, length| cycloidal(length * frequency + phase))
    }

    /// What `waves` adds to a normal at `p` per unit of its amount: as ripples, each
    /// source at its own frequency and weighted by its inverse.
    pub fn waves_slope(&self, p: DVec3, frequency: f64, phase: f64) -> DVec3 {
        self.slope(p, |i, length| {
            let f = self.frequencies[i];
            cycloidal(length * frequency * f + phase) / f
        })
    }

    fn slope(&self, p: DVec3, height: impl Fn(usize, f64) -> f64) -> DVec3 {
        let count = self.centres.len() as f64;
        let mut sum = DVec3::ZERO;
        for i in 0..self.centres.len() {
            let d = p - self.centres[i];
            let length = self.distance(i, p);
            sum += d * (height(i, length) / (length * count));
        }
        sum
    }
}
