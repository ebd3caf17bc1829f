//! End-to-end renderer tests on scenes built in code.

use std::time::Duration;

use glam::DVec3;

use crate::budget::{MemoryBudget, StopReason, StopSignal};
use crate::render::options::{Antialias, RenderOptions};
use crate::render::{render, RenderControl};
use crate::scene::*;

fn camera() -> Camera {
    Camera {
        projection: Projection::Perspective,
        location: DVec3::new(0.0, 0.0, -5.0),
        direction: DVec3::new(0.0, 0.0, 1.0),
        right: DVec3::new(4.0 / 3.0, 0.0, 0.0),
        up: DVec3::new(0.0, 1.0, 0.0),
        angle: Camera::DEFAULT_ANGLE,
        spherical: Camera::DEFAULT_SPHERICAL,
        mesh: None,
        normal: None,
        blur: None,
    }
}

fn textured(shape: Shape, colour: Colour, finish: Finish) -> Object {
    let mut object = Object::new(shape);
    object.texture = vec![Texture {
        pigment: Pigment::solid(colour),
        finish: std::sync::Arc::new(finish),
        normal: None,
        map: None,
        uv: false,
    }];
    object
}

fn scene(objects: Vec<Object>, radiosity: Option<Radiosity>) -> Scene {
    Scene {
        legacy_gamma: false,
        legacy_image_gamma: false,
        camera: camera(),
        objects,
        lights: vec![Light {
            position: DVec3::new(5.0, 10.0, -10.0),
            colour: DVec3::ONE,
            kind: LightKind::Point,
            area: Some(AreaLight {
                axis1: DVec3::new(2.0, 0.0, 0.0),
                axis2: DVec3::new(0.0, 0.0, 2.0),
                size1: 4,
                size2: 4,
                adaptive: 1,
                jitter: true,
                circular: false,
                orient: false,
            }),
            shadowless: false,
            fade_distance: 0.0,
            fade_power: 0.0,
            media_interaction: true,
            projected_through: None,
            media_attenuation: false,
            photons: Default::default(),
        }],
        background: Colour::rgb(0.2, 0.3, 0.8),
        legacy_background: false,
        sky_sphere: None,
        legacy_sky: false,
        fogs: Vec::new(),
        rainbows: Vec::new(),
        atmosphere: Vec::new(),
        global: GlobalSettings {
            assumed_gamma: Some(1.0),
            radiosity,
            ..GlobalSettings::default()
        },
        version: Some(3.7),
    }
}

fn sample_scene(radiosity: Option<Radiosity>) -> Scene {
    let sphere = textured(
        Shape::Sphere {
            center: DVec3::ZERO,
            radius: 1.0,
        },
        Colour::rgb(1.0, 0.2, 0.1),
        Finish {
            phong: 0.8,
            ..Finish::default()
        },
    );
    let floor = textured(
        Shape::Plane {
            normal: DVec3::Y,
            distance: -1.0,
        },
        Colour::WHITE,
        Finish {
            reflection_min: DVec3::splat(0.2),
            reflection_max: DVec3::splat(0.2),
            ..Finish::default()
        },
    );
    let hole = Object::new(Shape::Box(Box::new([
        DVec3::new(-0.3, -2.0, -2.0),
        DVec3::new(0.3, 2.0, 2.0),
    ])));
    let mut cut = Object::new(Shape::Csg {
        op: CsgOp::Difference,
        children: vec![sphere, hole],
        cutaway_textures: true,
    });
    cut.transform = Some(Box::new(glam::DMat4::from_rotation_y(0.4)));
    scene(vec![cut, floor], radiosity)
}

fn options(threads: usize) -> RenderOptions {
    RenderOptions {
        width: 64,
        height: 48,
        antialias: Some(Antialias {
            method: 2,
            threshold: 0.3,
            depth: 3,
            jitter: true,
            jitter_amount: 1.0,
        }),
        quality: 9,
        threads,
        ..RenderOptions::default()
    }
}

/// Controls for a render nobody stops, with no memory limit.
fn control(stop: &StopSignal) -> RenderControl<'_> {
    RenderControl {
        progress: &|_, _| {},
        stop,
        memory: MemoryBudget::UNLIMITED,
        resume: None,
    }
}

