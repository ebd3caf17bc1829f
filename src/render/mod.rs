//! The ray tracer: [`crate::scene::Scene`] in, image out.
//!
//! Rendering is a pure function of the scene and the options: tiles are independent
//! units of work whose result does not depend on which thread renders them or when,
//! so the same input gives the same bytes with one thread or many.

pub mod accel;
pub mod camera;
pub mod film;
pub mod focal_blur;
pub mod integrator;
pub mod lens;
pub mod lights;
pub mod mesh_lens;
pub mod options;
pub mod pattern;
pub mod photons;
pub mod ray;
pub mod sampling;
pub mod shapes;
pub mod texture;
pub mod transform;
pub mod variance;
pub mod world;

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use glam::DVec4;
use rayon::prelude::*;

use crate::budget::{MemoryBudget, OverBudget, StopReason, StopSignal};
use crate::scene::Scene;
use camera::CameraRays;
use film::output::{Gamma, Image, PixelFormat};
use film::partial::FinishedTiles;
use film::tiles::{tiles, Film, Tile};
use integrator::fog::Fogs;
use integrator::radiosity::{
    Bounce, CacheSettings, Irradiance, IrradianceCache, NoIrradiance, TileIrradiance,
};
use integrator::rainbow::Rainbows;
use integrator::tracer::{Background, TraceSettings, Tracer};
use lights::{LightSource, Projection};
use options::RenderOptions;
use texture::povray_noise::NoiseGenerator;
use world::World;

/// Largest image side and pixel count we agree to render.
pub const MAX_SIDE: u32 = 32_768;
pub const MAX_PIXELS: u64 = 200_000_000;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("image size {width}x{height} is out of range: each side must be 1..={MAX_SIDE} and the total at most {MAX_PIXELS} pixels")]
    BadSize { width: u32, height: u32 },
    /// Stopped on request; carries the tiles that were finished, for a checkpoint.
    #[error("the render was cancelled with {} tiles finished", .0.len())]
    Cancelled(Box<FinishedTiles>),
    #[error("the tiles to resume from are for a {0}x{1} image, not {2}x{3}")]
    ResumeMismatch(u32, u32, u32, u32),
    #[error("the tiles to resume from hold {0:?} pixels, not {1:?}")]
    ResumeFormat(PixelFormat, PixelFormat),
    #[error("could not start {threads} render threads: {message}")]
    Threads { threads: usize, message: String },
    #[error("the scene's photons would number more than {0}: give `photons {{ spacing }}` a larger value or set a `count` (and, for photons left in media, fewer `media` steps)")]
    TooManyPhotons(u64),
    #[error("could not encode the PNG: {0}")]
    Encode(String),
    #[error("{0}")]
    OverBudget(#[from] OverBudget),
    /// The job's time budget ran out: a permanent failure, unlike [`RenderError::Cancelled`].
    #[error("{}", StopReason::TimeBudget(*.0))]
    OutOfTime(Duration),
    #[error("the scene has more than {} light groups (each copy of a declared light_group is one)", u16::MAX - 1)]
    TooManyLightGroups,
}

/// Radiosity follows at most this many bounces of light, whatever `recursion_limit`
/// asks (POV-Ray allows 20; past a few, each adds little and costs a full pass).
const MOST_BOUNCES: u32 = 8;

/// Figures worth reporting about a finished render.
#[derive(Clone, Debug, Default)]
pub struct RenderStats {
    pub rays: u64,
    pub radiosity_samples: usize,
    /// Photons left on surfaces.
    pub photons: usize,
    /// Seconds before the first tile: photons shot, radiosity's pretrace.
    pub pretrace_seconds: f64,
    pub seconds: f64,
    pub threads: usize,
    pub tiles_rendered: usize,
    /// Tiles taken from [`RenderControl::resume`] instead of rendered.
    pub tiles_resumed: usize,
}

