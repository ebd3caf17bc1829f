//! Photon mapping, as POV-Ray 3.7 does it for caustics: photons shot from the lights
//! at the objects marked `target`, reflected and refracted on their way, left on the
//! surfaces they reach, and gathered where the image is shaded.

mod media_path;
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
    /// The photons left in media, and their search radius.
    media: Option<(PhotonTree, f64)>,
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
            media: (settings.media_steps > 0).then_some(media_path::MediaSteps {
                most: settings.media_steps,
                factor: settings.media_factor,
                jitter: settings.jitter,
            }),
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
        let shot: Vec<Option<media_path::Deposits>> =
            units.par_iter().map(|unit| shooting.shoot(unit)).collect();
        if stop.load(Ordering::Relaxed) {
            return Err(Unmade::Stopped);
        }
        if let Some(&e) = over_budget.get() {
            return Err(e.into());
        }
        // The last batch of rings may have left media photons past the limit (and
        // skipped the rest).
        if left.load(Ordering::Relaxed) > MOST_PHOTONS {
            return Err(Unmade::TooMany);
        }
        let mut photons = media_path::Deposits::default();
        for part in shot {
            photons.extend(part.ok_or(Unmade::TooMany)?);
        }
        if photons.is_empty() {
            return Ok(None);
        }
        memory.reserve(photons.len() as u64 * PhotonTree::BYTES_PER_PHOTON)?;
        let gather_max = settings.gather_max as usize;
        let tree = PhotonTree::new(photons.surface);
        let radius = match settings.radius {
            Some(r) => r,
            None if tree.is_empty() => 1.0,
            None => radius::automatic(&tree, gather_max, radius::Spread::Surface),
        } * settings.radius_multiplier;
        let media = (!photons.media.is_empty()).then(|| {
            let tree = PhotonTree::new(photons.media);
            // POV-Ray doubles the radius it picks for media photons.
            let radius = match settings.media_radius {
                Some(r) => r,
                None => radius::automatic(&tree, gather_max, radius::Spread::Volume) * 2.0,
            } * settings.media_radius_multiplier;
            (tree, radius)
        });
        Ok(Some(PhotonMap {
            tree,
            radius,
            media,
            gather_min: settings.gather_min as usize,
            gather_max,
            expand_tolerance: settings.expand_tolerance,
            expand_min_count: settings.expand_min_count as usize,
        }))
    }

    /// Photons left on surfaces and in media.
    pub fn len(&self) -> usize {
        self.tree.len() + self.media.as_ref().map_or(0, |(tree, _)| tree.len())
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    pub fn photon(&self, index: u32) -> Photon {
        self.tree.get(index)
    }

    /// Whether photons were left in media.
    pub fn has_media_photons(&self) -> bool {
        self.media.is_some()
    }

    /// Gathers the media photons around `point` (in space, not on a surface) into
    /// `found` as [`Self::gather`] gathers those on surfaces; hands each to `sink`
    /// as (unit direction back to its source, the light it brings per volume).
    pub fn gather_media(
        &self,
        point: DVec3,
        (found, wider): (&mut Found, &mut Found),
        sink: &mut dyn FnMut(DVec3, DVec3),
    ) {
        let Some((tree, radius)) = &self.media else {
            return;
        };
        let r = self.gather_in(
            tree,
            (point, None),
            *radius,
            radius::Spread::Volume,
            (found, wider),
        );
        if r <= 0.0 {
            return;
        }
        let per_volume = 3.0 / (4.0 * std::f64::consts::PI * r * r * r);
        for index in found.indices() {
            let photon = tree.get(index);
            sink(
                photon.towards_source.as_dvec3(),
                photon.power.as_dvec3() * per_volume,
            );
        }
    }

    /// Gathers the photons around `point` on a surface of unit `normal` into `found`:
    /// within the map's radius, or (when too few are there) three times it if the
    /// density it finds there is much the same. `wider` is scratch for that second search,
    /// kept by the caller so no gather allocates. Returns the radius they lie within.
    pub fn gather(&self, point: DVec3, normal: DVec3, found: &mut Found, wider: &mut Found) -> f64 {
        self.gather_in(
            &self.tree,
            (point, Some(normal)),
            self.radius,
            radius::Spread::Surface,
            (found, wider),
        )
    }

    /// [`Self::gather`] in `tree`, starting from `radius`; photons spread over
    /// `spread` set how their density is judged.
    fn gather_in(
        &self,
        tree: &PhotonTree,
        (point, normal): (DVec3, Option<DVec3>),
        radius: f64,
        spread: radius::Spread,
        (found, wider): (&mut Found, &mut Found),
    ) -> f64 {
        let first = tree.search(point, normal, radius, self.gather_max, found);
        let n = found.len();
        if n >= self.gather_min {
            return first;
        }
        let density = if n > 0 { spread.density(n, first) } else { 1e-16 };
        let grown = tree.search(point, normal, radius * 3.0, self.gather_max, wider);
        let m = wider.len();
        let wider_density = spread.density(m, grown);
        if (wider_density - density) / density < self.expand_tolerance || (m > 0 && m < self.expand_min_count)
        {
            std::mem::swap(found, wider);
            return grown;
        }
        first
    }
}
