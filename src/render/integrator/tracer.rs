//! Tracing one ray through the world and shading what it hits with POV-Ray's model:
//! ambient, diffuse with brilliance, specular and phong highlights, reflection,
//! filtered and transmitted light with refraction, shadows, and radiosity.

use crate::render::pattern::surface as pattern_surface;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::render::integrator::fade;
use crate::render::integrator::fog::Fogs;
use crate::render::integrator::media::{CompiledMedia, RenderInterior};
use crate::render::integrator::radiosity::{Irradiance, Normals};
use crate::render::integrator::rainbow::Rainbows;
use crate::render::lights::LightSource;
use crate::render::pattern::bracket;
use crate::render::photons::PhotonMap;
use crate::render::ray::{Ray, EPSILON};
use crate::render::sampling::{hash, position_seed};
use crate::render::shapes::Crossing;
use crate::render::texture::normal::NormalFrame;
use crate::render::texture::pigment::{CompiledPigment, Paint};
use crate::render::world::{Hit, Layer, LayerMap, Lighting, Scratch, Surface, World};
use crate::scene::pattern::PatternKind;
use crate::scene::LightPhotons;

mod media_trace;
mod photon_light;

/// Scene-wide settings the tracer needs, already adjusted for Quality.
#[derive(Clone, Debug)]
pub struct TraceSettings {
    pub background: Background,
    pub ambient_light: DVec3,
    pub max_trace_level: u32,
    pub adc_bailout: f64,
    pub shadows: bool,
    pub area_lights: bool,
    pub reflections: bool,
    /// With radiosity on, POV-Ray 3.7 ignores `ambient` (indirect light replaces it),
    /// except in scenes of an older language version.
    pub ambient_off: bool,
    pub fogs: Fogs,
    pub rainbows: Rainbows,
    /// Whether media render at all (quality 9 and up).
    pub media: bool,
    /// The scene's atmospheric `media`.
    pub atmosphere: Vec<CompiledMedia>,
    /// Radiosity's gather rays pass through media (`radiosity { media on }`); POV-Ray's
    /// default leaves media out of indirect light.
    pub gather_media: bool,
    /// Primary rays see nothing farther than this (the mesh camera's max distance).
    pub camera_reach: f64,
}

/// What rays that hit nothing see: the `sky_sphere`, if any, over the `background`.
#[derive(Clone, Debug)]
pub struct Background {
    /// The background colour as POV-Ray 3.7.0 holds it once parsed for this output
    /// (see [`Background::new`]).
    colour: Paint,
    sky: Option<Sky>,
    /// Composed as POV-Ray 3.6 did (the scene's language version is below 3.7).
    legacy: bool,
    /// The image has an alpha channel.
    alpha: bool,
}

/// A compiled `sky_sphere`.
#[derive(Clone, Debug)]
pub struct Sky {
    /// In the order written; the last is the outermost layer.
    pub pigments: Vec<CompiledPigment>,
    pub emission: DVec3,
    /// World directions to sky space.
    pub to_sky: DMat4,
}

impl Background {
    /// The scene's `background` and compiled `sky_sphere`. POV-Ray 3.7.0 adjusts the
    /// background colour as it parses it, by the language version then in force:
    /// below 3.7 filter goes and transmit becomes 1 with an alpha channel, 0 without;
    /// from 3.7 on, without an alpha channel, the colour is composed over black
    /// (scaled by `1 - transmit`, filter ignored) and made opaque.
    pub fn new(
        background: &crate::scene::Colour,
        legacy_background: bool,
        sky: Option<Sky>,
        legacy: bool,
        alpha: bool,
    ) -> Background {
        let mut colour = Paint::from_colour(background);
        if legacy_background {
            colour.filter = 0.0;
            colour.transmit = if alpha { 1.0 } else { 0.0 };
        } else if !alpha {
            colour.rgb *= 1.0 - colour.transmit;
            colour.filter = 0.0;
            colour.transmit = 0.0;
        }
        Background {
            colour,
            sky,
            legacy,
            alpha,
        }
    }

    /// The colour (linear light) seen along `direction`, and how much of what lies
    /// behind it shows through (for the alpha channel), by a ray that is (`camera`) or
    /// is not a camera ray or one the camera ray transmitted. Reflected rays and
    /// radiosity samples see the background opaque, as in POV-Ray 3.7.0, whose
    /// reflections and radiosity trace with its "alpha background" off.
    pub fn sample(&self, direction: DVec3, camera: bool) -> (DVec3, f64) {
        let alpha_background = self.alpha && camera;
        let point = |sky: &Sky| sky.to_sky.transform_point3(direction.normalize());
        if self.legacy {
            // As POV-Ray 3.6: with an alpha channel camera rays see nothing (black,
            // all transparent); other rays see the layers composed with a running
            // product of their filter and transmit, then the background through them.
            if alpha_background {
                return (DVec3::ZERO, 1.0);
            }
            // No sky: the background alone (the products below start at 1 for the
            // first layer to scale, and would double it).
            if self.sky.is_none() {
                return (self.colour.rgb, 0.0);
            }
            let mut colour = DVec3::ZERO;
            let (mut rgb, mut filter, mut transmit) = (DVec3::ONE, 1.0, 1.0);
            if let Some(sky) = &self.sky {
                let p = point(sky);
                let mut through = 1.0;
                for pigment in sky.pigments.iter().rev() {
                    let c = pigment.eval(p);
                    colour += c.rgb * (through * (1.0 - c.filter - c.transmit));
                    rgb *= c.rgb;
                    filter *= c.filter;
                    transmit *= c.transmit;
                    through = f64::abs(filter) + f64::abs(transmit);
                }
                colour *= sky.emission;
            }
            let seen = self.colour.rgb * (rgb * filter + DVec3::splat(transmit));
            return (colour + seen, 0.0);
        }
        // As a genuine sphere with layered pigments: each layer adds its colour by its
        // opacity, through the filtering and transmission of the layers above it, and
        // the background is one more layer beneath.
        let mut colour = DVec3::ZERO;
        let mut through = DVec3::ONE;
        if let Some(sky) = &self.sky {
            let p = point(sky);
            for pigment in sky.pigments.iter().rev() {
                let c = pigment.eval(p);
                colour += c.rgb * (1.0 - c.filter - c.transmit) * through * sky.emission;
                through *= c.rgb * c.filter + DVec3::splat(c.transmit);
            }
        }
        let mut background = self.colour;
        if !alpha_background {
            background.filter = 0.0;
            background.transmit = 0.0;
        }
        colour += background.rgb * (1.0 - background.filter - background.transmit) * through;
        through *= background.rgb * background.filter + DVec3::splat(background.transmit);
        (colour, grey(through).abs().min(1.0))
    }
}

