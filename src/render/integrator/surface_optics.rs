//! What a surface does to light that meets it, without lighting it: how much its
//! layers let through and what they reflect. Photons follow it, and the radiosity
//! pretrace follows camera rays by it.

use glam::DVec3;

use crate::render::integrator::tracer::{
    conserved, indirect_share, reflected_direction, reflection_amount, relative_ior,
};
use crate::render::pattern::bracket;
use crate::render::world::{Layer, Surface, World};

/// How light passes a surface's layers: the product of their filter and transmit, and
/// the reflections they make (colour, and the direction the reflected light leaves in).
pub struct SurfaceOptics {
    pub through: DVec3,
    /// Inline: most surfaces have one layer, and this is made at every photon hit.
    pub reflections: smallvec::SmallVec<[(DVec3, DVec3); 2]>,
    /// The top layer's normal, which refracts.
    pub normal: DVec3,
    /// The most diffuse light can add through the first layer where it adds more than
    /// `adc_bailout` ([`indirect_share`]); read only for [`Reader::Pretrace`].
    pub diffuse_share: f64,
    /// That layer's normal.
    pub diffuse_normal: DVec3,
}

/// Who follows light through the surface: only the radiosity pretrace asks where
/// diffuse light counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Photons,
    Pretrace,
}

impl SurfaceOptics {
    /// The surface's layers where a ray along unit `dir` meets them at `point`, its
    /// normal `facing` the ray; `inside` when the ray leaves the object. Layers under
    /// ones that let through no more than `adc_bailout` are not read.
    pub fn at(
        world: &World,
        surface: &Surface,
        (leaf, triangle): (u32, u32),
        (point, dir, facing): (DVec3, DVec3, DVec3),
        inside: bool,
        (reader, adc_bailout): (Reader, f64),
    ) -> SurfaceOptics {
        let uv = if surface.needs_uv() {
            world.uv_point(leaf, triangle, point)
        } else {
            DVec3::ZERO
        };
        let (pigment_point, normal_point) = surface.shading_points(point, uv);
        let mut optics = SurfaceOptics {
            through: DVec3::ONE,
            reflections: smallvec::SmallVec::new(),
            normal: facing,
            diffuse_share: 0.0,
            diffuse_normal: facing,
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
            if reader == Reader::Pretrace && optics.diffuse_share <= adc_bailout {
                optics.diffuse_share = indirect_share(optics.through, &paint, layer.finish.diffuse);
                optics.diffuse_normal = normal;
            }
            let ior = relative_ior(surface.interior.ior, !inside);
            let amount = reflection_amount(&layer.finish, &paint, -dir.dot(normal), ior);
            if amount.max_element() > 0.0 {
                let reflected = reflected_direction(dir, normal, facing);
                optics.reflections.push((amount * optics.through, reflected));
            }
            optics.through *= DVec3::splat(paint.transmit) + paint.rgb * paint.filter;
            if layer.finish.conserve_energy {
                // What the layer reflects does not also pass through it.
                optics.through *= conserved(amount);
            }
            if optics.through.max_element() <= adc_bailout {
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
