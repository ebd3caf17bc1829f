//! Radiosity's `gray_threshold`, `normal` and `always_sample`, against POV-Ray 3.7's
//! renders of the same scenes (64x48, no antialiasing, 16 bits).

use crate::render::film::output::{Image, PixelFormat};
use crate::render::options::RenderOptions;
use crate::sdl::tests::support::scene;

/// A white floor lit only by an orange wall's emission.
const WALL: &str = "global_settings { assumed_gamma 1 radiosity { count 60 error_bound 0.5 pretrace_start 0.08 pretrace_end 0.02 gray_threshold GREY } }
camera { location <0, 1, -3> look_at <0, 0.3, 0> }
plane { y, 0 pigment { rgb 1 } finish { ambient 0 diffuse 1 } }
box { <-3, 0, 1>, <3, 3, 1.1> pigment { rgb <1, 0.2, 0> } finish { ambient 0 emission 1 diffuse 0 } }";

/// A bumpy white floor under a sky that darkens towards the horizon.
const BUMPY: &str = "global_settings { assumed_gamma 1 radiosity { count 60 error_bound 0.5 pretrace_start 0.08 pretrace_end 0.02 normal NORMAL } }
camera { location <0, 2, -3> look_at <0, 0, 0> }
sky_sphere { pigment { gradient y color_map { [0 rgb 0] [1 rgb 1] } } }
plane { y, 0 pigment { rgb 1 } finish { ambient 0 diffuse 1 } normal { bumps 1.5 scale 0.3 } }";

fn render16(text: &str) -> (Image, usize) {
    let options = RenderOptions {
        width: 64,
        height: 48,
        threads: 2,
        format: PixelFormat {
            sixteen_bit: true,
            alpha: false,
        },
        ..RenderOptions::default()
    };
    let control = crate::render::RenderControl {
        progress: &|_, _| {},
        stop: &crate::budget::StopSignal::new(),
        memory: crate::budget::MemoryBudget::UNLIMITED,
        resume: None,
    };
    let (image, stats) = crate::render::render(&scene(text), &options, &control).expect("renders");
    (image, stats.radiosity_samples)
}

fn rgb(image: &Image, x: u32, y: u32) -> [f64; 3] {
    let p = image.pixel(x, y);
    [0, 2, 4].map(|i| u16::from_be_bytes([p[i], p[i + 1]]) as f64)
}

/// The standard deviation of the green channel over the image's lower half.
fn floor_spread(image: &Image) -> f64 {
    let values: Vec<f64> = (24..48)
        .flat_map(|y| (0..64).map(move |x| (x, y)))
        .map(|(x, y)| rgb(image, x, y)[1])
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / values.len() as f64).sqrt()
}

#[test]
fn gray_threshold_draws_indirect_light_towards_grey() {
    // POV-Ray 3.7.0's pixel (32, 40): <28189, 12655, 0> at 0, <17962, 17962, 17962> at 1.
    let (coloured, _) = render16(&WALL.replace("GREY", "0"));
    let (grey, _) = render16(&WALL.replace("GREY", "1"));
    let [r, g, b] = rgb(&coloured, 32, 40);
    assert!(
        (r / 28189.0 - 1.0).abs() < 0.05 && (g / 12655.0 - 1.0).abs() < 0.05 && b == 0.0,
        "{r} {g} {b}"
    );
    let [r, g, b] = rgb(&grey, 32, 40);
    assert!(
        r == g && g == b && (r / 17962.0 - 1.0).abs() < 0.05,
        "{r} {g} {b}"
    );
}

#[test]
fn radiosity_reads_the_surface_normal_unless_asked_for_the_layers() {
    // POV-Ray 3.7.0: green spreads 35/65535 over the floor with `normal off` (its
    // bumps take the sky's light as a flat floor does), 1631 with `normal on`.
    let (flat, _) = render16(&BUMPY.replace("NORMAL", "off"));
    let (bumpy, _) = render16(&BUMPY.replace("NORMAL", "on"));
    let (off, on) = (floor_spread(&flat), floor_spread(&bumpy));
    assert!(
        off < 300.0 && on > 700.0,
        "spread {off} with normal off, {on} with it on"
    );
}

#[test]
fn always_sample_takes_more_samples_in_the_final_render() {
    // One coarse pretrace pass leaves gaps for the final render to fill.
    let text = WALL
        .replace(
            "pretrace_end 0.02",
            "pretrace_end 0.08 nearest_count 10 always_sample SAMPLE",
        )
        .replace("GREY", "0");
    let (_, without) = render16(&text.replace("SAMPLE", "off"));
    let (_, with) = render16(&text.replace("SAMPLE", "on"));
    assert!(
        with > without,
        "{with} samples with always_sample, {without} without"
    );
}