/// POV-Ray's greyscale weights, which it uses for how much a filtering surface lets
/// through to the alpha channel, and to weigh what a layer can add to the pixel.
pub(crate) fn grey(c: DVec3) -> f64 {
    0.297 * c.x + 0.589 * c.y + 0.114 * c.z
}

/// The most a layer's diffuse indirect light can add to what reaches the layer, as
/// POV-Ray 3.7 weighs it: the grey of the light let through to the layer in its colour,
/// times its opacity and its `diffuse`. The render and the radiosity pretrace both
/// decide by it whether a layer takes a radiosity sample.
pub(crate) fn indirect_share(through: DVec3, paint: &Paint, diffuse: f64) -> f64 {
    grey(through * paint.rgb) * paint.opacity() * diffuse.max(0.0)
}

pub struct Scene<'a> {
    pub world: &'a World,
    /// The photons left on surfaces, if the scene shoots any.
    pub photons: Option<&'a PhotonMap>,
    /// The scene's lights (those outside every `light_group`).
    pub lights: &'a [LightSource],
    /// Each `light_group`'s lights, by the group number the world gives its leaves.
    pub light_groups: &'a [Vec<LightSource>],
    pub settings: &'a TraceSettings,
    /// The job's stop flag: loops that can run for long within one pixel (area light
    /// grids) give up when it is raised; the tile's result is then discarded.
    pub stop: &'a AtomicBool,
}

/// Where a surface is lit, and by which `light_group` (if it is in one).
#[derive(Clone, Copy)]
struct LitBy {
    point: DVec3,
    normal: DVec3,
    view: DVec3,
    lighting: Lighting,
    /// Photon targets that refract the light cast full shadows (their caustics come
    /// from the photon map).
    collects: bool,
}

/// What kind of ray is being traced, which decides how much work shading does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Camera rays and their reflections: full quality.
    Image,
    /// Rays gathering indirect light for a radiosity sample: direct light only, with
    /// area lights reduced to their centre.
    Gather,
}

/// Per-thread tracing state.
pub struct Tracer<'a> {
    pub scene: Scene<'a>,
    pub irradiance: &'a dyn Irradiance,
    scratch: Vec<Crossing>,
    shadow_scratch: Scratch,
    pub rays_traced: u64,
    /// How much of the background the ray last given to [`Tracer::trace`] saw through
    /// transparent surfaces: what the alpha channel leaves uncovered.
    pub transparency: f64,
    /// Whether the ray being traced is a camera ray or one it transmitted (not a
    /// reflection), which decides how it sees the background.
    pub direct: bool,
    /// How many solid (not `hollow`) objects the ray being traced has entered and not
    /// left: fog shows only outside them.
    inside: u32,
    /// The interiors with media the ray is inside, in the order it entered them.
    media_stack: Vec<Arc<RenderInterior>>,
    /// The media around the last camera ray's origin, and that origin.
    camera_media: Option<(DVec3, Vec<Arc<RenderInterior>>)>,
    /// The indirect light gather rays find where they land (the bounce before).
    bounce: Option<&'a dyn Irradiance>,
    /// The photons last gathered.
    /// The photon search's scratch: what it found, and what a wider search found.
    photons_found: [crate::render::photons::Found; 2],
    /// Lists of gathered photons to reuse, one taken per texture being shaded.
    photon_lists: Vec<Vec<u32>>,
}