fn run(scene: &Scene, options: &RenderOptions) -> super::film::output::Image {
    render(scene, options, &control(&StopSignal::new()))
        .expect("render")
        .0
}

#[test]
fn sphere_is_lit_and_background_shows() {
    let image = run(&sample_scene(None), &options(2));
    let at = |x: u32, y: u32| image.pixel(x, y).to_vec();
    let corner = at(0, 0);
    assert!(corner[2] > corner[0], "background should be blue, got {corner:?}");
    // The sphere's lit left half (the right half is cut away around the middle).
    let sphere = at(25, 20);
    assert!(
        sphere[0] > 100 && sphere[0] > sphere[2],
        "sphere should be red, got {sphere:?}"
    );
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let scene = sample_scene(Some(Radiosity {
        count: 40,
        ..Radiosity::default()
    }));
    let one = run(&scene, &options(1));
    let four = run(&scene, &options(4));
    assert_eq!(one, four);
}

#[test]
fn radiosity_brightens_shadowed_parts() {
    let without = run(&sample_scene(None), &options(2));
    let with = run(
        &sample_scene(Some(Radiosity {
            count: 60,
            ..Radiosity::default()
        })),
        &options(2),
    );
    let sum = |img: &super::film::output::Image| img.pixels.iter().map(|&v| v as u64).sum::<u64>();
    assert!(sum(&with) > sum(&without), "radiosity should add light");
}

#[test]
fn rejects_absurd_sizes() {
    let mut opts = options(1);
    opts.width = 100_000;
    assert!(render(&sample_scene(None), &opts, &control(&StopSignal::new())).is_err());
}

#[test]
fn cancelling_stops_the_render() {
    let stop = StopSignal::new();
    stop.stop(StopReason::Requested);
    assert!(matches!(
        render(&sample_scene(None), &options(1), &control(&stop)),
        Err(super::RenderError::Cancelled(_))
    ));
}

#[test]
fn a_render_out_of_time_fails_for_good() {
    let stop = StopSignal::new();
    stop.stop(StopReason::TimeBudget(Duration::from_secs(7)));
    let error = render(&sample_scene(None), &options(1), &control(&stop)).unwrap_err();
    assert!(matches!(error, super::RenderError::OutOfTime(_)), "{error}");
    assert!(error.to_string().contains("time budget of 7 s"), "{error}");
}

#[test]
fn a_radiosity_pretrace_is_stopped_too() {
    let scene = sample_scene(Some(Radiosity {
        count: 400,
        ..Radiosity::default()
    }));
    let stop = StopSignal::new();
    let stopping = stop.clone();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        stopping.stop(StopReason::Requested);
    });
    let mut big = options(2);
    (big.width, big.height) = (1600, 1200);
    let started = std::time::Instant::now();
    let result = render(&scene, &big, &control(&stop));
    stopper.join().unwrap();
    assert!(matches!(result, Err(super::RenderError::Cancelled(_))));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_render_over_its_memory_budget_fails_with_the_budget_named() {
    // The process itself holds more than a kibibyte: the very first check fails.
    let stop = StopSignal::new();
    let control = RenderControl {
        memory: MemoryBudget::new(1 << 10),
        ..control(&stop)
    };
    let error = render(&sample_scene(None), &options(1), &control).unwrap_err();
    assert!(matches!(error, super::RenderError::OverBudget(_)), "{error}");
    assert!(error.to_string().contains("budget of 1.0 KiB"), "{error}");
}

#[test]
fn resumed_render_matches_an_uninterrupted_one() {
    let scene = sample_scene(Some(Radiosity {
        count: 30,
        ..Radiosity::default()
    }));
    let opts = options(2);
    let whole = run(&scene, &opts);

    let stop = StopSignal::new();
    let stop_after_two = |done: usize, _: usize| {
        if done >= 2 {
            stop.stop(StopReason::Requested);
        }
    };
    let interrupted = RenderControl {
        progress: &stop_after_two,
        ..control(&stop)
    };
    let Err(super::RenderError::Cancelled(finished)) = render(&scene, &opts, &interrupted) else {
        panic!("the render should have been cancelled");
    };
    assert!(!finished.is_empty() && finished.len() < super::film::tiles::tiles(64, 48).len());
    let restored = super::film::partial::FinishedTiles::from_bytes(&finished.to_bytes()).unwrap();

    let fresh = StopSignal::new();
    let resuming = RenderControl {
        resume: Some(&restored),
        ..control(&fresh)
    };
    let (resumed, stats) = render(&scene, &opts, &resuming).unwrap();
    assert_eq!(stats.tiles_resumed, restored.len());
    assert_eq!(resumed, whole);
}

