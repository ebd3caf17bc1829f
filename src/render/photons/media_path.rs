//! Photons in media, as POV-Ray 3.7 leaves them: along each stretch a photon flies
//! through scattering media after meeting its target, evenly spaced at its own spacing
//! there (times `media`'s factor, and no more than `media`'s most steps), each
//! carrying the photon's power over the length it stands for; the media's extinction
//! dims the photon on its way.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use glam::DVec3;

use crate::render::integrator::media::{CompiledMedia, RenderInterior};
use crate::render::sampling::{hash, position_seed, unit};

use super::path::{Flight, Shot};
use super::store::{Photon, PhotonTree};

/// `photons { media STEPS, FACTOR }` and the jitter of the steps.
#[derive(Clone, Copy, Debug)]
pub struct MediaSteps {
    pub most: u32,
    pub factor: f64,
    pub jitter: f64,
}

/// What a photon's way leaves: photons on surfaces and in media.
#[derive(Default)]
pub struct Deposits {
    pub surface: Vec<Photon>,
    pub media: Vec<Photon>,
}

impl Deposits {
    pub fn len(&self) -> usize {
        self.surface.len() + self.media.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn extend(&mut self, other: Deposits) {
        self.surface.extend(other.surface);
        self.media.extend(other.media);
    }
}

/// Attenuation is judged from at least this many points along a stretch.
const LEAST_EXTINCTION_SAMPLES: u32 = 8;

impl Shot<'_> {
    /// The photon flies `length` along unit `dir` through the media of `inside`:
    /// photons are left along the way when `deposit` says so and the media scatter,
    /// and the photon is dimmed by the media's extinction.
    pub(super) fn through_media(
        &self,
        flight: &mut Flight,
        inside: &[Arc<RenderInterior>],
        (dir, length): (DVec3, f64),
        deposit: bool,
        out: &mut Deposits,
    ) {
        let Some(steps) = self.media else {
            return;
        };
        let media: Vec<&CompiledMedia> = inside.iter().flat_map(|i| i.media.iter()).collect();
        if media.is_empty() || !(length > 0.0 && length.is_finite()) {
            return;
        }
        let origin = flight.ray.origin;
        let depth = flight.travelled;
        // The photons' spacing where the stretch starts.
        let spacing = if self.parallel {
            self.spread
        } else {
            self.spread * depth
        };
        let wanted = length / (spacing * steps.factor);
        let scatters = media.iter().any(|m| m.scattering != DVec3::ZERO);
        let (count, factor) = if !deposit || !scatters {
            (0, steps.factor)
        } else if wanted <= steps.most as f64 {
            (wanted as u32, steps.factor)
        } else {
            (steps.most, length / (spacing * steps.most as f64))
        };
        // Past the most photons a scene may leave, shooting is about to stop: none
        // more are left, so one batch of rings cannot outgrow the limit by much.
        let count = if count == 0 || self.left.fetch_add(count as u64, Ordering::Relaxed) > self.most {
            0
        } else if let Err(e) = self.memory.reserve(count as u64 * PhotonTree::BYTES_PER_PHOTON) {
            let _ = self.over_budget.set(e);
            0
        } else {
            count
        };
        let seed = hash(&[position_seed(origin), position_seed(dir)]);
        let colour = flight.colour;
        for j in 0..count {
            let jitter = steps.jitter * (unit(hash(&[seed, j as u64])) - 0.5);
            let t = (j as f64 + 0.5 + jitter) / count as f64 * length;
            let d = depth + t;
            let mut power = colour * factor * self.spread * self.light.fade(d) * self.spread_squared;
            if !self.parallel {
                power *= d * d * d;
            }
            if power.max_element() <= 0.0 || !power.is_finite() {
                continue;
            }
            out.media.push(Photon {
                position: (origin + dir * t).as_vec3(),
                towards_source: (-dir).as_vec3(),
                power: power.as_vec3(),
            });
        }
        let samples = count.max(LEAST_EXTINCTION_SAMPLES);
        let ds = length / samples as f64;
        let mut depth_optical = DVec3::ZERO;
        for k in 0..samples {
            let p = origin + dir * ((k as f64 + 0.5) * ds);
            for m in &media {
                depth_optical += m.density_at(p) * m.extinction * ds;
            }
        }
        flight.colour *= DVec3::new(
            (-depth_optical.x).exp(),
            (-depth_optical.y).exp(),
            (-depth_optical.z).exp(),
        );
    }
}