impl<'a> Tracer<'a> {
    pub fn new(scene: Scene<'a>, irradiance: &'a dyn Irradiance) -> Tracer<'a> {
        Tracer {
            scene,
            irradiance,
            scratch: Vec::with_capacity(16),
            shadow_scratch: Scratch::default(),
            rays_traced: 0,
            transparency: 0.0,
            direct: true,
            inside: 0,
            media_stack: Vec::new(),
            camera_media: None,
            bounce: None,
            photons_found: Default::default(),
            photon_lists: Vec::new(),
        }
    }

    /// Gather rays see `bounce`'s indirect light where they land (radiosity's next
    /// bounce), not only the light sources'.
    pub fn with_bounce(mut self, bounce: Option<&'a dyn Irradiance>) -> Tracer<'a> {
        self.bounce = bounce;
        self
    }

    pub fn nearest(&mut self, ray: &Ray) -> Option<Hit> {
        self.rays_traced += 1;
        self.scene
            .world
            .nearest(ray, EPSILON, f64::INFINITY, &mut self.scratch)
    }

    /// Radiance arriving along a radiosity gather ray, and how far away its source is.
    pub fn gather(&mut self, ray: &Ray, seed: u64) -> (DVec3, f64) {
        let Some(hit) = self.nearest(ray) else {
            let (colour, _) = self.scene.settings.background.sample(ray.direction, false);
            return (colour, f64::INFINITY);
        };
        let world: &'a World = self.scene.world;
        let surface = &*world.leaves[hit.leaf as usize].surface;
        let colour = self.shade(surface, ray, &hit, 1, 1.0, Purpose::Gather, seed);
        (colour, hit.t * ray.direction.length())
    }

    /// Colour (linear light) seen along `ray`; `weight` is how much it can still add
    /// to the pixel, for the ADC bailout.
    pub fn trace(&mut self, ray: &Ray, depth: u32, weight: f64, purpose: Purpose, seed: u64) -> DVec3 {
        let hit = if depth == 0 {
            self.rays_traced += 1;
            self.start_in_media(ray.origin);
            let reach = self.scene.settings.camera_reach;
            let hit = self.scene.world.nearest_seen_by_camera(ray, &mut self.scratch);
            if reach < f64::INFINITY {
                hit.filter(|hit| hit.t * ray.direction.length() <= reach)
            } else {
                hit
            }
        } else {
            self.nearest(ray)
        };
        let colour = match &hit {
            None => {
                let (colour, transparency) =
                    self.scene.settings.background.sample(ray.direction, self.direct);
                self.transparency = if self.direct { transparency } else { 0.0 };
                colour
            }
            Some(hit) => {
                let world: &'a World = self.scene.world;
                let leaf = &world.leaves[hit.leaf as usize];
                self.shade(&leaf.surface, ray, hit, depth, weight, purpose, seed)
            }
        };
        let colour = if purpose == Purpose::Gather && !self.scene.settings.gather_media {
            colour
        } else {
            self.through_media(ray, hit.as_ref(), colour, seed)
        };
        let (fogs, rainbows) = (&self.scene.settings.fogs, &self.scene.settings.rainbows);
        if (fogs.is_empty() && rainbows.is_empty()) || self.inside > 0 {
            return colour;
        }
        let length = ray.direction.length();
        let mut colour = colour;
        if !rainbows.is_empty() {
            let through;
            (colour, through) =
                rainbows.apply(ray.direction / length, hit.map(|h| h.t * length), colour, seed);
            self.transparency *= through;
        }
        if fogs.is_empty() {
            return colour;
        }
        let (colour, through) = fogs.apply(
            ray.origin,
            ray.direction / length,
            hit.map(|h| h.t * length),
            colour,
        );
        self.transparency *= through;
        colour
    }

    #[allow(clippy::too_many_arguments)]
    fn shade(
        &mut self,
        surface: &Surface,
        ray: &Ray,
        hit: &Hit,
        depth: u32,
        weight: f64,
        purpose: Purpose,
        seed: u64,
    ) -> DVec3 {
        let point = ray.at(hit.t);
        let view = ray.direction.normalize();
        let entering = hit.normal.dot(view) < 0.0;
        let normal = if entering { hit.normal } else { -hit.normal };
        let world: &'a World = self.scene.world;
        // Surface coordinates cost a little: only for surfaces that use them.
        let uv = if surface.needs_uv() {
            world.uv_point(hit.leaf, hit.triangle, point)
        } else {
            DVec3::ZERO
        };
        let (pigment_point, normal_point) = surface.shading_points(point, uv);
        let point_seed = hash(&[seed, position_seed(point)]);
        let at = Shading {
            ray,
            point,
            view,
            normal,
            entering,
            depth,
            weight,
            purpose,
            seed,
            point_seed,
            lighting: world.lighting_of(hit.leaf),
            collects: self.scene.photons.is_some()
                && purpose == Purpose::Image
                && world.photon_flags(hit.leaf).collects(),
        };
        let frame = Frame {
            pigment_point,
            normal_point,
            normal,
            uv,
            back: None,
        };
        let shaded = pattern_surface::Surface {
            normal,
            direction: ray.direction,
            point,
        };
        if let Some((textures, shares)) = world.blob_textures(hit.leaf, point) {
            return pattern_surface::shading(shaded, || self.shade_blend(textures, &shares, &at, &frame));
        }
        // POV-Ray shows the interior texture where the ray meets the surface from inside.
        pattern_surface::shading(shaded, || {
            self.shade_stack(surface, surface.facing(!entering), &at, &frame)
        })
    }

    /// A blob's textures shaded each whole and summed by their shares of the field,
    /// as POV-Ray blends them.
    fn shade_blend(
        &mut self,
        textures: &[Arc<Surface>],
        shares: &[f64],
        at: &Shading,
        frame: &Frame,
    ) -> DVec3 {
        let (mut colour, mut transparency) = (DVec3::ZERO, 0.0);
        for (surface, &share) in textures.iter().zip(shares) {
            if share <= 0.0 {
                continue;
            }
            let (pigment_point, normal_point) = surface.shading_points(at.point, frame.uv);
            let own = Frame {
                pigment_point,
                normal_point,
                ..*frame
            };
            colour += self.shade_stack(surface, surface.facing(!at.entering), at, &own) * share;
            transparency += self.transparency * share;
        }
        self.transparency = transparency;
        colour
    }

    /// A stack of layers shaded where `frame` says: the light it sends back along the
    /// ray, transmitted light included; `self.transparency` is left as it sees the
    /// background through itself.
    fn shade_stack(&mut self, surface: &Surface, layers: &[Layer], at: &Shading, frame: &Frame) -> DVec3 {
        if let [only] = layers {
            if let Some(map) = &only.map {
                return self.shade_map(surface, map, only.uv, at, frame);
            }
        }
        let Shading {
            ray,
            point,
            view,
            normal,
            entering,
            depth,
            weight,
            purpose,
            seed,
            point_seed,
            lighting,
            collects,
        } = *at;
        let settings = self.scene.settings;

        let mut colour = DVec3::ZERO;
        // Light that passes through the layers so far (filter and transmit), and whether
        // some layer stopped it altogether.
        let mut through = DVec3::ONE;
        let mut opaque = false;
        let mut irradiance: Option<DVec3> = None;
        let mut photons = None;
        // The top layer's normal refracts the light, as in POV-Ray; where it reflects all
        // of it back inside, the layers' own reflections off that normal are left out.
        let mut top_normal = None;
        let mut total_reflection = false;
        let mut left_out: Vec<(DVec3, DVec3, f64)> = Vec::new();
        for layer in layers.iter().rev() {
            let normal = match &layer.normal {
                Some(bumps) => {
                    let at = if layer.uv || bumps.uv {
                        frame.uv
                    } else {
                        frame.normal_point
                    };
                    let tilted = frame.to_world(bumps.perturb(at, frame.normal));
                    // POV-Ray's slope and aoi see a layer's tilted normal, from that
                    // layer on down.
                    pattern_surface::tilt(tilted);
                    tilted
                }
                None => normal,
            };
            let top = *top_normal.get_or_insert_with(|| {
                total_reflection = !surface.opaque
                    && settings.reflections
                    && reflects_totally(view, normal, entering, surface.interior.ior);
                normal
            });
            let pigment_point = if layer.uv { frame.uv } else { frame.pigment_point };
            let paint = layer.pigment.eval_at(pigment_point, Some(frame.uv));
            let finish = &layer.finish;
            let opacity = paint.opacity();
            // POV-Ray 3.7's emission, like ambient, is a share of the pigment's colour.
            let mut local = finish.emission * paint.rgb;
            if !settings.ambient_off {
                local += finish.ambient * settings.ambient_light * paint.rgb;
            }
            // As in POV-Ray, the most the layer's indirect light can add to the pixel
            // decides whether it is worth computing, and how loosely samples may be
            // reused for it; the first layer for which it is worth it computes it.
            let contribution = indirect_share(through, &paint, finish.diffuse);
            if finish.diffuse > 0.0
                && opacity > 0.0
                && (irradiance.is_some() || contribution > settings.adc_bailout)
            {
                let normals = Normals {
                    raw: at.normal,
                    layer: normal,
                };
                let e = *irradiance.get_or_insert_with(|| {
                    if purpose == Purpose::Image {
                        let source = self.irradiance;
                        source.irradiance(self, point, normals, weight * contribution)
                    } else if let Some(bounce) = self.bounce {
                        bounce.irradiance(self, point, normals, weight * contribution)
                    } else {
                        DVec3::ZERO
                    }
                });
                local += finish.diffuse * paint.rgb * e;
            }
            local *= opacity;
            let lit = LitBy {
                point,
                normal,
                view,
                lighting,
                collects,
            };
            local += self.direct_light(surface, layer, &paint, &lit, purpose, point_seed);
            if collects {
                let site = photon_light::PhotonSite {
                    point,
                    surface_normal: at.normal,
                    normal,
                    view,
                    double_illuminate: surface.double_illuminate,
                };
                local += self.photon_light(&site, finish, &paint, &mut photons);
            }
            let traces_reflection = purpose == Purpose::Image
                && settings.reflections
                && depth + 1 < settings.max_trace_level
                && !surface.no_reflection;
            let amount = (traces_reflection || finish.conserve_energy).then(|| {
                let ior = relative_ior(surface.interior.ior, entering);
                reflection_amount(finish, &paint, -view.dot(normal), ior)
            });
            if let Some(amount) = amount.filter(|_| traces_reflection) {
                let w = weight * through.max_element() * amount.max_element();
                if w > settings.adc_bailout {
                    let dir = reflected_direction(view, normal, at.normal);
                    if total_reflection && (normal - top).abs().max_element() <= EPSILON {
                        left_out.push((through * amount, dir, w));
                    } else {
                        local += amount * self.reflect(point, dir, depth, w, purpose, seed);
                    }
                }
            }
            colour += through * local;
            through *= DVec3::splat(paint.transmit) + paint.rgb * paint.filter;
            if let Some(amount) = amount.filter(|_| finish.conserve_energy) {
                // What the layer reflects does not also pass through it.
                through *= conserved(amount);
            }
            if paint.filter + paint.transmit <= 0.0 || through.max_element() <= 0.0 {
                opaque = true;
                break;
            }
        }
        self.release_photons(photons);
        let mut transparency = 0.0;
        let mut reflected_inside = false;
        if !opaque {
            let w = weight * through.max_element();
            if depth + 1 < settings.max_trace_level && w > settings.adc_bailout {
                let towards = Towards {
                    normal: top_normal.unwrap_or(normal),
                    entering,
                };
                let light = self.transmit(surface, ray, point, towards, depth, w, purpose, seed);
                // POV-Ray does not filter light the surface reflected back inside.
                reflected_inside = total_reflection;
                if reflected_inside {
                    colour += light;
                    transparency = self.transparency;
                } else {
                    colour += through * light;
                    transparency = grey(through) * self.transparency;
                }
            }
        }
        if !reflected_inside {
            for (coefficient, dir, w) in left_out {
                colour += coefficient * self.reflect(point, dir, depth, w, purpose, seed);
            }
        }
        self.transparency = transparency;
        colour
    }

    /// The light reflected at `point` along `dir`.
    fn reflect(
        &mut self,
        point: DVec3,
        dir: DVec3,
        depth: u32,
        weight: f64,
        purpose: Purpose,
        seed: u64,
    ) -> DVec3 {
        let reflected = Ray::new(point, dir);
        let direct = std::mem::replace(&mut self.direct, false);
        let light = self.trace(&reflected, depth + 1, weight, purpose, hash(&[seed, 1]));
        self.direct = direct;
        light
    }

    /// A patterned texture: the entries either side of the pattern's value shaded
    /// whole, in the pattern's space, and blended (or, for `average`, all of them by
    /// weight).
    fn shade_map(
        &mut self,
        surface: &Surface,
        map: &LayerMap,
        uv: bool,
        at: &Shading,
        frame: &Frame,
    ) -> DVec3 {
        let q = map.pattern.warp(if uv { frame.uv } else { frame.pigment_point });
        let inner = Frame {
            pigment_point: q,
            normal_point: q,
            normal: map.frame.normal_in(frame.normal, true),
            uv: frame.uv,
            back: Some((&map.frame, frame)),
        };
        if matches!(map.pattern.kind(), PatternKind::Average) {
            // POV-Ray sums the weights in single precision.
            let (mut colour, mut transparency, mut total) = (DVec3::ZERO, 0.0, 0.0f32);
            for (w, stack) in &map.entries {
                let w32 = *w as f32;
                colour += self.shade_stack(surface, stack, at, &inner) * w32 as f64;
                transparency += self.transparency * w32 as f64;
                total += w32;
            }
            let total = if total != 0.0 { total as f64 } else { 1.0 };
            self.transparency = transparency / total;
            return colour / total;
        }
        let value = map.pattern.evaluate(q);
        let ((a, b), t) = bracket(&map.entries, value, |e| e.0);
        let cur = self.shade_stack(surface, &map.entries[b].1, at, &inner);
        if a == b {
            return cur;
        }
        let cur_transparency = self.transparency;
        let prev = self.shade_stack(surface, &map.entries[a].1, at, &inner);
        self.transparency += (cur_transparency - self.transparency) * t;
        prev + (cur - prev) * t
    }

    #[allow(clippy::too_many_arguments)]
    fn transmit(
        &mut self,
        surface: &Surface,
        ray: &Ray,
        point: DVec3,
        towards: Towards,
        depth: u32,
        weight: f64,
        purpose: Purpose,
        seed: u64,
    ) -> DVec3 {
        let Towards { normal, entering } = towards;
        let ior = surface.interior.ior;
        let dir = ray.direction.normalize();
        // Passing through the surface, the ray enters or leaves the object.
        let inside = self.inside;
        if !surface.hollow {
            self.inside = if entering {
                inside + 1
            } else {
                inside.saturating_sub(1)
            };
        }
        let mut crossed = self.cross_media(&surface.interior, entering);
        // Light refracted out of the object faded on its way through, as far as the ray
        // came inside it.
        let fade_inside = if entering {
            DVec3::ONE
        } else {
            fade::surface_fade(&surface.interior, (point - ray.origin).length())
        };
        if !self.scene.settings.reflections || (ior - 1.0).abs() < 1e-9 {
            let colour = self.trace(&Ray::new(point, dir), depth + 1, weight, purpose, seed);
            self.inside = inside;
            self.uncross_media(crossed);
            return colour * fade_inside;
        }
        let eta = if entering { 1.0 / ior } else { ior };
        let n = if dir.dot(normal) <= 0.0 { normal } else { -normal };
        let cos_i = -dir.dot(n);
        let k = 1.0 - eta * eta * (1.0 - cos_i * cos_i);
        let new_dir = if k < 0.0 {
            // Reflected inside: the ray stays where it was.
            self.inside = inside;
            self.uncross_media(crossed.take());
            dir + 2.0 * cos_i * n
        } else {
            eta * dir + (eta * cos_i - k.sqrt()) * n
        };
        let colour = self.trace(
            &Ray::new(point, new_dir),
            depth + 1,
            weight,
            purpose,
            hash(&[seed, 2]),
        );
        self.inside = inside;
        self.uncross_media(crossed);
        colour * fade_inside
    }

    /// Light from the lights that reach the surface: the scene's (unless a light group
    /// keeps them out), then its light group's.
    fn direct_light(
        &mut self,
        surface: &Surface,
        layer: &crate::render::world::Layer,
        paint: &Paint,
        lit: &LitBy,
        purpose: Purpose,
        seed: u64,
    ) -> DVec3 {
        let lighting = lit.lighting;
        let mut total = DVec3::ZERO;
        let scene_lights = self.scene.lights;
        if lighting.global_lights {
            total += self.light_from(surface, layer, paint, lit, purpose, seed, (scene_lights, 0));
        }
        if let Some(own) = lighting.group.and_then(|g| self.scene.light_groups.get(g)) {
            let first = if lighting.global_lights {
                scene_lights.len()
            } else {
                0
            };
            total += self.light_from(surface, layer, paint, lit, purpose, seed, (own, first));
        }
        total
    }

    /// Light from `lights.0`, numbered from `lights.1` on (for their seeds).
    #[allow(clippy::too_many_arguments)]
    fn light_from(
        &mut self,
        surface: &Surface,
        layer: &crate::render::world::Layer,
        paint: &Paint,
        lit: &LitBy,
        purpose: Purpose,
        seed: u64,
        (lights, first): (&[LightSource], usize),
    ) -> DVec3 {
        let LitBy {
            point,
            normal,
            view,
            collects,
            ..
        } = *lit;
        let finish = &layer.finish;
        let opacity = paint.opacity();
        let mut total = DVec3::ZERO;
        for (i, light) in lights.iter().enumerate() {
            let index = first + i;
            let Some(incidence) = light.incidence(point) else {
                continue;
            };
            let cos = normal.dot(incidence.direction);
            if cos <= 0.0 && !surface.double_illuminate {
                continue;
            }
            let Some(response) = Response::new(finish, opacity, normal, view, incidence.direction, cos.abs())
            else {
                continue;
            };
            let visible = if !self.scene.settings.shadows || (light.shadowless && light.through.is_none()) {
                DVec3::ONE
            } else {
                let full_area = purpose == Purpose::Image && self.scene.settings.area_lights;
                let light_seed = hash(&[seed, index as u64]);
                let stop = self.scene.stop;
                light.visibility(
                    point,
                    light_seed,
                    full_area,
                    &|| stop.load(Ordering::Relaxed),
                    |target| self.light_shadow(point, target, light, collects),
                )
            };
            if visible == DVec3::ZERO {
                continue;
            }
            let arriving = self.arriving(light, point, &incidence, visible);
            total += arriving * response.colour(finish, paint);
        }
        total
    }

    /// [`Tracer::shadow`] for a light projected through an object: none unless the way
    /// to the light passes through `through`, and then (unless the light is
    /// `shadowless`) only what lies between `from` and that object can block it, as in
    /// POV-Ray.
    fn shadow_projected(&mut self, through: &World, shadowless: bool, from: DVec3, target: DVec3) -> DVec3 {
        let offset = target - from;
        let distance = offset.length();
        if distance <= EPSILON {
            return DVec3::ZERO;
        }
        let ray = Ray::new(from, offset / distance);
        match through.nearest(&ray, EPSILON, distance, &mut self.scratch) {
            // POV-Ray's SMALL_TOLERANCE short of the object.
            Some(_) if shadowless => DVec3::ONE,
            Some(hit) => self.shadow(from, ray.at((hit.t - PROJECTION_GAP).max(0.0))),
            None => DVec3::ZERO,
        }
    }

    /// Light transmitted from `target` to `from` (per channel): 0 when blocked.
    pub fn shadow(&mut self, from: DVec3, target: DVec3) -> DVec3 {
        self.shadow_for(from, target, None)
    }

    /// [`Tracer::shadow`] of `from` from a light with `photons` switches: photon
    /// targets that refract its photons block it whole, when given.
    // Out of line, as `shadow` was before it took a light's photon switches.
    #[inline(never)]
    fn shadow_for(&mut self, from: DVec3, target: DVec3, photons: Option<&LightPhotons>) -> DVec3 {
        self.rays_traced += 1;
        let offset = target - from;
        let distance = offset.length();
        if distance <= EPSILON {
            return DVec3::ONE;
        }
        let ray = Ray::new(from, offset / distance);
        let mut filter = DVec3::ONE;
        // Crossings of surfaces whose interiors fade light or hold media, as (distance,
        // leaving, interior): crossings come in no particular order, so the stretches
        // inside each object are paired up once all are known.
        let mut crossings: smallvec::SmallVec<[(f64, bool, u32); 4]> = smallvec::SmallVec::new();
        let world = self.scene.world;
        let media_on = self.scene.settings.media;
        world.for_each_crossing(
            &ray,
            EPSILON,
            distance - EPSILON,
            &mut self.shadow_scratch,
            |hit, leaf| {
                let (t, outward) = (hit.t, hit.normal);
                let surface = &leaf.surface;
                if surface.no_shadow {
                    return false;
                }
                let blocks = photons.is_some_and(|light| {
                    let flags = world.photon_flags(hit.leaf);
                    flags.is_target() && flags.refracts(light)
                });
                if surface.opaque || blocks {
                    filter = DVec3::ZERO;
                    return true;
                }
                let from_inside = outward.dot(ray.direction) > 0.0;
                let at = ray.at(t);
                let interior = &*surface.interior;
                if (media_on && !interior.media.is_empty()) || fade::fades(interior) {
                    crossings.push((t, from_inside, hit.leaf));
                }
                let facing = if from_inside { -outward } else { outward }.normalize_or_zero();
                let shaded = pattern_surface::Surface {
                    normal: facing,
                    direction: ray.direction,
                    point: at,
                };
                fn interior_caustics(s: &Surface) -> Option<&crate::scene::Interior> {
                    (s.interior.caustics != 0.0).then_some(&*s.interior)
                }
                let uv = if surface.needs_uv() {
                    world.uv_point(hit.leaf, hit.triangle, at)
                } else {
                    DVec3::ZERO
                };
                let crossing = |caustics| ShadowCrossing {
                    caustics,
                    point: if surface.uv_object() { uv } else { at },
                    normal: facing,
                    direction: ray.direction,
                    perturb: true,
                    uv,
                };
                filter *= pattern_surface::shading(shaded, || match world.leaf_blob_textures(leaf, at) {
                    Some((textures, shares)) => {
                        let mut blended = DVec3::ZERO;
                        for (s, share) in textures.iter().zip(shares) {
                            let layers = s.facing(from_inside);
                            let (p, _) = s.shading_points(at, uv);
                            blended += stack_filter(layers, p, &crossing(interior_caustics(s))) * share;
                        }
                        blended
                    }
                    None => {
                        let layers = surface.facing(from_inside);
                        let (p, _) = surface.shading_points(at, uv);
                        stack_filter(layers, p, &crossing(interior_caustics(surface)))
                    }
                });
                filter.max_element() <= 0.0
            },
        );
        if filter.max_element() <= 0.0 || crossings.is_empty() {
            return filter;
        }
        filter * inside_objects(world, &mut crossings, &ray, media_on)
    }
}

