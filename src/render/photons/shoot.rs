//! Shooting photons from each light at each target: rings of directions around the
//! axis from the light to the target's bounding sphere, as POV-Ray 3.7 lays them out,
//! each jittered from its place in the ring.

use std::f64::consts::PI;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use glam::{DQuat, DVec3};
use rayon::prelude::*;

use crate::render::lights::LightSource;
use crate::render::ray::Ray;
use crate::render::sampling::{hash, unit};
use crate::render::world::photon_flags::PhotonTarget;
use crate::render::world::World;

use super::media_path::{Deposits, MediaSteps};
use super::path::{Flight, PathScratch, Shot};

/// Photons weaker than this (as a share of the light's colour) are not shot, as in
/// POV-Ray.
const FAINTEST: f64 = 1e-5;

/// Directions closer than this to the axis are its centre: one photon there.
const CENTRE: f64 = 1e-10;

/// One light shooting at one target.
pub struct Unit<'a> {
    pub light: &'a LightSource,
    pub target: &'a PhotonTarget,
    /// Its place in the scene's list of units: the seed of its jitter.
    pub number: u64,
}

/// What every unit shares.
pub struct Shooting<'a> {
    pub world: &'a World,
    pub spacing: f64,
    pub jitter: f64,
    pub autostop: f64,
    pub max_level: u32,
    pub adc_bailout: f64,
    /// Photons left in media, if the scene asks for them.
    pub media: Option<MediaSteps>,
    /// Photons left so far, by all units: shooting stops when it passes `most`.
    pub left: &'a AtomicU64,
    pub most: u64,
    pub stop: &'a AtomicBool,
    /// The job's memory budget, checked between batches of rings.
    pub memory: crate::budget::MemoryBudget,
    /// The budget's error, once it ran out.
    pub over_budget: &'a std::sync::OnceLock<crate::budget::OverBudget>,
}

/// The target's bounding sphere: centre and radius.
pub fn bounding_sphere(target: &PhotonTarget) -> (DVec3, f64) {
    let centre = (target.bounds.min + target.bounds.max) * 0.5;
    (centre, (centre - target.bounds.min).length())
}

/// Whether the light shoots photons at the target at all: only where the target (or
/// the light) asks for refracted or reflected photons.
pub fn shoots(world: &World, light: &LightSource, target: &PhotonTarget) -> bool {
    if light.shadowless {
        return false;
    }
    let flags = world.photon_flags(target.leaves.start);
    flags.refracts(&light.photons) || flags.reflects(&light.photons)
}

