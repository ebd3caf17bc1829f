//! Renders a small scene at 16 bits and holds chosen pixels to POV-Ray's render of it.

use crate::budget::StopSignal;
use crate::render::film::output::Image;
use crate::render::film::output::PixelFormat;
use crate::render::options::RenderOptions;
use crate::render::{render, RenderControl};
use crate::scene::Scene;
use crate::sdl::tests::support::scene;

/// Renders `text` at `width` x `height` without antialiasing, 16 bits a channel, and
/// asserts that each probe's red, green and blue are within 2/65535 of `povray`'s (one
/// step is POV-Ray's own rounding of the same value).
pub fn assert_matches_povray(
    text: &str,
    width: u32,
    height: u32,
    probes: &[(u32, u32)],
    povray: &[[u32; 3]],
) {
    assert_scene_matches_povray(&scene(text), width, height, probes, povray);
}

/// [`assert_matches_povray`] for a scene already parsed (with other options).
pub fn assert_scene_matches_povray(
    scene: &Scene,
    width: u32,
    height: u32,
    probes: &[(u32, u32)],
    povray: &[[u32; 3]],
) {
    assert_eq!(probes.len(), povray.len(), "one POV-Ray pixel per probe");
    let options = RenderOptions {
        width,
        height,
        threads: 2,
        format: PixelFormat {
            sixteen_bit: true,
            alpha: false,
        },
        ..RenderOptions::default()
    };
    let image = render_with(scene, &options);
    for (&(x, y), want) in probes.iter().zip(povray) {
        let px = image.pixel(x, y);
        let got: Vec<u32> = px
            .chunks(2)
            .map(|b| u32::from(b[0]) << 8 | u32::from(b[1]))
            .collect();
        for (g, w) in got.iter().zip(want) {
            assert!(g.abs_diff(*w) <= 2, "pixel ({x}, {y}): {got:?}, POV-Ray {want:?}");
        }
    }
}

/// Renders `scene` with `options`, without limits or progress.
pub fn render_with(scene: &Scene, options: &RenderOptions) -> Image {
    try_render(scene, options).expect("render")
}

/// [`render_with`], for tests of renders that fail.
pub fn try_render(scene: &Scene, options: &RenderOptions) -> Result<Image, crate::render::RenderError> {
    let control = RenderControl {
        progress: &|_, _| {},
        stop: &StopSignal::new(),
        memory: crate::budget::MemoryBudget::UNLIMITED,
        resume: None,
    };
    render(scene, options, &control).map(|(image, _)| image)
}

/// Renders `text` at `width` x `height`, 8 bits a channel, on `threads` threads: for
/// tests that a scene renders at all, or of its 8-bit pixels.
pub fn render_plain(text: &str, width: u32, height: u32, threads: usize) -> Image {
    let options = RenderOptions {
        width,
        height,
        threads,
        ..RenderOptions::default()
    };
    render_with(&scene(text), &options)
}