/// What the stretches of a shadow ray inside objects do to its light, from the
/// crossings of their surfaces in any order: each object's interior fade and media over
/// the stretch from where the ray entered it (or from its start, if it started inside)
/// to where it leaves. `crossings`: (distance, leaving, leaf).
fn inside_objects(world: &World, crossings: &mut [(f64, bool, u32)], ray: &Ray, media_on: bool) -> DVec3 {
    crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut entered: smallvec::SmallVec<[(*const crate::scene::Interior, f64); 4]> =
        smallvec::SmallVec::new();
    let mut through = DVec3::ONE;
    for &(t, leaving, leaf) in crossings.iter() {
        let interior: &RenderInterior = &world.leaves[leaf as usize].surface.interior;
        // The parts of a CSG object each hold their own copy of its interior, sharing
        // the scene's.
        let key = Arc::as_ptr(&interior.interior);
        if !leaving {
            entered.push((key, t));
            continue;
        }
        let since = match entered.iter().rposition(|e| e.0 == key) {
            Some(at) => entered.remove(at).1,
            None => 0.0,
        };
        through *= fade::shadow_fade(interior, t - since);
        if media_on && !interior.media.is_empty() {
            through *= media_trace::extinction(interior, ray, since, t);
        }
    }
    through
}

