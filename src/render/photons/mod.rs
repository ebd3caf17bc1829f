//! Photon mapping, as POV-Ray 3.7 does it for caustics: photons shot from the lights
//! at the objects marked `target`, reflected and refracted on their way, left on the
//! surfaces they reach, and gathered where the image is shaded.

mod path;
mod radius;
mod shoot;
mod store;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use glam::DVec3;
use rayon::prelude::*;

use crate::budget::{MemoryBudget, OverBudget};
use crate::render::lights::LightSource;
use crate::render::world::World;
use crate::scene::PhotonSettings;

pub use store::{Found, Photon, PhotonTree};

/// The most photons a scene may leave: about 1.6 GB of them with their tree.
pub const MOST_PHOTONS: u64 = 32_000_000;

/// The most photons a scene may shoot: one left per photon shot is common, and a
/// scene that would shoot many more than it may leave is refused before it starts.
const MOST_SHOT: f64 = 4.0 * MOST_PHOTONS as f64;

/// The photons of a scene and how to gather them.
pub struct PhotonMap {
    tree: PhotonTree,
    /// The search radius before it grows.
    radius: f64,
    gather_min: usize,
    gather_max: usize,
    expand_tolerance: f64,
    expand_min_count: usize,
}

/// Why no photon map was made.
#[derive(Debug)]
pub enum Unmade {
    Stopped,
    TooMany,
    OverBudget(OverBudget),
}

impl From<OverBudget> for Unmade {
    fn from(e: OverBudget) -> Unmade {
        Unmade::OverBudget(e)
    }
}

/// The photons gathered around one shading point: which, and the radius they lie
/// within.
pub struct Gathered<'m> {
    pub map: &'m PhotonMap,
    pub radius: f64,
}

impl PhotonMap {
    /// Shoots the scene's photons (with `max_level` and `adc_bailout` already the
    /// scene's where the block leaves them out). The same scene gives the same map
    /// whatever the thread count. `None` when no photon lands anywhere.
    pub fn build(
        world: &World,
        lights: &[LightSource],
        settings: &PhotonSettings,
        (max_level, adc_bailout): (u32, f64),
        stop: &AtomicBool,
        memory: MemoryBudget,
    ) -> Result<Option<PhotonMap>, Unmade> {
        let spacing = match settings.count {
            Some(count) => shoot::spacing_for_count(world, lights, count, settings.spacing),
            None => settings.spacing,
        };
        let units: Vec<shoot::Unit> = lights
            .iter()
            .flat_map(|light| world.photon_targets.iter().map(move |target| (light, target)))
            .filter(|(light, target)| shoot::shoots(world, light, target))
            .enumerate()
            .map(|(number, (light, target))| shoot::Unit {
                light,
                target,
                number: number as u64,
            })
            .collect();
        if units.is_empty() {
            return Ok(None);
        }
        let left = AtomicU64::new(0);
        let over_budget = std::sync::OnceLock::new();
        let shooting = shoot::Shooting {
            world,
            spacing,
            jitter: settings.jitter,
            autostop: settings.autostop,
            max_level,
            adc_bailout,
            left: &left,
            most: MOST_PHOTONS,
            stop,
            memory,
            over_budget: &over_budget,
        };
        let shots: f64 = units.iter().map(|unit| shooting.estimate(unit)).sum();
        if shots > MOST_SHOT {
            return Err(Unmade::TooMany);
        }
        let shot: Vec<Option<Vec<Photon>>> = units.par_iter().map(|unit| shooting.shoot(unit)).collect();
        if stop.load(Ordering::Relaxed) {
            return Err(Unmade::Stopped);
        }
        if let Some(&e) = over_budget.get() {
            return Err(e.into());
        }
        let mut photons = Vec::new();
        for part in shot {
            photons.extend(part.ok_or(Unmade::TooMany)?);
        }
        if photons.is_empty() {
            return Ok(None);
        }
        memory.reserve(photons.len() as u64 * PhotonTree::BYTES_PER_PHOTON)?;
        let tree = PhotonTree::new(photons);
        let gather_max = settings.gather_max as usize;
        let radius = match settings.radius {
            Some(r) => r,
            None => radius::automatic(&tree, gather_max),
        } * settings.radius_multiplier;
        Ok(Some(PhotonMap {
            tree,
            radius,
            gather_min: settings.gather_min as usize,
            gather_max,
            expand_tolerance: settings.expand_tolerance,
            expand_min_count: settings.expand_min_count as usize,
        }))
    }

    pub fn len(&self) -> usize {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    pub fn photon(&self, index: u32) -> Photon {
        self.tree.get(index)
    }

    /// Gathers the photons around `point` on a surface of unit `normal` into `found`:
    /// within the map's radius, or (when too few are there) three times it if the
    /// density it finds there is much the same. `wider` is scratch for that second search,
    /// kept by the caller so no gather allocates. Returns the radius they lie within.
    pub fn gather(&self, point: DVec3, normal: DVec3, found: &mut Found, wider: &mut Found) -> f64 {
        let first = self
            .tree
            .search(point, Some(normal), self.radius, self.gather_max, found);
        let n = found.len();
        if n >= self.gather_min {
            return first;
        }
        let density = if n > 0 { n as f64 / (first * first) } else { 1e-16 };
        let grown = self
            .tree
            .search(point, Some(normal), self.radius * 3.0, self.gather_max, wider);
        let m = wider.len();
        let wider_density = m as f64 / (grown * grown);
        if (wider_density - density) / density < self.expand_tolerance || (m > 0 && m < self.expand_min_count)
        {
            std::mem::swap(found, wider);
            return grown;
        }
        first
    }
}
