//! One photon's way through the world: through `pass_through` objects to its target,
//! then reflected and refracted from surface to surface, left on every surface it
//! meets after the target (but those with `collect off`).

use glam::DVec3;

use crate::render::integrator::fade;
use crate::render::integrator::surface_optics::{Reader, SurfaceOptics};
use crate::render::integrator::tracer::refracted;
use crate::render::lights::LightSource;
use crate::render::ray::{Ray, EPSILON};
use crate::render::shapes::Crossing;
use crate::render::world::World;
use crate::scene::LightPhotons;

use super::store::Photon;

/// What every photon of one shot shares.
pub struct Shot<'a> {
    pub world: &'a World,
    pub light: &'a LightSource,
    /// The target's leaves.
    pub target: std::ops::Range<u32>,
    /// The photons' spread (radians between neighbours, or world units for a parallel
    /// light), squared: with the distance travelled, the area each one stands for.
    pub spread_squared: f64,
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
    /// reached the target.
    pub fn follow(&self, flight: Flight, scratch: &mut PathScratch, out: &mut Vec<Photon>) -> bool {
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
            flight.travelled += segment;
            if flight.level == 0 {
                if self.target.contains(&hit.leaf) {
                    reached = true;
                } else if !flags.passes_through() {
                    return false;
                }
            } else if flags.collects() && !passed_through {
                self.leave(&flight, point, dir, out);
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
                    self.follow(reflected, scratch, out);
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
                    Ray::new(point, new_dir)
                }
                // Reflected back inside, whole.
                None => Ray::new(point, dir - 2.0 * dir.dot(optics.normal) * optics.normal),
            };
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