/// How far short of a `projected_through` object its light's shadow rays stop: POV-Ray's
/// SMALL_TOLERANCE.
const PROJECTION_GAP: f64 = 1e-3;

/// The normal that refracts light at a surface (the top layer's, facing the ray), and
/// whether the ray enters the object there.
#[derive(Clone, Copy)]
struct Towards {
    normal: DVec3,
    entering: bool,
}

/// Whether a ray along `dir` meeting `normal` (facing it) reflects totally instead of
/// passing into or out of an interior of index `ior`.
/// How a layer's finish sends light arriving from `to_light` towards the viewer: its
/// diffuse and highlight strengths.
pub(crate) struct Response {
    diffuse: f64,
    highlight: f64,
}

impl Response {
    /// For light at `cos` (its cosine with the normal, made positive); `None` where
    /// the finish sends none of it back.
    #[inline]
    pub(crate) fn new(
        finish: &crate::scene::Finish,
        opacity: f64,
        normal: DVec3,
        view: DVec3,
        to_light: DVec3,
        cos: f64,
    ) -> Option<Response> {
        let diffuse = if finish.diffuse > 0.0 && opacity > 0.0 {
            finish.diffuse * cos.powf(finish.brilliance) * opacity
        } else {
            0.0
        };
        let mut highlight = 0.0;
        if finish.specular > 0.0 {
            let half = (to_light - view).normalize_or_zero();
            let c = half.dot(normal);
            if c > 0.0 {
                highlight += finish.specular * c.powf(1.0 / finish.roughness.max(1e-6));
            }
        }
        if finish.phong > 0.0 {
            let reflected = view - 2.0 * view.dot(normal) * normal;
            let c = reflected.dot(to_light);
            if c > 0.0 {
                highlight += finish.phong * c.powf(finish.phong_size);
            }
        }
        (diffuse > 0.0 || highlight > 0.0).then_some(Response { diffuse, highlight })
    }