/// Callbacks and controls of a render in progress.
pub struct RenderControl<'a> {
    /// Called with (tiles done, tiles in all) as tiles finish.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Raised to stop the render early: [`RenderError::Cancelled`] when asked to,
    /// [`RenderError::OutOfTime`] when the job's time budget ran out. Polled in every
    /// phase: world build, radiosity pretrace, tiles.
    pub stop: &'a StopSignal,
    /// Memory the job may use, checked before the frame buffers and between tiles.
    pub memory: MemoryBudget,
    /// Tiles finished by an earlier, interrupted render of the same job.
    pub resume: Option<&'a FinishedTiles>,
}

pub fn render(
    scene: &Scene,
    options: &RenderOptions,
    control: &RenderControl,
) -> Result<(Image, RenderStats), RenderError> {
    let mut copy = scene.clone();
    render_consuming(&mut copy, options, control)
}

/// [`render`], taking the scene's objects out of `scene` and freeing each as soon as it
/// is compiled, so that the scene and its compiled world are never both held in full.
pub fn render_consuming(
    scene: &mut Scene,
    options: &RenderOptions,
    control: &RenderControl,
) -> Result<(Image, RenderStats), RenderError> {
    let (width, height) = (options.width, options.height);
    if width == 0
        || height == 0
        || width > MAX_SIDE
        || height > MAX_SIDE
        || width as u64 * height as u64 > MAX_PIXELS
    {
        return Err(RenderError::BadSize { width, height });
    }
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RenderError::Threads {
            threads,
            message: e.to_string(),
        })?;
    let objects = std::mem::take(&mut scene.objects);
    pool.install(|| render_in_pool(objects, scene, options, control, threads))
}