impl Shooting<'_> {
    /// How `job` lays out its rings; `None` when it shoots nothing.
    fn layout<'u>(&self, job: &Unit<'u>) -> Option<Layout> {
        let light = job.light;
        let (centre, radius) = bounding_sphere(job.target);
        let parallel = light.parallel_direction();
        let origins: Vec<(DVec3, f64)> = match (light.area_grid(), parallel) {
            (Some((axis1, axis2, n1, n2)), None) if light.photons.area_light => {
                let at = |i: u32, n: u32| {
                    if n > 1 {
                        i as f64 / (n - 1) as f64 - 0.5
                    } else {
                        0.0
                    }
                };
                let share = 1.0 / (n1 as f64 * n2 as f64);
                (0..n1)
                    .flat_map(|i| (0..n2).map(move |j| (i, j)))
                    .map(|(i, j)| (light.position + axis1 * at(i, n1) + axis2 * at(j, n2), share))
                    .collect()
            }
            _ => vec![(light.position, 1.0)],
        };
        let grid_scale = (1.0 / origins[0].1).sqrt();
        let to_centre = centre - light.position;
        let distance = to_centre.length();
        if distance <= 0.0 && parallel.is_none() {
            return None;
        }
        let axis = match parallel {
            Some(d) => d,
            None => to_centre / distance,
        };
        let towards = if distance > 0.0 {
            to_centre / distance
        } else {
            axis
        };
        let left = axis.cross(up_for(towards)).normalize_or_zero();
        let multiplier = job.target.multiplier * self.spacing;
        let (spread, step, widest) = match parallel {
            Some(_) => (multiplier, multiplier, radius),
            None => {
                let spread = multiplier / distance * grid_scale;
                let widest = if distance >= radius {
                    (radius / distance).asin()
                } else {
                    PI
                };
                (spread, spread.atan(), widest)
            }
        };
        (step > 0.0 && step.is_finite()).then_some(Layout {
            origins,
            centre,
            axis,
            left,
            spread,
            step,
            widest,
            parallel: parallel.is_some(),
        })
    }

    /// About how many photons `job` shoots (before autostop).
    pub fn estimate(&self, job: &Unit) -> f64 {
        let Some(layout) = self.layout(job) else {
            return 0.0;
        };
        let per_origin = if layout.parallel {
            PI * (layout.widest / layout.step).powi(2)
        } else {
            2.0 * PI * (1.0 - layout.widest.cos()) / (layout.step * layout.step)
        };
        (per_origin + 1.0) * layout.origins.len() as f64
    }

    /// The photons `unit` leaves, in the order shot; `None` if shooting was stopped
    /// (the job's stop flag, or too many photons in all).
    pub fn shoot(&self, job: &Unit) -> Option<Deposits> {
        let Some(Layout {
            origins,
            centre,
            axis,
            left,
            spread,
            step,
            widest,
            parallel,
        }) = self.layout(job)
        else {
            return Some(Deposits::default());
        };
        let light = job.light;
        let shot = Shot {
            world: self.world,
            light,
            target: job.target.leaves.clone(),
            spread,
            spread_squared: spread * spread,
            media: self.media,
            left: self.left,
            most: self.most,
            memory: self.memory,
            over_budget: self.over_budget,
            parallel,
            max_level: self.max_level,
            adc_bailout: self.adc_bailout,
        };
        let rings = Rings {
            shot,
            origins,
            centre,
            axis,
            left,
            step,
            number: job.number,
        };
        let count = (widest / step).ceil().min(u32::MAX as f64) as u64;
        let mut out = Deposits::default();
        let mut any_ring_hit = false;
        let mut first = 0u64;
        while first < count {
            if self.stop.load(Ordering::Relaxed) || self.left.load(Ordering::Relaxed) > self.most {
                return None;
            }
            if let Err(e) = self.memory.check() {
                // Kept, so the job is told of the budget, not of too many photons.
                let _ = self.over_budget.set(e);
                return None;
            }
            // Rings are shot a batch at a time in parallel, and taken in order: the
            // same photons whatever the thread count.
            let batch: Vec<(Deposits, bool)> = (first..count.min(first + RINGS_PER_BATCH))
                .into_par_iter()
                .map_init(PathScratch::default, |scratch, ring| {
                    rings.shoot(ring, self.jitter, scratch)
                })
                .collect();
            for (k, (photons, ring_hit)) in batch.into_iter().enumerate() {
                // Media photons were counted as they were left.
                self.left
                    .fetch_add(photons.surface.len() as u64, Ordering::Relaxed);
                out.extend(photons);
                // Autostop: past the given share of the target's size, the first
                // ring that misses it ends the shooting.
                let theta = (first + k as u64) as f64 * step;
                if ring_hit {
                    any_ring_hit = true;
                } else if any_ring_hit && theta > self.autostop * widest {
                    return Some(out);
                }
            }
            first += RINGS_PER_BATCH;
        }
        Some(out)
    }
}

/// Where one unit's photons leave from and which way they go.
struct Layout {
    origins: Vec<(DVec3, f64)>,
    centre: DVec3,
    axis: DVec3,
    left: DVec3,
    /// Between neighbouring photons: radians, or world units for a parallel light.
    spread: f64,
    /// Between rings.
    step: f64,
    /// The last ring's angle (or radius).
    widest: f64,
    parallel: bool,
}

/// Rings shot together, in parallel.
const RINGS_PER_BATCH: u64 = 32;