#[test]
fn a_partial_render_traces_only_its_region_and_matches_the_full_render_there() {
    let scene = sample_scene(None);
    let full = run(&scene, &options(2));
    let region = crate::render::options::Region {
        rows: (10, 30),
        columns: (5, 40),
    };
    let partial = run(
        &scene,
        &RenderOptions {
            region: Some(region),
            ..options(2)
        },
    );
    for y in 0..full.height {
        for x in 0..full.width {
            if region.contains(x, y) {
                assert_eq!(partial.pixel(x, y), full.pixel(x, y), "({x}, {y}) inside");
            } else {
                assert_eq!(partial.pixel(x, y), [0, 0, 0], "({x}, {y}) outside");
            }
        }
    }
}

#[test]
fn file_gamma_encodes_as_povray_writes() {
    // POV-Ray 3.7.0, assumed_gamma 1 and background rgb <0.2, 0.5, 0.01>: sRGB gives
    // (124, 188, 25), File_Gamma=2.2 (123, 186, 31), File_Gamma=1.8 (104, 174, 20).
    let colour = glam::DVec3::new(0.2, 0.5, 0.01);
    for (file, want) in [
        (None, [124, 188, 25]),
        (Some(2.2), [123, 186, 31]),
        (Some(1.8), [104, 174, 20]),
    ] {
        let gamma = super::film::output::Gamma {
            assumed: 1.0,
            file,
            off: false,
            raw_images: false,
        };
        assert_eq!(gamma.encode_pixel(colour), want, "{file:?}");
    }
    let image = super::film::output::Image {
        width: 1,
        height: 1,
        format: super::film::output::PixelFormat::RGB8,
        pixels: vec![1, 2, 3],
        file_gamma: Some(2.2),
    };
    // A pre-3.7 scene without assumed_gamma: no correction, as POV-Ray 3.7.0 writes
    // background rgb 0.3 as 77 whatever File_Gamma says.
    let off = super::film::output::Gamma {
        assumed: 1.0,
        file: Some(2.2),
        off: true,
        raw_images: false,
    };
    assert_eq!(off.encode_pixel(glam::DVec3::splat(0.3)), [77, 77, 77]);
    assert_eq!(off.decode_texel(0.25, None), 0.25);
    let png = image.to_png().unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    let gamma = reader.info().source_gamma.expect("a gAMA chunk").into_value();
    assert!((gamma - 1.0 / 2.2).abs() < 1e-4, "{gamma}");
}

mod algebraic_shapes;
mod area_light_shape;
mod bicubic_patch;
mod blob;
mod cameras;
mod clipping;
mod emission;
mod fog;
mod fresnel;
mod height_field;
mod image_maps;
mod interior_fade;
mod interior_texture;
mod isosurface;
mod julia;
mod light_group;
mod looks_like;
mod media;
mod media_photons;
mod mesh2;
mod mesh_camera;
mod normals;
mod object_flags;
mod object_pattern;
mod output_formats;
mod ovus;
mod parametric;
mod photons;
mod polygon;
mod povray_probes;
mod projected_through;
mod radiosity_options;
mod radiosity_pretrace;
mod rainbow;
mod sky_sphere;
mod slope_aoi;
mod sphere_sweep;
mod sweep_shapes;
mod text;
mod texture_maps;
mod uv_mapping;

#[test]
fn more_bounces_bring_more_light() {
    let bounces = |recursion_limit| {
        run(
            &sample_scene(Some(Radiosity {
                count: 40,
                recursion_limit,
                ..Radiosity::default()
            })),
            &options(2),
        )
    };
    let sum = |img: &super::film::output::Image| img.pixels.iter().map(|&v| v as u64).sum::<u64>();
    let (one, two, three) = (sum(&bounces(1)), sum(&bounces(2)), sum(&bounces(3)));
    assert!(one < two && two <= three, "{one} {two} {three}");
}