    /// The colour white light becomes: the pigment's by the diffuse strength, the
    /// highlight's (white, or the pigment's as far as the finish is `metallic`).
    #[inline]
    pub(crate) fn colour(&self, finish: &crate::scene::Finish, paint: &Paint) -> DVec3 {
        let highlight_colour = if finish.metallic > 0.0 {
            DVec3::ONE.lerp(paint.rgb, finish.metallic)
        } else {
            DVec3::ONE
        };
        paint.rgb * self.diffuse + highlight_colour * self.highlight
    }
}

/// `dir` (unit) refracted through a surface of unit `normal` into (`entering`) or out
/// of an interior of index `ior`; `None` where it reflects back whole.
pub(crate) fn refracted(dir: DVec3, normal: DVec3, entering: bool, ior: f64) -> Option<DVec3> {
    if (ior - 1.0).abs() < 1e-9 {
        return Some(dir);
    }
    let eta = if entering { 1.0 / ior } else { ior };
    let n = if dir.dot(normal) <= 0.0 { normal } else { -normal };
    let cos_i = -dir.dot(n);
    let k = 1.0 - eta * eta * (1.0 - cos_i * cos_i);
    (k >= 0.0).then(|| eta * dir + (eta * cos_i - k.sqrt()) * n)
}

fn reflects_totally(dir: DVec3, normal: DVec3, entering: bool, ior: f64) -> bool {
    if (ior - 1.0).abs() < 1e-9 {
        return false;
    }
    let eta = if entering { 1.0 / ior } else { ior };
    let n = if dir.dot(normal) <= 0.0 { normal } else { -normal };
    let cos_i = -dir.dot(n);
    1.0 - eta * eta * (1.0 - cos_i * cos_i) < 0.0
}