fn render_in_pool(
    objects: Vec<crate::scene::Object>,
    scene: &Scene,
    options: &RenderOptions,
    control: &RenderControl,
    threads: usize,
) -> Result<(Image, RenderStats), RenderError> {
    let started = Instant::now();
    let gamma = Gamma {
        assumed: scene.global.assumed_gamma.unwrap_or(1.0).clamp(0.1, 10.0),
        file: options.file_gamma,
        off: scene.legacy_gamma,
        raw_images: scene.legacy_image_gamma,
    };
    let decode = |v: f64, file| gamma.decode_texel(v, file);
    let stopped = || control.stop.is_stopped();
    // The finished image and the tiles' pixels on their way to it.
    let pixel_count = options.width as u64 * options.height as u64;
    let format = options.format;
    control
        .memory
        .reserve(pixel_count * 2 * format.bytes_per_pixel() as u64)?;
    let check = || -> Result<(), RenderError> {
        control.memory.check()?;
        if stopped() {
            return Err(stop_error(control, options));
        }
        Ok(())
    };
    let world = World::build_with_noise(
        objects,
        &decode,
        control.memory,
        &check,
        scene.global.noise_generator,
    )?;
    crate::budget::release_free_memory();
    let compile_light = |light: &crate::scene::Light| -> Result<LightSource, RenderError> {
        let mut compiled = LightSource::compile(light);
        if let Some(through) = &light.projected_through {
            let world = World::build_with_noise(
                vec![(*through.0).clone()],
                &decode,
                control.memory,
                &check,
                scene.global.noise_generator,
            )?;
            compiled.through = Some(Projection(Arc::new(world)));
        }
        Ok(compiled)
    };
    let lights = scene
        .lights
        .iter()
        .map(compile_light)
        .collect::<Result<Vec<_>, _>>()?;
    let light_groups = world
        .light_groups
        .iter()
        .map(|group| group.lights.iter().map(compile_light).collect())
        .collect::<Result<Vec<_>, RenderError>>()?;
    let sky = match &scene.sky_sphere {
        Some(sky) => Some(compile_sky(
            sky,
            &decode,
            control.memory,
            scene.global.noise_generator,
        )?),
        None => None,
    };
    let atmosphere = {
        let mut images = texture::pigment::ImageTexels::new(&decode, control.memory);
        scene
            .atmosphere
            .iter()
            .map(|m| {
                integrator::media::CompiledMedia::compile(m, None, &mut images, scene.global.noise_generator)
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let quality = options.quality;
    let camera_bumps = match &scene.camera.normal {
        Some(normal) => {
            let mut images = texture::pigment::ImageTexels::new(&decode, control.memory);
            Some(texture::normal::CompiledNormal::compile_in(
                normal,
                None,
                scene.global.noise_generator,
                &mut images,
            )?)
        }
        None => None,
    };
    let camera = CameraRays::new(&scene.camera, options.width, options.height).with_normal(camera_bumps);
    let settings = TraceSettings {
        background: Background::new(
            &scene.background,
            scene.legacy_background,
            sky,
            scene.legacy_sky,
            format.alpha,
        ),
        ambient_light: scene.global.ambient_light,
        max_trace_level: scene.global.max_trace_level.clamp(1, 256),
        adc_bailout: scene.global.adc_bailout.max(0.0),
        shadows: quality >= 4,
        area_lights: quality >= 5,
        reflections: quality >= 8,
        ambient_off: scene.global.radiosity.is_some() && quality >= 9 && !scene.legacy_sky,
        rainbows: Rainbows::new(&scene.rainbows),
        // POV-Ray computes media from quality 9 on.
        media: quality >= 9,
        atmosphere,
        camera_reach: camera.reach(),
        gather_media: scene.global.radiosity.as_ref().is_some_and(|r| r.media),
        fogs: Fogs {
            fogs: scene.fogs.clone(),
            generator: NoiseGenerator::from_number(i64::from(scene.global.noise_generator))
                .unwrap_or_default(),
        },
    };
    let rays = AtomicU64::new(0);
    // POV-Ray traces photons from quality 9 on, and not at all for `gather` at most 0.
    let photon_map = match (&scene.global.photons, quality >= 9) {
        (Some(photons), true) if photons.gather_max > 0 => {
            let levels = (
                photons.max_trace_level.unwrap_or(settings.max_trace_level),
                photons.adc_bailout.unwrap_or(settings.adc_bailout),
            );
            match photons::PhotonMap::build(
                &world,
                &lights,
                photons,
                levels,
                control.stop.flag(),
                control.memory,
            ) {
                Ok(map) => map,
                Err(photons::Unmade::Stopped) => return Err(stop_error(control, options)),
                Err(photons::Unmade::TooMany) => {
                    return Err(RenderError::TooManyPhotons(photons::MOST_PHOTONS))
                }
                Err(photons::Unmade::OverBudget(e)) => return Err(e.into()),
            }
        }
        _ => None,
    };
    control.memory.check()?;
    let tracer_scene = || integrator::tracer::Scene {
        world: &world,
        photons: photon_map.as_ref(),
        lights: &lights,
        light_groups: &light_groups,
        settings: &settings,
        stop: control.stop.flag(),
    };

    let all_tiles = tiles(options.width, options.height);
    let resume = match control.resume {
        Some(r) if (r.width, r.height) != (options.width, options.height) => {
            return Err(RenderError::ResumeMismatch(
                r.width,
                r.height,
                options.width,
                options.height,
            ))
        }
        Some(r) if r.format != format => return Err(RenderError::ResumeFormat(r.format, format)),
        Some(r) => Some(r),
        None => None,
    };
    let stored = |index: usize| {
        resume.and_then(|r| r.tiles.get(&(index as u32))).filter(|bytes| {
            let tile = &all_tiles[index];
            bytes.len() == (tile.width * tile.height) as usize * format.bytes_per_pixel()
        })
    };
    let to_render = (0..all_tiles.len()).filter(|&i| stored(i).is_none()).count();

    // One cache per bounce of light: the last lights the image; the one before it is
    // what the final render's own gather rays see where they land.
    let mut caches: Vec<IrradianceCache> = Vec::new();
    if let (Some(r), true) = (&scene.global.radiosity, quality >= 9 && to_render > 0) {
        let mut cache = IrradianceCache::new(CacheSettings::from_scene(
            r,
            camera.location(),
            camera.view_width(),
        ));
        let make_tracer = || Tracer::new(tracer_scene(), &NoIrradiance);
        if cache
            .pretrace(&camera, options.width, options.height, &make_tracer, &stopped)
            .is_err()
        {
            return Err(stop_error(control, options));
        }
        control.memory.check()?;
        caches.push(cache);
        for _ in 1..r.recursion_limit.clamp(1, MOST_BOUNCES) {
            let last = caches.last().expect("the first bounce");
            let bounce = Bounce(last);
            let make_tracer = || Tracer::new(tracer_scene(), &NoIrradiance).with_bounce(Some(&bounce));
            let Ok(next) = last.regather(&make_tracer, &stopped) else {
                return Err(stop_error(control, options));
            };
            control.memory.check()?;
            caches.push(next);
        }
    }
    let cache = caches.last();
    let bounce = caches.len().checked_sub(2).map(|i| Bounce(&caches[i]));
    let pretrace_seconds = started.elapsed().as_secs_f64();

    let film = Film {
        camera: &camera,
        width: options.width,
        height: options.height,
        antialias: options.antialias.as_ref(),
        alpha: format.alpha,
    };
    let done = AtomicUsize::new(all_tiles.len() - to_render);
    let added = AtomicUsize::new(0);
    let over_budget = AtomicBool::new(false);
    let rendered: Vec<Option<Vec<u8>>> = (0..all_tiles.len())
        .into_par_iter()
        .map(|index| {
            if let Some(pixels) = stored(index) {
                return Some(pixels.clone());
            }
            let tile = &all_tiles[index];
            let outside = |x: u32, y: u32| options.region.is_some_and(|r| !r.contains(x, y));
            // A tile wholly outside a partial render's region is black, untraced.
            if outside(tile.x, tile.y)
                && (tile.x..tile.x + tile.width)
                    .all(|x| (tile.y..tile.y + tile.height).all(|y| outside(x, y)))
            {
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                (control.progress)(finished, all_tiles.len());
                return Some(vec![
                    0u8;
                    (tile.width * tile.height) as usize * format.bytes_per_pixel()
                ]);
            }
            if stopped() || over_budget.load(Ordering::Relaxed) {
                return None;
            }
            if control.memory.check().is_err() {
                over_budget.store(true, Ordering::Relaxed);
                return None;
            }
            let linear = render_tile(
                &film,
                &all_tiles[index],
                cache,
                bounce.as_ref(),
                tracer_scene(),
                &rays,
                &added,
            );
            // A tile that saw the stop flag may have cut its work short: it is not kept.
            if stopped() {
                return None;
            }
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            (control.progress)(finished, all_tiles.len());
            // Pixels of the tile outside the region are black; those inside are traced
            // exactly as in a full render (antialiasing included).
            let mut encoded = Vec::with_capacity(linear.len() * format.bytes_per_pixel());
            for (i, pixel) in linear.iter().enumerate() {
                let (x, y) = (tile.x + i as u32 % tile.width, tile.y + i as u32 / tile.width);
                if outside(x, y) {
                    encoded.resize(encoded.len() + format.bytes_per_pixel(), 0);
                } else {
                    format.encode(&gamma, *pixel, &mut encoded);
                }
            }
            Some(encoded)
        })
        .collect();
    if over_budget.load(Ordering::Relaxed) {
        control.memory.check()?;
    }
    if rendered.iter().any(Option::is_none) {
        if let Some(StopReason::TimeBudget(budget)) = control.stop.reason() {
            return Err(RenderError::OutOfTime(budget));
        }
        let mut finished = FinishedTiles::new(options.width, options.height, format);
        for (index, pixels) in rendered.into_iter().enumerate() {
            if let Some(pixels) = pixels {
                finished.tiles.insert(index as u32, pixels);
            }
        }
        return Err(RenderError::Cancelled(Box::new(finished)));
    }

    let mut pixels = vec![0u8; pixel_count as usize * format.bytes_per_pixel()];
    for (tile, data) in all_tiles.iter().zip(rendered.into_iter().flatten()) {
        place(&mut pixels, options.width, format.bytes_per_pixel(), tile, &data);
    }
    let stats = RenderStats {
        rays: rays.load(Ordering::Relaxed),
        radiosity_samples: cache.map_or(0, |c| c.len()) + added.load(Ordering::Relaxed),
        photons: photon_map.as_ref().map_or(0, |m| m.len()),
        pretrace_seconds,
        seconds: started.elapsed().as_secs_f64(),
        threads,
        tiles_rendered: to_render,
        tiles_resumed: all_tiles.len() - to_render,
    };
    Ok((
        Image {
            width: options.width,
            height: options.height,
            format,
            pixels,
            file_gamma: options.file_gamma,
        },
        stats,
    ))
}

/// The `sky_sphere`'s pigments compiled as the objects' are (image maps decoded with
/// the scene's gamma, within the job's memory budget).
fn compile_sky(
    sky: &crate::scene::SkySphere,
    decode: texture::pigment::Decoder,
    memory: MemoryBudget,
    noise_generator: u8,
) -> Result<integrator::tracer::Sky, OverBudget> {
    let mut images = texture::pigment::ImageTexels::new(decode, memory);
    let pigments = sky
        .pigments
        .iter()
        .map(|p| texture::pigment::CompiledPigment::compile_in(p, &mut images, noise_generator))
        .collect::<Result<Vec<_>, _>>()?;
    let to_sky = if sky.transform.determinant().abs() > 1e-300 {
        sky.transform.inverse()
    } else {
        glam::DMat4::IDENTITY
    };
    Ok(integrator::tracer::Sky {
        pigments,
        emission: sky.emission,
        to_sky,
    })
}

/// The error for a render stopped before its tiles: out of time, or cancelled with the
/// tiles it resumed from (so that a checkpoint taken now keeps them).
fn stop_error(control: &RenderControl, options: &RenderOptions) -> RenderError {
    match control.stop.reason() {
        Some(StopReason::TimeBudget(budget)) => RenderError::OutOfTime(budget),
        _ => {
            RenderError::Cancelled(Box::new(control.resume.cloned().unwrap_or_else(|| {
                FinishedTiles::new(options.width, options.height, options.format)
            })))
        }
    }
}

fn render_tile(
    film: &Film,
    tile: &Tile,
    cache: Option<&IrradianceCache>,
    bounce: Option<&Bounce>,
    scene: integrator::tracer::Scene,
    rays: &AtomicU64,
    added: &AtomicUsize,
) -> Vec<DVec4> {
    let (pixels, traced) = match cache {
        Some(cache) => {
            let overlay = TileIrradiance::new(cache);
            let mut tracer = Tracer::new(scene, &overlay).with_bounce(bounce.map(|b| b as &dyn Irradiance));
            let pixels = film.render_tile(&mut tracer, *tile);
            added.fetch_add(overlay.added(), Ordering::Relaxed);
            (pixels, tracer.rays_traced)
        }
        None => {
            let mut tracer = Tracer::new(scene, &NoIrradiance);
            let pixels = film.render_tile(&mut tracer, *tile);
            (pixels, tracer.rays_traced)
        }
    };
    rays.fetch_add(traced, Ordering::Relaxed);
    pixels
}

fn place(pixels: &mut [u8], width: u32, pixel_size: usize, tile: &Tile, data: &[u8]) {
    let row_bytes = tile.width as usize * pixel_size;
    for row in 0..tile.height {
        let src = row as usize * row_bytes;
        let dst = ((tile.y + row) * width + tile.x) as usize * pixel_size;
        pixels[dst..dst + row_bytes].copy_from_slice(&data[src..src + row_bytes]);
    }
}

#[cfg(test)]
mod tests;