/// One unit's rings of directions.
struct Rings<'a> {
    shot: Shot<'a>,
    /// Where photons leave the light (an area light's grid, else its centre), and the
    /// share of its colour each carries.
    origins: Vec<(DVec3, f64)>,
    centre: DVec3,
    /// The ring's axis, towards the target (or the parallel light's direction).
    axis: DVec3,
    /// Across the axis: directions turn from it towards `-left`.
    left: DVec3,
    step: f64,
    number: u64,
}

impl Rings<'_> {
    /// The photons of ring `ring`, and whether any reached the target.
    fn shoot(&self, ring: u64, jitter: f64, scratch: &mut PathScratch) -> (Deposits, bool) {
        let (step, axis, left) = (self.step, self.axis, self.left);
        let light = self.shot.light;
        let parallel = self.shot.parallel;
        let theta = ring as f64 * step;
        let d_phi = if theta < CENTRE {
            2.0 * PI
        } else if parallel {
            step / theta
        } else {
            step / theta.sin()
        };
        let ring_seed = hash(&[self.number, ring]);
        let phi_start = -PI + d_phi * unit(ring_seed) * 0.5;
        let mut out = Deposits::default();
        let mut phi = phi_start;
        let mut k = 0u64;
        let mut ring_hit = false;
        while phi < phi_start + 2.0 * PI - d_phi * 0.5 {
            let h = hash(&[ring_seed, k]);
            let phi_j = phi + d_phi * (unit(h) - 0.5) * jitter;
            let theta_j = theta + step * (unit(hash(&[h, 1])) - 0.5) * jitter;
            let turn = DQuat::from_axis_angle(axis, phi_j);
            for &(origin, share) in &self.origins {
                let (from, dir) = if parallel {
                    let foot = self.centre - axis * (self.centre - light.position).dot(axis);
                    (foot + turn * (left * theta_j), axis)
                } else {
                    let (axis, left) = if self.origins.len() > 1 {
                        let a = (self.centre - origin).normalize_or_zero();
                        (a, a.cross(up_for(a)).normalize_or_zero())
                    } else {
                        (axis, left)
                    };
                    let d = axis * theta_j.cos() - left * theta_j.sin();
                    (origin, DQuat::from_axis_angle(axis, phi_j) * d)
                };
                let colour = light.emitted(from, dir) * share;
                if colour.max_element() < FAINTEST {
                    continue;
                }
                let flight = Flight {
                    ray: Ray::new(from, dir),
                    colour,
                    weight: 1.0,
                    travelled: 0.0,
                    level: 0,
                };
                let world = self.shot.world;
                let mut inside = if self.shot.media.is_some() && world.has_media_inside() {
                    world.media_around(from)
                } else {
                    Vec::new()
                };
                ring_hit |= self.shot.follow(flight, &mut inside, scratch, &mut out);
            }
            phi += d_phi;
            k += 1;
        }
        (out, ring_hit)
    }
}

/// A direction not along `axis`, to build the rings' frame from.
fn up_for(axis: DVec3) -> DVec3 {
    if (axis.z.abs() - 1.0).abs() < 0.1 {
        DVec3::Y
    } else {
        DVec3::Z
    }
}

/// The spacing that shoots about `count` photons, by POV-Ray 3.7's estimate of how
/// many each light and target take at a given spacing.
pub fn spacing_for_count(world: &World, lights: &[LightSource], count: f64, spacing: f64) -> f64 {
    let mut estimate = 0.0;
    for light in lights {
        for target in &world.photon_targets {
            if !shoots(world, light, target) {
                continue;
            }
            let flags = world.photon_flags(target.leaves.start);
            let (refracts, reflects) = (flags.refracts(&light.photons), flags.reflects(&light.photons));
            let (_, radius) = bounding_sphere(target);
            let mut x = PI * (radius / (target.multiplier * spacing)).powi(2);
            if refracts && reflects {
                x *= 1.5;
            }
            if flags.collects() && refracts {
                x *= if reflects { 3.0 } else { 2.0 };
            }
            estimate += x * 0.5;
        }
    }
    if estimate > 0.0 && count > 0.0 {
        spacing * (estimate / count).sqrt()
    } else {
        spacing
    }
}