/// How much of the light a layer reflects at incidence `cos`, `ior` being the ratio of
/// the indices of refraction across the surface (the object's over the outside's when
/// entering it): `fresnel` weighs `reflection`'s two colours by the Fresnel equation
/// for unpolarised light, as POV-Ray 3.7 does, otherwise by the falloff.
pub(crate) fn reflection_amount(finish: &crate::scene::Finish, paint: &Paint, cos: f64, ior: f64) -> DVec3 {
    let (min, max) = (finish.reflection_min, finish.reflection_max);
    if min == DVec3::ZERO && max == DVec3::ZERO {
        return DVec3::ZERO;
    }
    let cos = cos.clamp(0.0, 1.0);
    let mut amount = if min == max {
        max
    } else if finish.reflection_fresnel {
        min.lerp(max, fresnel(cos, ior))
    } else {
        min + (max - min) * (1.0 - cos).powf(finish.reflection_falloff)
    };
    if finish.reflection_metallic > 0.0 {
        amount *= DVec3::ONE.lerp(paint.rgb, finish.reflection_metallic);
    }
    amount
}

/// The direction a ray along `view` leaves a surface of (tilted) normal `normal` in,
/// kept out of the surface whose own normal is `raw` as POV-Ray 3.7 keeps it: a ray
/// the tilt would send into the surface is reflected off the untilted surface instead
/// when it also goes behind the tilted one, else mirrored back out across the surface.
pub(crate) fn reflected_direction(view: DVec3, normal: DVec3, raw: DVec3) -> DVec3 {
    let dir = view - 2.0 * view.dot(normal) * normal;
    let across = dir.dot(raw);
    if across >= 0.0 {
        dir
    } else if dir.dot(normal) < 0.0 {
        view - 2.0 * view.dot(raw) * raw
    } else {
        dir - 2.0 * across * raw
    }
}

