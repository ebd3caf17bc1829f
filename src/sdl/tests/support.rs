//! Helpers shared by the scene parser tests.

use std::path::Path;

use glam::DVec3;

use crate::scene::{Scene, Shape};
use crate::sdl::{parse_scene_str, ParseOptions, SceneError, Warning};

/// Parses `text` as a scene with default options.
pub fn parse(text: &str) -> Result<(Scene, Vec<Warning>), SceneError> {
    parse_scene_str("test.pov", text, Path::new("."), &ParseOptions::default())
}

/// Parses `text`, panicking with the rendered error on failure.
pub fn scene(text: &str) -> Scene {
    match parse(text) {
        Ok((s, _)) => s,
        Err(e) => panic!("parse failed:\n{e}"),
    }
}

/// The radii of the scene's objects, all spheres: tests that check values write them as
/// radii.
pub fn sphere_radii(s: &Scene) -> Vec<f64> {
    s.objects
        .iter()
        .map(|o| match &o.shape {
            Shape::Sphere { radius, .. } => *radius,
            other => panic!("expected a sphere, found {other:?}"),
        })
        .collect()
}

/// The centres of the scene's objects, all spheres: tests that check vectors write them
/// as centres.
pub fn sphere_centres(s: &Scene) -> Vec<DVec3> {
    s.objects
        .iter()
        .map(|o| match &o.shape {
            Shape::Sphere { center, .. } => *center,
            other => panic!("expected a sphere, found {other:?}"),
        })
        .collect()
}

/// Parses `text`, expecting an error.
pub fn error(text: &str) -> SceneError {
    match parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// Parses `text` with room for only `max_objects` objects, expecting an error.
pub fn error_with_object_limit(text: &str, max_objects: usize) -> SceneError {
    let opts = crate::sdl::ParseOptions {
        limits: crate::sdl::Limits {
            max_objects,
            ..Default::default()
        },
        ..Default::default()
    };
    match crate::sdl::parse_scene_str("t.pov", text, std::path::Path::new("."), &opts) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}
