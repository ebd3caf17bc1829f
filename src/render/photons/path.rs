//! One photon's way through the world: through `pass_through` objects to its target,
//! then reflected and refracted from surface to surface, left on every surface it
//! meets after the target (but those with `collect off`).

use std::sync::Arc;

use glam::DVec3;

use crate::render::integrator::fade;
use crate::render::integrator::media::RenderInterior;
use crate::render::integrator::surface_optics::{Reader, SurfaceOptics};
use crate::render::integrator::tracer::refracted;
use crate::render::lights::LightSource;
use crate::render::ray::{Ray, EPSILON};
use crate::render::shapes::Crossing;
use crate::render::world::World;
use crate::scene::LightPhotons;

use super::media_path::{Deposits, MediaSteps};
use super::store::Photon;

/// What every photon of one shot shares.
pub struct Shot<'a> {
    pub world: &'a World,
    pub light: &'a LightSource,
    /// The target's leaves.
    pub target: std::ops::Range<u32>,
    /// The photons' spread (radians between neighbours, or world units for a parallel
    /// light), and its square: with the distance travelled, the area each one stands
    /// for.
    pub spread: f64,
    pub spread_squared: f64,
    /// Photons left in media, if the scene asks for them.
    pub media: Option<MediaSteps>,
    /// Photons left so far by every shot, and the most there may be: a photon may
    /// leave thousands in media, so those count as they are left.
    pub left: &'a std::sync::atomic::AtomicU64,
    pub most: u64,
    /// The job's memory budget, asked before photons are left in media, and its
    /// error once it ran out.
    pub memory: crate::budget::MemoryBudget,
    pub over_budget: &'a std::sync::OnceLock<crate::budget::OverBudget>,
    pub parallel: bool,
    pub max_level: u32,
    pub adc_bailout: f64,
}

/// A photon on its way.
#[derive(Clone, Copy)]
pub struct Flight {
    pub ray: Ray,
    pub colour: DVec3,
    pub weight: f64,
    /// Distance travelled since the light.
    pub travelled: f64,
    /// Surfaces met since (and including) the target; 0 before it.
    pub level: u32,
}

/// Per-thread buffers.
#[derive(Default)]
pub struct PathScratch {
    crossings: Vec<Crossing>,
}

impl Shot<'_> {
    /// Follows `flight`, adding the photons it leaves to `out`; says whether it
    /// reached the target. `inside`: the interiors with media the photon is in.
    pub fn follow(
        &self,
        flight: Flight,
        inside: &mut Vec<Arc<RenderInterior>>,
        scratch: &mut PathScratch,
        out: &mut Deposits,
    ) -> bool {
        let mut flight = flight;
        let mut reached = flight.level > 0;
        // As in POV-Ray, a photon is not left where it arrives straight from a
        // `pass_through` object (but it is on such an object itself).
        let mut passed_through = false;
        loop {
            if flight.level >= self.max_level || flight.weight < self.adc_bailout {
                return reached;
            }
            let Some(hit) = self
                .world
                .nearest(&flight.ray, EPSILON, f64::INFINITY, &mut scratch.crossings)
            else {
                return reached;
            };
            let leaf = &self.world.leaves[hit.leaf as usize];
            let flags = self.world.photon_flags(hit.leaf);
            let surface = &*leaf.surface;
            let length = flight.ray.direction.length();
            let dir = flight.ray.direction / length;
            let point = flight.ray.at(hit.t);
            let segment = hit.t * length;
            let entering = hit.normal.dot(dir) < 0.0;
            let facing = if entering { hit.normal } else { -hit.normal };
            if !entering {
                flight.colour *= fade::shadow_fade(&surface.interior, segment);
            }
            if !inside.is_empty() {
                // As in POV-Ray, photons are left in media only on the way from a
                // surface the photon met after its target, not from a pass_through one.
                let deposit = flight.level > 0 && !passed_through;
                self.through_media(&mut flight, inside, (dir, segment), deposit, out);
            }
            flight.travelled += segment;
            if flight.level == 0 {
                if self.target.contains(&hit.leaf) {
                    reached = true;
                } else if !flags.passes_through() {
                    return false;
                }
            } else if flags.collects() && !passed_through {
                self.leave(&flight, point, dir, &mut out.surface);
            }
            passed_through = flags.passes_through();
            let optics = SurfaceOptics::at(
                self.world,
                surface,
                (hit.leaf, hit.triangle),
                (point, dir, facing),
                !entering,
                (Reader::Photons, self.adc_bailout),
            );
            if flags.passes_through() && !(flight.level == 0 && reached) {
                flight.colour *= optics.through;
                flight.weight *= optics.through.max_element();
                flight.ray = Ray::new(point, dir);
                self.cross(inside, &surface.interior, entering);
                continue;
            }
            flight.level += 1;
            let light: &LightPhotons = &self.light.photons;
            if flags.reflects(light) {
                for &(amount, reflected_dir) in &optics.reflections {
                    let strength = amount.max_element();
                    let reflected = Flight {
                        ray: Ray::new(point, reflected_dir),
                        colour: flight.colour * amount,
                        weight: flight.weight * strength * strength,
                        ..flight
                    };
                    let mut branch = inside.clone();
                    self.follow(reflected, &mut branch, scratch, out);
                }
            }
            let transparency = optics.through.element_sum() / 3.0;
            if !flags.refracts(light) || surface.opaque || transparency.min(1.0) <= self.adc_bailout {
                return reached;
            }
            flight.weight *= optics.through.max_element();
            let ior = surface.interior.ior;
            flight.ray = match refracted(dir, optics.normal, entering, ior) {
                Some(new_dir) => {
                    flight.colour *= optics.through;
                    self.cross(inside, &surface.interior, entering);
                    Ray::new(point, new_dir)
                }
                // Reflected back inside, whole.
                None => Ray::new(point, dir - 2.0 * dir.dot(optics.normal) * optics.normal),
            };
        }
    }

    /// The photon crosses a surface into (or out of) its object's interior: its media
    /// start (or stop) acting on the photon, when the scene leaves photons in media.
    fn cross(&self, inside: &mut Vec<Arc<RenderInterior>>, interior: &Arc<RenderInterior>, entering: bool) {
        if self.media.is_none() || interior.media.is_empty() {
            return;
        }
        if entering {
            inside.push(interior.clone());
        } else if let Some(at) = inside.iter().rposition(|i| i.same_as(interior)) {
            inside.remove(at);
        }
    }

    /// Leaves a photon at `point`, arrived along `dir`.
    fn leave(&self, flight: &Flight, point: DVec3, dir: DVec3, out: &mut Vec<Photon>) {
        let d = flight.travelled;
        let mut area = self.spread_squared;
        if !self.parallel {
            area *= d * d;
        }
        let power = flight.colour * self.light.fade(d) * area;
        if power.max_element() <= 0.0 || !power.is_finite() {
            return;
        }
        out.push(Photon {
            position: point.as_vec3(),
            towards_source: (-dir).as_vec3(),
            power: power.as_vec3(),
        });
    }
}
