//! One photon's way through the world: through `pass_through` objects to its target,
//! then reflected and refracted from surface to surface, left on every surface it
//! meets after the target (but those with `collect off`).

use glam::DVec3;

use crate::render::integrator::fade;
use crate::render::integrator::tracer::{reflection_amount, refracted};
use crate::render::lights::LightSource;
use crate::render::pattern::bracket;
use crate::render::ray::{Ray, EPSILON};
use crate::render::shapes::Crossing;
use crate::render::world::{Layer, World};
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

/// How light passes a surface's layers: the product of their filter and transmit, and
/// the reflections they make (colour, and the layer's normal).
struct SurfaceOptics {
    through: DVec3,
    /// Inline: most surfaces have one layer, and this is made at every photon hit.
    reflections: smallvec::SmallVec<[(DVec3, DVec3); 2]>,
    /// The top layer's normal, which refracts.
    normal: DVec3,
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
            let optics = self.optics(surface, (hit.leaf, hit.triangle), point, dir, facing, !entering);
            if flags.passes_through() && !(flight.level == 0 && reached) {
                flight.colour *= optics.through;
                flight.weight *= optics.through.max_element();
                flight.ray = Ray::new(point, dir);
                continue;
            }
            flight.level += 1;
            let light: &LightPhotons = &self.light.photons;
            if flags.reflects(light) {
                for (amount, normal) in &optics.reflections {
                    let strength = amount.max_element();
                    let reflected = Flight {
                        ray: Ray::new(point, dir - 2.0 * dir.dot(*normal) * *normal),
                        colour: flight.colour * *amount,
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

    /// The surface's layers where the photon meets them.
    fn optics(
        &self,
        surface: &crate::render::world::Surface,
        (leaf, triangle): (u32, u32),
        point: DVec3,
        dir: DVec3,
        facing: DVec3,
        inside: bool,
    ) -> SurfaceOptics {
        let uv = if surface.needs_uv() {
            self.world.uv_point(leaf, triangle, point)
        } else {
            DVec3::ZERO
        };
        let (pigment_point, normal_point) = surface.shading_points(point, uv);
        let mut optics = SurfaceOptics {
            through: DVec3::ONE,
            reflections: smallvec::SmallVec::new(),
            normal: facing,
        };
        let layers = surface.facing(inside);
        let mut top = true;
        for layer in layers.iter().rev() {
            let layer = pick_entry(layer, pigment_point);
            let normal = match &layer.normal {
                Some(bumps) => bumps.perturb(if layer.uv || bumps.uv { uv } else { normal_point }, facing),
                None => facing,
            };
            if top {
                optics.normal = normal;
                top = false;
            }
            let paint = layer
                .pigment
                .eval_at(if layer.uv { uv } else { pigment_point }, Some(uv));
            let amount = reflection_amount(&layer.finish, &paint, -dir.dot(normal));
            if amount.max_element() > 0.0 {
                optics.reflections.push((amount * optics.through, normal));
            }
            optics.through *= DVec3::splat(paint.transmit) + paint.rgb * paint.filter;
            if layer.finish.conserve_energy {
                // What the layer reflects does not also pass through it.
                optics.through *= DVec3::ONE - amount;
            }
            if optics.through.max_element() <= self.adc_bailout {
                break;
            }
        }
        optics
    }
}

/// A patterned layer's entry where the pattern puts `p` (the nearer of the two it
/// lies between); a plain layer itself.
fn pick_entry(layer: &Layer, p: DVec3) -> &Layer {
    let Some(map) = &layer.map else {
        return layer;
    };
    let q = map.pattern.warp(p);
    let value = map.pattern.evaluate(q);
    let ((a, b), t) = bracket(&map.entries, value, |e| e.0);
    let stack = &map.entries[if t < 0.5 { a } else { b }].1;
    match stack.last() {
        Some(top) => pick_entry(top, q),
        None => layer,
    }
}
