//! End-to-end renderer tests on scenes built in code.

use std::sync::atomic::AtomicBool;

use glam::DVec3;

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
    }
}

fn textured(shape: Shape, colour: Colour, finish: Finish) -> Object {
    let mut object = Object::new(shape);
    object.texture = vec![Texture {
        pigment: Pigment::solid(colour),
        finish,
        normal: None,
    }];
    object
}

fn scene(objects: Vec<Object>, radiosity: Option<Radiosity>) -> Scene {
    Scene {
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
        }],
        background: Colour::rgb(0.2, 0.3, 0.8),
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
    let hole = Object::new(Shape::Box {
        corner1: DVec3::new(-0.3, -2.0, -2.0),
        corner2: DVec3::new(0.3, 2.0, 2.0),
    });
    let mut cut = Object::new(Shape::Csg {
        op: CsgOp::Difference,
        children: vec![sphere, hole],
        cutaway_textures: true,
    });
    cut.transform = Some(glam::DMat4::from_rotation_y(0.4));
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
    }
}

fn run(scene: &Scene, options: &RenderOptions) -> super::film::output::Image {
    let cancel = AtomicBool::new(false);
    let control = RenderControl {
        progress: &|_, _| {},
        cancel: &cancel,
        resume: None,
    };
    render(scene, options, &control).expect("render").0
}

#[test]
fn sphere_is_lit_and_background_shows() {
    let image = run(&sample_scene(None), &options(2));
    let at = |x: u32, y: u32| image.pixels[(y * image.width + x) as usize];
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
    let sum = |img: &super::film::output::Image| {
        img.pixels
            .iter()
            .map(|p| p[0] as u64 + p[1] as u64 + p[2] as u64)
            .sum::<u64>()
    };
    assert!(sum(&with) > sum(&without), "radiosity should add light");
}

#[test]
fn rejects_absurd_sizes() {
    let cancel = AtomicBool::new(false);
    let control = RenderControl {
        progress: &|_, _| {},
        cancel: &cancel,
        resume: None,
    };
    let mut opts = options(1);
    opts.width = 100_000;
    assert!(render(&sample_scene(None), &opts, &control).is_err());
}

#[test]
fn cancelling_stops_the_render() {
    let cancel = AtomicBool::new(true);
    let control = RenderControl {
        progress: &|_, _| {},
        cancel: &cancel,
        resume: None,
    };
    assert!(matches!(
        render(&sample_scene(None), &options(1), &control),
        Err(super::RenderError::Cancelled(_))
    ));
}

#[test]
fn resumed_render_matches_an_uninterrupted_one() {
    let scene = sample_scene(Some(Radiosity {
        count: 30,
        ..Radiosity::default()
    }));
    let opts = options(2);
    let whole = run(&scene, &opts);

    let cancel = AtomicBool::new(false);
    let stop_after_two = |done: usize, _: usize| {
        if done >= 2 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let control = RenderControl {
        progress: &stop_after_two,
        cancel: &cancel,
        resume: None,
    };
    let Err(super::RenderError::Cancelled(finished)) = render(&scene, &opts, &control) else {
        panic!("the render should have been cancelled");
    };
    assert!(!finished.is_empty() && finished.len() < super::film::tiles::tiles(64, 48).len());
    let restored = super::film::partial::FinishedTiles::from_bytes(&finished.to_bytes()).unwrap();

    let cancel = AtomicBool::new(false);
    let control = RenderControl {
        progress: &|_, _| {},
        cancel: &cancel,
        resume: Some(&restored),
    };
    let (resumed, stats) = render(&scene, &opts, &control).unwrap();
    assert_eq!(stats.tiles_resumed, restored.len());
    assert_eq!(resumed, whole);
}