/// What a layer with `conserve_energy` lets through of the light it does not reflect
/// (`amount`).
pub(crate) fn conserved(amount: DVec3) -> DVec3 {
    (DVec3::ONE - amount).min(DVec3::ONE)
}

/// The ratio of the indices of refraction across a surface of an object of index `ior`.
pub(crate) fn relative_ior(ior: f64, entering: bool) -> f64 {
    if entering {
        ior
    } else {
        1.0 / ior
    }
}

/// The share of unpolarised light a surface reflects at incidence `cos` with relative
/// index of refraction `ior`; all of it past the critical angle.
fn fresnel(cos: f64, ior: f64) -> f64 {
    let g_squared = ior * ior + cos * cos - 1.0;
    if g_squared <= 0.0 {
        return 1.0;
    }
    let g = g_squared.sqrt();
    let (minus, plus) = (g - cos, g + cos);
    let polarised = 0.5 * (minus * minus) / (plus * plus);
    let (a, b) = (cos * plus - 1.0, cos * minus + 1.0);
    (polarised * (1.0 + (a * a) / (b * b))).clamp(0.0, 1.0)
}

/// Where a shadow ray crosses a surface: what its layers' fake caustics need.
struct ShadowCrossing<'i> {
    /// The interior, when it asks for fake caustics.
    caustics: Option<&'i crate::scene::Interior>,
    point: DVec3,
    /// The surface's normal, facing the ray's origin.
    normal: DVec3,
    direction: DVec3,
    /// Whether the layers' normals tilt it (not inside a patterned texture).
    perturb: bool,
    /// The surface coordinates `(u, v, 0)`, for `uv_mapping` layers.
    uv: DVec3,
}

/// How much light a stack of layers lets through at `p` (the texture point): each
/// layer's filter and transmit, brightened by the fake caustics of each layer's normal;
/// a patterned texture's entries blended as they are shaded (their normals not
/// perturbed for the caustics).
fn stack_filter(layers: &[Layer], p: DVec3, crossing: &ShadowCrossing) -> DVec3 {
    if let [only] = layers {
        if let Some(map) = &only.map {
            let q = map.pattern.warp(if only.uv { crossing.uv } else { p });
            let plain = ShadowCrossing {
                point: q,
                perturb: false,
                ..*crossing
            };
            if matches!(map.pattern.kind(), PatternKind::Average) {
                let (mut sum, mut total) = (DVec3::ZERO, 0.0f32);
                for (w, stack) in &map.entries {
                    sum += stack_filter(stack, q, &plain) * (*w as f32) as f64;
                    total += *w as f32;
                }
                return if total != 0.0 { sum / total as f64 } else { sum };
            }
            let ((a, b), t) = bracket(&map.entries, map.pattern.evaluate(q), |e| e.0);
            let cur = stack_filter(&map.entries[b].1, q, &plain);
            if a == b {
                return cur;
            }
            return stack_filter(&map.entries[a].1, q, &plain).lerp(cur, t);
        }
    }
    let mut filter = DVec3::ONE;
    for layer in layers.iter().rev() {
        let at = if layer.uv { crossing.uv } else { p };
        let paint = layer.pigment.eval_at(at, Some(crossing.uv));
        filter *= DVec3::splat(paint.transmit) + paint.rgb * paint.filter;
        if let Some(interior) = crossing.caustics {
            let normal = match &layer.normal {
                Some(bumps) if crossing.perturb && (layer.uv || bumps.uv) => {
                    bumps.perturb(crossing.uv, crossing.normal)
                }
                Some(bumps) if crossing.perturb => bumps.perturb(crossing.point, crossing.normal),
                _ => crossing.normal,
            };
            filter *= fade::fake_caustics(interior, normal, crossing.direction);
        }
    }
    filter
}

/// What shading one hit needs, whatever layer is being shaded.
#[derive(Clone, Copy)]
struct Shading<'r> {
    ray: &'r Ray,
    point: DVec3,
    view: DVec3,
    /// The geometric normal, facing the ray.
    normal: DVec3,
    entering: bool,
    depth: u32,
    weight: f64,
    purpose: Purpose,
    seed: u64,
    point_seed: u64,
    /// The lights that reach the object hit.
    lighting: Lighting,
    /// The object takes light from the photon map (and is shadowed by photon targets).
    collects: bool,
}

/// Where a stack of layers is evaluated: the point its pigments see, the point and
/// normal its normals see, and how that normal's space goes back to the world.
struct Frame<'f> {
    pigment_point: DVec3,
    normal_point: DVec3,
    normal: DVec3,
    /// The surface coordinates `(u, v, 0)`, for `uv_mapping` layers (zero when no layer
    /// of the surface needs them).
    uv: DVec3,
    back: Option<(&'f NormalFrame, &'f Frame<'f>)>,
}

impl Frame<'_> {
    fn to_world(&self, n: DVec3) -> DVec3 {
        match self.back {
            None => n,
            Some((frame, outer)) => outer.to_world(frame.normal_out(n, true)),
        }
    }
}
