//! The tracer's side of participating media: which interiors' media a ray is inside,
//! media along the ray's segment (interiors' first, then the atmosphere's), light
//! scattered from each light at a sample, and media dimming shadow rays.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use glam::DVec3;

use super::{grey, Tracer};
use crate::render::integrator::media::{CompiledMedia, Integrator, RenderInterior, Segment, MISS_LENGTH};
use crate::render::lights::LightSource;
use crate::render::ray::Ray;
use crate::render::sampling::{hash, position_seed};
use crate::render::world::Hit;

/// How a crossing changed the ray's media: undone when the transmitted ray returns.
pub(super) enum Crossed {
    Entered,
    Left(usize, Arc<RenderInterior>),
}

impl Tracer<'_> {
    /// A ray passing through a surface whose interior has media enters or leaves them.
    pub(super) fn cross_media(&mut self, interior: &Arc<RenderInterior>, entering: bool) -> Option<Crossed> {
        if interior.media.is_empty() {
            return None;
        }
        if entering {
            self.media_stack.push(interior.clone());
            return Some(Crossed::Entered);
        }
        // The parts of a CSG object each hold their own copy of its interior, sharing
        // the scene's: a ray may enter through one part and leave through another.
        let at = self.media_stack.iter().rposition(|i| i.same_as(interior))?;
        Some(Crossed::Left(at, self.media_stack.remove(at)))
    }

    /// A camera ray starts in the media of the objects around its origin (found once
    /// for each origin in turn).
    pub(super) fn start_in_media(&mut self, origin: DVec3) {
        let world = self.scene.world;
        if !self.scene.settings.media || !world.has_media_inside() {
            return;
        }
        let known = matches!(&self.camera_media, Some((at, _)) if *at == origin);
        if !known {
            self.camera_media = Some((origin, world.media_around(origin)));
        }
        if let Some((_, around)) = &self.camera_media {
            self.media_stack.clone_from(around);
        }
    }

    pub(super) fn uncross_media(&mut self, crossed: Option<Crossed>) {
        match crossed {
            Some(Crossed::Entered) => {
                self.media_stack.pop();
            }
            Some(Crossed::Left(at, interior)) => self.media_stack.insert(at, interior),
            None => {}
        }
    }

    /// `colour`, arriving from where `ray` met `hit` (or from afar), seen through the
    /// media of the interiors the ray is in and then the atmosphere's. Media show only
    /// where the ray is inside no solid (not `hollow`) object.
    pub(super) fn through_media(&mut self, ray: &Ray, hit: Option<&Hit>, colour: DVec3, seed: u64) -> DVec3 {
        let settings = self.scene.settings;
        if !settings.media || self.inside > 0 {
            return colour;
        }
        if self.media_stack.is_empty() && settings.atmosphere.is_empty() {
            return colour;
        }
        let length = ray.direction.length();
        let direction = ray.direction / length;
        let distance = hit.map_or(MISS_LENGTH, |h| (h.t * length).min(MISS_LENGTH));
        let seg = Segment {
            origin: ray.origin,
            direction,
            length: distance,
        };
        let seed = hash(&[seed, position_seed(ray.origin), position_seed(direction), 0x6d65]);
        let mut colour = colour;
        if hit.is_some() && !self.media_stack.is_empty() {
            let stack = self.media_stack.clone();
            let media: Vec<&CompiledMedia> = stack.iter().flat_map(|i| i.media.iter()).collect();
            colour = self.segment(&media, seg, colour, seed);
        }
        if !settings.atmosphere.is_empty() {
            let media: Vec<&CompiledMedia> = settings.atmosphere.iter().collect();
            colour = self.segment(&media, seg, colour, hash(&[seed, 1]));
        }
        colour
    }

    /// `colour` seen through `media` along `seg`, lit by the lights that interact with
    /// media.
    fn segment(&mut self, media: &[&CompiledMedia], seg: Segment, colour: DVec3, seed: u64) -> DVec3 {
        let lights = self.scene.lights;
        let spans = lights
            .iter()
            .filter(|l| l.media_interaction)
            .filter_map(|l| l.media_span(seg.origin, seg.direction, seg.length))
            .collect();
        let mut light_seed = 0u64;
        let photons = self.scene.photons.filter(|map| map.has_media_photons());
        let [mut found, mut wider] = std::mem::take(&mut self.photons_found);
        let mut at = |p: DVec3, sink: &mut dyn FnMut(DVec3, DVec3)| {
            for light in lights.iter().filter(|l| l.media_interaction) {
                light_seed += 1;
                if let Some(c) = self.light_at(light, p, hash(&[seed, light_seed])) {
                    sink(c.0, c.1);
                }
            }
            if let Some(map) = photons {
                map.gather_media(p, (&mut found, &mut wider), sink);
            }
        };
        let (added, through) = Integrator {
            media,
            lights: Some(&mut at),
            spans,
            photons: photons.is_some(),
            seed,
        }
        .run(seg);
        self.photons_found = [found, wider];
        self.transparency *= grey(through);
        colour * through + added
    }

    /// The light `light` sends to `p` (unit direction to it, colour), after shadows,
    /// or `None` when none arrives; the light's centre casts the shadow, as POV-Ray's
    /// media samples do. Where media hold photons, photon targets that refract the
    /// light shadow it fully, as on surfaces: the photons bring the light through.
    fn light_at(&mut self, light: &LightSource, p: DVec3, seed: u64) -> Option<(DVec3, DVec3)> {
        let incidence = light.incidence(p)?;
        let visible = if (light.shadowless && light.through.is_none()) || !self.scene.settings.shadows {
            DVec3::ONE
        } else {
            let stop = self.scene.stop;
            let collects = self.scene.photons.is_some_and(|map| map.has_media_photons());
            light.visibility(p, seed, false, &|| stop.load(Ordering::Relaxed), |target| {
                self.light_shadow(p, target, light, collects)
            })
        };
        let colour = self.arriving(light, p, &incidence, visible);
        (colour != DVec3::ZERO).then_some((incidence.direction, colour))
    }

    /// The light's colour arriving at `p` past what shadows it (`visible`) and dimmed
    /// by the fogs on the way, when the light has `media_attenuation` (as POV-Ray 3.7.0
    /// dims it: matched pixel for pixel against its render of a fogged floor lit
    /// through 800 units of fog).
    pub(super) fn arriving(
        &self,
        light: &LightSource,
        p: DVec3,
        incidence: &crate::render::lights::Incidence,
        visible: DVec3,
    ) -> DVec3 {
        let colour = incidence.colour * visible;
        let settings = self.scene.settings;
        let fogged = light.media_attenuation && light.media_interaction && settings.media;
        if !fogged || settings.fogs.is_empty() || colour.max_element() < 1e-10 {
            return colour;
        }
        colour
            * settings
                .fogs
                .transmittance(p, incidence.direction, incidence.distance)
    }

    /// Light reaching `from` from `target` on `light`: the shadow ray's filtering, and
    /// the atmosphere's media when the light has `media_attenuation`. With `collects`
    /// (a surface lit by the photon map), photon targets that refract the light's
    /// photons cast full shadows: the photons bring the light through them.
    pub(super) fn light_shadow(
        &mut self,
        from: DVec3,
        target: DVec3,
        light: &LightSource,
        collects: bool,
    ) -> DVec3 {
        let filter = match &light.through {
            Some(through) => self.shadow_projected(&through.0, light.shadowless, from, target),
            None => self.shadow_for(from, target, collects.then_some(&light.photons)),
        };
        let settings = self.scene.settings;
        if !light.media_attenuation
            || !settings.media
            || settings.atmosphere.is_empty()
            || filter == DVec3::ZERO
        {
            return filter;
        }
        let offset = target - from;
        let length = offset.length();
        if length <= 0.0 {
            return filter;
        }
        // Shadow rays are many: their media lists stay off the heap.
        let media: smallvec::SmallVec<[&CompiledMedia; 4]> = settings.atmosphere.iter().collect();
        let seg = Segment {
            origin: from,
            direction: offset / length,
            length,
        };
        let seed = hash(&[position_seed(from), position_seed(target)]);
        filter
            * Integrator {
                media: &media,
                lights: None,
                spans: Vec::new(),
                photons: false,
                seed,
            }
            .run(seg)
            .1
    }
}

/// How much light an interior's media let through along `ray` from `t0` to `t1` (a
/// shadow ray's stretch inside the object).
pub(super) fn extinction(interior: &RenderInterior, ray: &Ray, t0: f64, t1: f64) -> DVec3 {
    let length = ray.direction.length();
    let direction = ray.direction / length;
    let seg = Segment {
        origin: ray.at(t0),
        direction,
        length: (t1 - t0) * length,
    };
    let media: smallvec::SmallVec<[&CompiledMedia; 4]> = interior.media.iter().collect();
    let seed = hash(&[position_seed(seg.origin), position_seed(direction)]);
    Integrator {
        media: &media,
        lights: None,
        spans: Vec::new(),
        photons: false,
        seed,
    }
    .run(seg)
    .1
}
